// The venue registry's maps, without a tile server: the grids around the user (our own
// GeoJSON, drawn faintly and not clickable) under the venues as pins.
//
// - .venue-map[data-venues]: the list's map; every venue with coordinates from the GeoJSON
//   endpoint, each pin's popup naming the venue and linking to its page;
// - .venue-map[data-lat][data-lng]: one venue's pin (its page);
// - .venue-map[data-pick]: the form's map; a tap places the pin and fills the inputs named
//   by data-lat-input / data-lng-input, and typing coordinates moves the pin.
// Strings come from the container's data-label-* attributes.
(function () {
  "use strict";

  var GRID_STYLE = {
    color: "#8e1414", weight: 1, fillColor: "#e53935", fillOpacity: 0.06, interactive: false,
  };
  var COLOURS = {
    red_base: "#b71c1c", meeting_room: "#0d47a1", field: "#2e7d32", school: "#6a1b9a",
    other: "#5f6b76",
  };
  var CENTRE = [40.81, 111.7]; // 呼和浩特, when there is nothing to fit
  var ONE_ZOOM = 16;

  function pin(kind) {
    var colour = COLOURS[kind] || COLOURS.other;
    return L.divIcon({
      className: "pin-marker venue-pin venue-pin-" + (COLOURS[kind] ? kind : "other"),
      html: '<span style="background:' + colour + '"></span>',
      iconSize: [22, 22],
      iconAnchor: [11, 26],
      popupAnchor: [0, -24],
    });
  }

  function marker(latlng, kind, name) {
    return L.marker(latlng, { icon: pin(kind), title: name, alt: name, keyboard: true });
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value || "";
    if (className) {
      node.className = className;
    }
    return node;
  }

  function popup(el, props) {
    var box = document.createElement("div");
    box.className = "map-popup venue-popup";
    box.appendChild(text("strong", props.name));
    box.appendChild(text("div", props.kind_label));
    if (props.address) {
      box.appendChild(text("div", props.address, "muted"));
    }
    box.appendChild(text("div", (el.dataset.labelHeld || "") + " " + props.held));
    var a = text("a", el.dataset.labelOpen || props.name, "venue-open");
    a.href = props.url;
    box.appendChild(document.createElement("div")).appendChild(a);
    return box;
  }

  function fetchJSON(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body.error || String(response.status));
        }
        return body;
      });
    });
  }

  function newMap(el) {
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    map.createPane("venue-grids").style.zIndex = 350; // under the pins and popups
    return map;
  }

  // The grids are only a background: when they cannot be read the pins are still drawn.
  function drawGrids(el, map) {
    if (!el.dataset.grids) {
      return Promise.resolve(null);
    }
    return fetchJSON(el.dataset.grids)
      .then(function (data) {
        var style = Object.assign({ pane: "venue-grids" }, GRID_STYLE);
        var layer = L.geoJSON(data, { style: function () { return style; } }).addTo(map);
        return layer.getLayers().length ? layer : null;
      })
      .catch(function () {
        return null;
      });
  }

  function fail(el, message) {
    el.dataset.loaded = "error";
    el.appendChild(text("p", message || el.dataset.labelError, "map-empty"));
  }

  function fitOr(map, bounds, grids) {
    if (bounds && bounds.isValid()) {
      // Clear of the zoom buttons at the top left, so every pin can be tapped.
      map.fitBounds(bounds, {
        paddingTopLeft: [60, 40], paddingBottomRight: [28, 16], maxZoom: ONE_ZOOM, animate: false,
      });
    } else if (grids) {
      map.fitBounds(grids.getBounds(), { padding: [8, 8], animate: false });
    } else {
      map.setView(CENTRE, 12, { animate: false });
    }
  }

  function initList(el) {
    var map = newMap(el);
    var grids = drawGrids(el, map);
    var venues = fetchJSON(el.dataset.venues);
    Promise.all([grids, venues])
      .then(function (results) {
        var group = L.featureGroup();
        (results[1].features || []).forEach(function (f) {
          var props = f.properties || {};
          var c = f.geometry.coordinates;
          var m = marker([c[1], c[0]], props.kind, props.name);
          m.bindPopup(function () {
            return popup(el, props);
          });
          m.on("add", function () {
            m.getElement().dataset.venue = String(props.pk);
          });
          group.addLayer(m);
        });
        group.addTo(map);
        var count = group.getLayers().length;
        fitOr(map, count ? group.getBounds() : null, results[0]);
        if (!count) {
          el.appendChild(text("p", el.dataset.labelEmpty, "map-empty"));
        }
        el.dataset.markers = String(count);
        el.dataset.loaded = "1";
      })
      .catch(function (error) {
        map.setView(CENTRE, 12, { animate: false });
        fail(el, error.message);
      });
  }

  function initOne(el) {
    var map = newMap(el);
    var point = L.latLng(Number(el.dataset.lat), Number(el.dataset.lng));
    marker(point, el.dataset.kind, el.dataset.name || "").addTo(map);
    map.setView(point, ONE_ZOOM, { animate: false });
    drawGrids(el, map).then(function () {
      el.dataset.markers = "1";
      el.dataset.loaded = "1";
    });
  }

  function number(input) {
    var v = input && input.value.trim() !== "" ? Number(input.value) : NaN;
    return isFinite(v) ? v : null;
  }

  function initPick(el) {
    var lat = document.getElementById(el.dataset.latInput);
    var lng = document.getElementById(el.dataset.lngInput);
    if (!lat || !lng) {
      return;
    }
    var map = newMap(el);
    var picked = null;

    function show(point) {
      if (!picked) {
        picked = marker(point, "red_base", el.getAttribute("aria-label") || "").addTo(map);
      } else {
        picked.setLatLng(point);
      }
    }

    function fromInputs() {
      var a = number(lat), b = number(lng);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        show(L.latLng(a, b));
        return L.latLng(a, b);
      }
      return null;
    }

    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lng.value = e.latlng.lng.toFixed(6);
      show(e.latlng);
      el.dataset.picked = "1";
    });
    [lat, lng].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = fromInputs();
        if (point) {
          map.panTo(point, { animate: false });
        }
      });
    });
    var start = fromInputs();
    if (start) {
      map.setView(start, ONE_ZOOM, { animate: false });
    }
    drawGrids(el, map).then(function (grids) {
      if (!start) {
        fitOr(map, null, grids);
      }
      el.dataset.loaded = "1";
    });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll(".venue-map[data-venues]").forEach(initList);
    document.querySelectorAll(".venue-map[data-lat][data-lng]").forEach(initOne);
    document.querySelectorAll(".venue-map[data-pick]").forEach(initPick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
