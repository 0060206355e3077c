/* The search worker's start inside iframe-worker's iframe (see iframe-worker-shim.js): what the
   original shim wrote as an inline script, as a file, so the Content-Security-Policy allows it.
   iframe-worker 1.0.4 (https://github.com/squidfunk/iframe-worker), MIT License, Copyright (c)
   2020-2022 Martin Donath. */
"use strict";
(function () {
  var worker = document.currentScript.getAttribute("data-worker");
  window.postMessage = function (s, n) { parent.postMessage(s, n || "*"); };
  window.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (n, e) {
      return n.then(function () {
        return new Promise(function (r) {
          var t = document.createElement("script");
          t.src = e; t.onload = r; document.body.appendChild(t);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", {filename: worker, error: event.error}));
  });
  var script = document.createElement("script");
  script.src = worker + "?" + Date.now();
  document.body.appendChild(script);
})();
