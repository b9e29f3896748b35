// Small enhancements of the pages (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) { return; }
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (target) { navigator.clipboard.writeText(target.textContent.trim()); }
  });
  // Ask before rejecting or deciding "different": these change what later runs do.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-confirm") && !window.confirm(submitter.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
}());
