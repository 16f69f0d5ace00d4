// The "Print" button of a saved budget and of a comparison: the browser's own print, the
// same as Ctrl+P (the page prints as an A4 document). Without JavaScript the button stays
// hidden and the hint beside it says Ctrl+P.
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
