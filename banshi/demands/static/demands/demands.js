// Demand pages: fill the location from the device, copy the tracking link, filter the unit
// select of 派单/改派 by name (each page works without it).
(function () {
  "use strict";

  // The words come from Django's JavaScript catalog (/jsi18n/, loaded before this file);
  // without it they stay in Chinese.
  function _(text) {
    return window.gettext ? window.gettext(text) : text;
  }
  function fmt(translated, values) {
    return window.interpolate
      ? window.interpolate(translated, values, true)
      : translated.replace(/%\((\w+)\)s/g, function (m, k) { return String(values[k]); });
  }

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // The tracking link's copy button (shown only where the clipboard can be written).
  ready(function () {
    var copy = document.querySelector("[data-copy]");
    if (!copy || !navigator.clipboard) {
      return;
    }
    var status = document.querySelector("[data-copy-status]");
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(
        function () { status.textContent = _("已复制"); },
        function () { status.textContent = _("无法复制，请长按链接复制"); }
      );
    });
  });

  ready(function () {
    var button = document.querySelector("[data-locate]");
    if (!button || !navigator.geolocation) {
      return;
    }
    var status = document.querySelector("[data-locate-status]");
    var lat = document.querySelector("input[name=lat]");
    var lng = document.querySelector("input[name=lng]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(6);
          lng.value = pos.coords.longitude.toFixed(6);
          status.textContent = lat.value + ", " + lng.value;
        },
        function (err) {
          status.textContent = err.message;
        },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  });

  // The unit select (grouped by level) gets a search box that hides the options whose
  // name does not contain what is typed, and the groups left empty.
  ready(function () {
    var boxes = document.querySelectorAll("[data-filter-for]");
    Array.prototype.forEach.call(boxes, function (box) {
      var id = box.getAttribute("data-filter-for");
      var select = document.getElementById(id);
      var status = document.querySelector('[data-filter-status="' + id + '"]');
      if (!select) {
        return;
      }
      box.closest("label").hidden = false;
      box.addEventListener("input", function () {
        var q = box.value.trim();
        var shown = 0;
        Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
          var visible = 0;
          Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
            var match = !q || option.textContent.indexOf(q) !== -1;
            option.hidden = !match;
            option.disabled = !match;
            visible += match ? 1 : 0;
          });
          group.hidden = visible === 0;
          shown += visible;
        });
        var chosen = select.selectedOptions[0];
        if (chosen && chosen.hidden) {
          select.value = "";
        }
        if (status) {
          status.textContent = q ? fmt(_("找到 %(n)s 个单位"), { n: shown }) : "";
        }
      });
    });
  });
})();
