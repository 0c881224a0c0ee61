// Demand pages: fill the location from the device (the form works without it).
(function () {
  "use strict";

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
        function () { status.textContent = "已复制"; },
        function () { status.textContent = "无法复制，请长按链接复制"; }
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
})();
