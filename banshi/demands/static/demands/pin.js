// The demand form's map pin: the grids around the user drawn from our own GeoJSON (no tile
// server), a pin placed by a tap and dragged to adjust, "use my location", and the grid
// under the pin named as it moves. The pin fills the form's lat/lng fields; without
// JavaScript (or when the grids cannot be read) those number boxes stay and work as before.
(function () {
  "use strict";

  var GRID_STYLE = {
    color: "#8e1414", weight: 1.5, fillColor: "#e53935", fillOpacity: 0.08, interactive: false,
  };
  var PICKED_STYLE = { weight: 3, fillOpacity: 0.25 };

  // Ray casting over one ring of [lng, lat] pairs.
  function inRing(lng, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function inPolygon(lng, lat, rings) {
    if (!rings.length || !inRing(lng, lat, rings[0])) {
      return false;
    }
    for (var k = 1; k < rings.length; k++) {
      if (inRing(lng, lat, rings[k])) {
        return false; // in a hole
      }
    }
    return true;
  }

  function contains(geometry, lng, lat) {
    if (!geometry) {
      return false;
    }
    if (geometry.type === "Polygon") {
      return inPolygon(lng, lat, geometry.coordinates);
    }
    if (geometry.type === "MultiPolygon") {
      return geometry.coordinates.some(function (rings) {
        return inPolygon(lng, lat, rings);
      });
    }
    return false;
  }

  function start(box) {
    var mapEl = box.querySelector("[data-pin-map]");
    var tools = box.querySelector("[data-pin-tools]");
    var help = box.querySelector("[data-pin-help]");
    var coords = box.querySelector("[data-pin-coords]");
    var gridText = box.querySelector("[data-pin-grid]");
    var locate = box.querySelector("[data-pin-locate]");
    var status = box.querySelector("[data-pin-status]");
    var form = box.closest("form");
    var lat = form.querySelector("input[name=lat]");
    var lng = form.querySelector("input[name=lng]");
    var grids = [];
    var marker = null;
    var picked = null;

    mapEl.hidden = false;
    var map = L.map(mapEl, { attributionControl: false, zoomSnap: 0.25 });
    map.setView([Number(box.dataset.lat), Number(box.dataset.lng)], 13);

    function showGrid(point) {
      var found = null;
      grids.forEach(function (g) {
        if (!found && contains(g.feature.geometry, point.lng, point.lat)) {
          found = g;
        }
      });
      if (picked) {
        picked.layer.setStyle(GRID_STYLE);
      }
      picked = found;
      if (found) {
        found.layer.setStyle(PICKED_STYLE);
        gridText.textContent = (box.dataset.labelGrid || "") + found.feature.properties.name;
        box.dataset.grid = found.feature.properties.code;
      } else {
        gridText.textContent = box.dataset.labelOutside || "";
        box.dataset.grid = "";
      }
    }

    function place(point, pan) {
      if (!marker) {
        marker = L.marker(point, {
          draggable: true,
          keyboard: true,
          title: box.dataset.labelPin || "",
          alt: box.dataset.labelPin || "",
          icon: L.divIcon({
            className: "pin-marker", html: "<span></span>", iconSize: [22, 22], iconAnchor: [11, 26],
          }),
        }).addTo(map);
        marker.on("drag dragend", function () {
          place(marker.getLatLng(), false);
        });
      } else {
        marker.setLatLng(point);
      }
      lat.value = point.lat.toFixed(6);
      lng.value = point.lng.toFixed(6);
      showGrid(point);
      if (pan) {
        map.panTo(point);
      }
    }

    map.on("click", function (e) {
      place(e.latlng, false);
    });

    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = box.dataset.labelLocating || "";
        navigator.geolocation.getCurrentPosition(
          function (pos) {
            status.textContent = "";
            place(L.latLng(pos.coords.latitude, pos.coords.longitude), true);
            map.setZoom(Math.max(map.getZoom(), 16));
          },
          function () {
            status.textContent = box.dataset.labelNoLocation || "";
          },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      });
    }

    fetch(box.dataset.pinGrids, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function () {
            return GRID_STYLE;
          },
          onEachFeature: function (feature, featureLayer) {
            grids.push({ feature: feature, layer: featureLayer });
          },
        }).addTo(map);
        if (grids.length) {
          // No animation: the page (and a test) may measure the grids as soon as they are drawn.
          map.fitBounds(layer.getBounds(), { padding: [12, 12], animate: false });
        }
        // The pin now fills the coordinates: the number boxes step aside.
        coords.classList.add("is-pinned");
        tools.hidden = false;
        help.hidden = false;
        if (lat.value && lng.value && !isNaN(Number(lat.value)) && !isNaN(Number(lng.value))) {
          place(L.latLng(Number(lat.value), Number(lng.value)), true);
        }
        box.dataset.loaded = "1";
      })
      .catch(function () {
        // No grids: keep the number boxes, and say why the map is empty.
        status.textContent = box.dataset.labelError || "";
        box.dataset.loaded = "error";
      });
  }

  function ready() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-pin]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
