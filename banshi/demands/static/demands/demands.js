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
