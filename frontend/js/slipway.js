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

  // A page answered straight from a form post (one that shows a secret once) names the address it stands for, so the
  // address bar shows it and reloading asks for that page instead of posting the form again.
  if (document.body.dataset.canonicalUrl) {
    window.history.replaceState(null, "", document.body.dataset.canonicalUrl);
  }

  // Ask before deleting: forms marked data-confirm show the question first.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // A home panel that fails says so in its own place; the other panels stay as they are.
  document.addEventListener("htmx:responseError", function (event) {
    var panel = event.detail.elt;
    if (!panel.classList || !panel.classList.contains("home-panel")) return;
    var message = panel.querySelector("p") || panel.appendChild(document.createElement("p"));
    message.className = "flash flash-error";
    message.setAttribute("role", "alert");
    message.textContent = event.detail.xhr.status === 403 ? "You may not read this panel."
      : "This panel could not load just now (Slipway answered " + event.detail.xhr.status + "). Reload the page to try again.";
  });

  // A failed htmx request must not fail silently: show what went wrong above the page.
  document.addEventListener("htmx:responseError", function (event) {
    showError("Slipway answered " + event.detail.xhr.status + ". Nothing was changed; try again or reload the page.");
  });
  document.addEventListener("htmx:sendError", function () {
    showError("Slipway could not be reached. Check your connection and try again.");
  });

  // Grants count down in the page: "1 h 59 min left", and a bar that empties as the time runs out.
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-ends-at]").forEach(function (element) {
      element.textContent = describeLeft(Date.parse(element.getAttribute("data-ends-at")) - now);
    });
    document.querySelectorAll("progress.countdown-bar[data-ends-at]").forEach(function (bar) {
      bar.value = Math.max(0, (Date.parse(bar.getAttribute("data-ends-at")) - now) / 1000);
    });
  }

  function describeLeft(millis) {
    if (millis <= 0) return "expired";
    var seconds = Math.floor(millis / 1000);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    if (days > 0) return days + " d " + hours + " h left";
    if (hours > 0) return hours + " h " + minutes + " min left";
    if (minutes > 0) return minutes + " min " + (seconds % 60) + " s left";
    return seconds + " s left";
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  window.setInterval(tick, 1000);

  // Uploads show their progress: a form marked data-upload-progress fills its progress bar as htmx sends it.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-upload-progress]") : null;
    if (!form || !event.detail.lengthComputable || !event.detail.total) return;
    var box = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress.upload-bar");
    var label = form.querySelector(".upload-label");
    var percent = Math.floor(event.detail.loaded * 100 / event.detail.total);
    if (box) box.hidden = false;
    if (bar) {
      bar.value = percent;
      bar.textContent = percent + " %";
    }
    if (label) {
      label.textContent = percent < 100 ? "Uploading… " + percent + " %" : "Uploaded; starting the import…";
    }
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
