// Checking a big PDF takes a few seconds: the button says so and cannot be pressed twice.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]")) {
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (!button) {
      return;
    }
    if (button.disabled) {
      event.preventDefault();
      return;
    }
    // After the submission has started, so that the form is still sent.
    window.setTimeout(function () {
      button.disabled = true;
      button.textContent = form.dataset.busy;
    }, 0);
    form.setAttribute("aria-busy", "true");
  });
})();
