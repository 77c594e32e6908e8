// Portal behaviour that htmx attributes cannot express on their own.
(function () {
  "use strict";

  // Every state-changing htmx request carries the CSRF token, as a header.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Ask before deleting: forms marked data-confirm show the question first.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // A failed htmx request must not fail silently: show what went wrong above the page.
  document.addEventListener("htmx:responseError", function (event) {
    showError("Slipway answered " + event.detail.xhr.status + ". Nothing was changed; try again or reload the page.");
  });
  document.addEventListener("htmx:sendError", function () {
    showError("Slipway could not be reached. Check your connection and try again.");
  });

  function showError(message) {
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.getElementById("htmx-error") || document.createElement("div");
    box.id = "htmx-error";
    box.className = "flash flash-error";
    box.setAttribute("role", "alert");
    box.textContent = message;
    main.insertBefore(box, main.firstChild);
  }
})();
