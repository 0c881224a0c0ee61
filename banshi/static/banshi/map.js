// Grid maps without a tile server: the polygons (and building points) from a GeoJSON
// endpoint named in the container's data-geojson attribute, on a plain background.
(function () {
  "use strict";

  var GRID_STYLE = { color: "#b71c1c", weight: 2, fillColor: "#e53935", fillOpacity: 0.15 };
  var HOVER_STYLE = { weight: 3, fillOpacity: 0.3 };

  function popupContent(el, props) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = props.name || "";
    box.appendChild(title);
    if (props.households !== undefined) {
      var line = document.createElement("div");
      line.textContent = (el.dataset.labelHouseholds || "") + " " + props.households;
      box.appendChild(line);
    }
    if (props.url && props.kind === "grid" && props.url !== window.location.pathname) {
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = el.dataset.labelOpen || props.url;
      box.appendChild(document.createElement("div")).appendChild(link);
    }
    return box;
  }

  // Names stay on the polygons while there are few enough of them to read.
  var MAX_LABELS = 20;

  function draw(el, data) {
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    var grids = (data.features || []).filter(function (f) {
      return f.properties && f.properties.kind === "grid";
    }).length;
    var labelled = grids <= MAX_LABELS;
    var layer = L.geoJSON(data, {
      style: function () {
        return GRID_STYLE;
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 6, color: "#0d47a1", weight: 2, fillColor: "#1e88e5", fillOpacity: 0.9,
        });
      },
      onEachFeature: function (feature, featureLayer) {
        var props = feature.properties || {};
        if (props.kind === "grid" && labelled) {
          featureLayer.bindTooltip(props.name || "", {
            permanent: true, direction: "center", className: "grid-label",
          });
        } else {
          featureLayer.bindTooltip(props.name || "", { sticky: true });
        }
        featureLayer.bindPopup(function () {
          return popupContent(el, props);
        });
        if (props.kind === "grid") {
          featureLayer.on("mouseover", function () {
            featureLayer.setStyle(HOVER_STYLE);
          });
          featureLayer.on("mouseout", function () {
            layer.resetStyle(featureLayer);
          });
        }
      },
    }).addTo(map);
    var count = layer.getLayers().length;
    if (count) {
      map.fitBounds(layer.getBounds(), { padding: [16, 16] });
    } else {
      map.setView([Number(el.dataset.lat || 40.81), Number(el.dataset.lng || 111.7)], 12);
      var empty = document.createElement("p");
      empty.className = "map-empty";
      empty.textContent = el.dataset.labelEmpty || "";
      el.appendChild(empty);
    }
    el.dataset.features = String(count);
    el.dataset.loaded = "1";
  }

  function init(el) {
    fetch(el.dataset.geojson, {
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
        draw(el, data);
      })
      .catch(function () {
        el.dataset.loaded = "error";
        el.textContent = el.dataset.labelError || "";
      });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-geojson]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
