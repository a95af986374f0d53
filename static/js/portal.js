// Small behaviours of the portal's pages, wired by data attributes: the CSP forbids inline handlers.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    // <input data-select-on-click>: one click selects the whole value, ready to copy.
    var field = target.closest("[data-select-on-click]");
    if (field && typeof field.select === "function") {
      field.select();
    }
    // <button data-print>: opens the browser's print dialogue.
    if (target.closest("[data-print]")) {
      window.print();
    }
  });
})();
