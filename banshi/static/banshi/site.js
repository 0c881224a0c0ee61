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

  // A long select (a grid's 385 households) gets a search box above it: each word typed
  // must appear in an option's text; options that do not match are hidden, a single match is
  // chosen. The words come from the select's data attributes (translated in the template).
  function searchable(select) {
    // A select filled on the server asks for the box only when it is long (data-search-min).
    if (select.options.length <= Number(select.dataset.searchMin || 0)) {
      return;
    }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-search";
    box.placeholder = select.dataset.search;
    box.setAttribute("aria-label", select.dataset.search);
    box.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.className = "muted small select-search-status";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase().split(/[\s,，、-]+/).filter(Boolean);
      var shown = [];
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) {
          return;
        }
        var text = (option.textContent + " " + (option.dataset.keys || "")).toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match) {
          shown.push(option);
        }
      });
      if (shown.length === 1) {
        select.value = shown[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      status.textContent = words.length
        ? (select.dataset.searchCount || "%(n)s").replace("%(n)s", String(shown.length))
        : "";
    });
  }

  ready(function () {
    document.querySelectorAll("select[data-search]").forEach(searchable);
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
