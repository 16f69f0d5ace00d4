// The helpers of the saved budget and of the comparison of two versions; each page works
// without them.
// - "Print" is the browser's own print, the same as Ctrl+P (the page prints as an A4
//   document); without JavaScript the button stays hidden and the hint beside it says Ctrl+P;
// - an error summary gets the focus, so a screen reader reads it and Tab goes to its links.
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
