// Printing opens every fold (<details>), so a printed guide page or card holds all its options;
// closing them again afterwards. Without JavaScript the print stylesheet opens them too.
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
