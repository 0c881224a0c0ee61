// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    // Language switch submits on change; the button stays for keyboards and no-JS.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
    document.querySelectorAll(".js-hide").forEach(function (el) {
      el.hidden = true;
    });
    // Tree toggles: after the first load the children are already there; just fold them.
    document.body.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-toggle]");
      if (!button) {
        return;
      }
      var target = document.getElementById(button.getAttribute("data-toggle"));
      if (!target || !target.dataset.loaded) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      target.hidden = open;
    }, true);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail.target;
      if (target && target.classList.contains("children")) {
        target.dataset.loaded = "1";
        target.hidden = false;
        var button = document.querySelector("button[data-toggle='" + target.id + "']");
        if (button) {
          button.setAttribute("aria-expanded", "true");
        }
      }
    });
  });
})();
