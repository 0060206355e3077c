// The cards page's print button: shown only when JavaScript runs (without it, the page says to use
// the browser's Print command, which prints the same way).
(function () {
  var button = document.querySelector(".atlas-print-button");
  if (!button || typeof window.print !== "function") return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
