// Practice progress, kept in this browser only (localStorage): nothing is sent anywhere. Without
// JavaScript, or with storage blocked, the exercises work the same and show no progress.
(function () {
  var KEY = "atlas-practice";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(progress) {
    try { window.localStorage.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* storage off */ }
  }
  function done(entry) { return entry && "notice" in entry && "respond" in entry; }

  // A feedback page: remember the first answer to each question (best or not).
  function record() {
    var result = document.querySelector(".atlas-practice-result[data-exercise]");
    if (!result) return;
    var progress = load();
    var entry = progress[result.dataset.exercise] || {};
    if (!(result.dataset.question in entry)) entry[result.dataset.question] = result.dataset.best === "yes";
    progress[result.dataset.exercise] = entry;
    save(progress);
  }

  function describe(entry) {
    var best = (entry.notice ? 1 : 0) + (entry.respond ? 1 : 0);
    return "done: " + best + " of 2 first answers were the best fit";
  }

  // The practice index and each start page: show what this browser has kept, with a way to clear it.
  function show() {
    var progress = load();
    var items = document.querySelectorAll("li[data-exercise]");
    var ids = {};
    items.forEach(function (li) {
      ids[li.dataset.exercise] = true;
      var old = li.querySelector(".atlas-done");
      if (old) old.remove();
      var entry = progress[li.dataset.exercise];
      if (done(entry)) {
        var mark = document.createElement("span");
        mark.className = "atlas-done";
        mark.textContent = " · " + describe(entry);
        li.appendChild(mark);
      }
    });
    var summary = document.querySelector(".atlas-practice-summary");
    if (summary) {
      var total = Object.keys(ids).length;
      var finished = Object.keys(ids).filter(function (id) { return done(progress[id]); }).length;
      summary.querySelector(".atlas-practice-count").textContent =
        "You have done " + finished + " of " + total + " exercises in this browser.";
      summary.hidden = false;
    }
    var here = document.querySelector(".atlas-practice-progress[data-exercise]");
    if (here && done(progress[here.dataset.exercise])) {
      here.textContent = "You have done this exercise before in this browser (" + describe(progress[here.dataset.exercise]) + ").";
      here.hidden = false;
    }
  }

  function start() {
    record();
    show();
    var clear = document.querySelector(".atlas-practice-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        try { window.localStorage.removeItem(KEY); } catch (e) { /* storage off */ }
        show();
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
