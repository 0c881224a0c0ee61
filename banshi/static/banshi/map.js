// Grid maps without a tile server: the polygons (and building points) from a GeoJSON
// endpoint named in the container's data-geojson attribute, on a plain background.
//
// A container with data-figure-url is a coloured map instead: the server gives each grid
// its value, class and colour for the figure picked (data-figure), the legend, the list of
// figures for the picker, the communities' (and streets') outlines and the period's
// demands as points. Strings come from the container's data-label-* attributes.
(function () {
  "use strict";

  var GRID_STYLE = { color: "#b71c1c", weight: 2, fillColor: "#e53935", fillOpacity: 0.15 };
  var HOVER_STYLE = { weight: 3, fillOpacity: 0.3 };
  var OUTLINE_STYLE = {
    community: { color: "#1f2328", weight: 2.5, fill: false, interactive: false },
    street: { color: "#1f2328", weight: 4, dashArray: "8 4", fill: false, interactive: false },
  };
  var DEMAND_STYLE = {
    radius: 5, color: "#ffffff", weight: 1.5, fillColor: "#0d47a1", fillOpacity: 0.95,
    pane: "demands",
  };

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value || "";
    if (className) {
      node.className = className;
    }
    return node;
  }

  function link(href, label) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label || href;
    return a;
  }

  function popupContent(el, props) {
    var box = document.createElement("div");
    box.appendChild(text("strong", props.name));
    if (props.households !== undefined) {
      box.appendChild(text("div", (el.dataset.labelHouseholds || "") + " " + props.households));
    }
    if (props.url && props.kind === "grid" && props.url !== window.location.pathname) {
      box.appendChild(document.createElement("div")).appendChild(
        link(props.url, el.dataset.labelOpen)
      );
    }
    return box;
  }

  // --- plain map (a grid's page) ----------------------------------------------------------

  // Names stay on the polygons while there are few enough of them to read.
  var MAX_LABELS = 20;

  function drawPlain(el, data) {
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
      showEmpty(el, map);
    }
    el.dataset.features = String(count);
    el.dataset.loaded = "1";
  }

  function showEmpty(el, map) {
    map.setView([Number(el.dataset.lat || 40.81), Number(el.dataset.lng || 111.7)], 12);
    el.appendChild(text("p", el.dataset.labelEmpty, "map-empty"));
  }

  // --- coloured map (a region's page) -------------------------------------------------------

  // Labels: a grid's name is shown when it fits inside the grid's box on screen and does
  // not overlap a name already placed; zooming in shows more of them. While most grids are
  // too small for their names (a whole street or district at once), the communities' names
  // are shown instead (the streets' if those do not fit either), so every zoom is labelled.
  function fitLabels(state, layers, placed, wrap) {
    var mapBox = state.el.getBoundingClientRect();
    var shown = 0;
    layers.forEach(function (layer) {
      var tip = layer.getTooltip();
      var node = tip && tip.getElement();
      if (!node) {
        return;
      }
      node.classList.remove("is-hidden");
      var bounds = layer.getBounds();
      var nw = state.map.latLngToContainerPoint(bounds.getNorthWest());
      var se = state.map.latLngToContainerPoint(bounds.getSouthEast());
      if (wrap) {
        // An area's name may wrap onto more lines to stay within the area's width.
        node.style.maxWidth = Math.max(Math.abs(se.x - nw.x) - 8, 16) + "px";
        tip.update();
      }
      var box = node.getBoundingClientRect();
      var fits = Math.abs(se.x - nw.x) >= box.width && Math.abs(se.y - nw.y) >= box.height;
      var inside = box.left >= mapBox.left && box.right <= mapBox.right &&
        box.top >= mapBox.top && box.bottom <= mapBox.bottom;
      var clear = placed.every(function (other) {
        return box.right <= other.left || box.left >= other.right ||
          box.bottom <= other.top || box.top >= other.bottom;
      });
      if (fits && clear && inside) {
        placed.push(box);
        shown += 1;
      } else {
        node.classList.add("is-hidden");
      }
    });
    return shown;
  }

  function hideLabels(layers) {
    layers.forEach(function (layer) {
      var node = layer.getTooltip() && layer.getTooltip().getElement();
      if (node) {
        node.classList.add("is-hidden");
      }
    });
  }

  function placeLabels(state) {
    var areas = state.areas || { community: [], street: [] };
    hideLabels(areas.community);
    hideLabels(areas.street);
    var gridsShown = fitLabels(state, state.grids, []);
    var level = "grid";
    if (gridsShown * 2 < state.grids.length) {
      hideLabels(state.grids);
      gridsShown = 0;
      level = "community";
      if (!fitLabels(state, areas.community, [], true)) {
        hideLabels(areas.community);
        level = fitLabels(state, areas.street, [], true) ? "street" : "none";
      }
    }
    state.el.dataset.labels = String(gridsShown);
    state.el.dataset.labelLevel = level;
  }

  function gridPopup(el, data, props) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", props.name));
    box.appendChild(text("div", data.figure.label + (el.dataset.labelColon || "：") + props.text));
    if (props.url) {
      box.appendChild(document.createElement("div")).appendChild(
        link(props.url, el.dataset.labelOpen)
      );
    }
    if (props.records) {
      box.appendChild(document.createElement("div")).appendChild(
        link(props.records, (el.dataset.labelRecords || "") + (el.dataset.labelColon || "：") +
          data.figure.records_label)
      );
    }
    return box;
  }

  function demandPopup(el, props) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", props.name));
    box.appendChild(text("div", props.state));
    box.appendChild(document.createElement("div")).appendChild(
      link(props.url, (el.dataset.labelDemand || "") + " #" + props.pk)
    );
    return box;
  }

  function drawLegend(state, data) {
    var box = state.legend;
    if (!box) {
      return;
    }
    box.textContent = "";
    box.appendChild(text("p", data.figure.label + " · " + data.period, "map-legend-title"));
    var list = document.createElement("ul");
    (data.legend || []).forEach(function (row) {
      var item = document.createElement("li");
      item.dataset.class = row["class"] === null ? "none" : String(row["class"]);
      var swatch = text("span", "", "map-swatch");
      swatch.style.backgroundColor = row.colour;
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(text("span", row.label));
      list.appendChild(item);
    });
    box.appendChild(list);
    var demands = text("p", "", "map-legend-demands");
    demands.appendChild(text("span", "", "map-swatch map-swatch-point"));
    demands.appendChild(text("span", (state.el.dataset.labelPoints || "") + " " + state.points));
    box.appendChild(demands);
    box.hidden = false;
  }

  function drawPicker(state, data) {
    var select = state.picker;
    if (!select || select.options.length) {
      return;
    }
    (data.figures || []).forEach(function (f) {
      var option = document.createElement("option");
      option.value = f.key;
      option.textContent = f.label;
      select.appendChild(option);
    });
    select.value = data.figure.key;
    select.addEventListener("change", function () {
      load(state, select.value);
    });
    select.closest("[data-map-picker]").hidden = false;
  }

  function drawColoured(state, data) {
    var root = state.el;
    if (!state.map) {
      state.map = L.map(root, { attributionControl: false, zoomSnap: 0.25 });
      state.map.createPane("outlines").style.zIndex = 420;
      // Names above the demand points, so a point never hides a name; the names take no
      // clicks (map.css), so every point stays clickable through them.
      state.map.createPane("demands").style.zIndex = 430;
      state.map.createPane("labels").style.zIndex = 450;
      state.map.on("zoomend moveend", function () {
        placeLabels(state);
      });
    }
    if (state.layer) {
      state.layer.remove();
    }
    state.grids = [];
    state.points = 0;
    var group = L.layerGroup();
    var grids = L.geoJSON(data, {
      filter: function (f) {
        return f.properties.kind === "grid";
      },
      style: function (f) {
        return { color: "#5f6b76", weight: 1, fillColor: f.properties.colour, fillOpacity: 0.8 };
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties;
        layer.bindTooltip(props.label || props.name, {
          permanent: true, direction: "center", className: "grid-label", pane: "labels",
        });
        layer.bindPopup(function () {
          return gridPopup(root, data, props);
        });
        layer.on("mouseover", function () {
          layer.setStyle({ weight: 3 });
        });
        layer.on("mouseout", function () {
          layer.setStyle({ weight: 1 });
        });
        state.grids.push(layer);
      },
    }).addTo(group);
    state.areas = { community: [], street: [] };
    L.geoJSON(data, {
      pane: "outlines",
      filter: function (f) {
        return f.properties.kind === "community" || f.properties.kind === "street";
      },
      style: function (f) {
        return OUTLINE_STYLE[f.properties.kind];
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.name, {
          permanent: true, direction: "center", pane: "labels",
          className: "grid-label area-label area-" + feature.properties.kind,
        });
        state.areas[feature.properties.kind].push(layer);
      },
    }).addTo(group);
    L.geoJSON(data, {
      filter: function (f) {
        return f.properties.kind === "demand";
      },
      pointToLayer: function (feature, latlng) {
        state.points += 1;
        return L.circleMarker(latlng, DEMAND_STYLE);
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(function () {
          return demandPopup(root, feature.properties);
        });
      },
    }).addTo(group);
    group.addTo(state.map);
    state.layer = group;
    if (!state.fitted) {
      if (state.grids.length) {
        state.map.fitBounds(grids.getBounds(), { padding: [16, 16] });
      } else {
        showEmpty(root, state.map);
      }
      state.fitted = true;
    }
    drawPicker(state, data);
    drawLegend(state, data);
    placeLabels(state);
    root.dataset.features = String(state.grids.length);
    root.dataset.points = String(state.points);
    root.dataset.figure = data.figure.key;
    root.dataset.loaded = "1";
  }

  function fail(element, status, message) {
    element.dataset.loaded = "error";
    if (status) {
      status.textContent = message || element.dataset.labelError || "";
    } else {
      element.textContent = message || element.dataset.labelError || "";
    }
  }

  function fetchJSON(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json" },
    }).then(function (response) {
      return response.json().then(
        function (body) {
          if (!response.ok) {
            throw new Error(body.error || String(response.status));
          }
          return body;
        },
        function () {
          throw new Error("");
        }
      );
    });
  }

  function load(state, figure) {
    var root = state.el;
    var url = new URL(root.dataset.figureUrl, window.location.href);
    url.searchParams.set("figure", figure);
    if (root.dataset.period) {
      url.searchParams.set("period", root.dataset.period);
    }
    root.dataset.loaded = "0";
    if (state.status) {
      state.status.textContent = root.dataset.labelLoading || "";
    }
    fetchJSON(url.toString())
      .then(function (data) {
        drawColoured(state, data);
        if (state.status) {
          state.status.textContent = "";
        }
      })
      .catch(function (error) {
        fail(root, state.status, error.message);
      });
  }

  function initColoured(root) {
    var wrap = root.closest("[data-map-wrap]") || root.parentNode;
    var state = {
      el: root,
      picker: wrap.querySelector("[data-map-picker] select"),
      legend: wrap.querySelector("[data-map-legend]"),
      status: wrap.querySelector("[data-map-status]"),
      grids: [],
      points: 0,
    };
    load(state, root.dataset.figure || "");
  }

  function initPlain(root) {
    fetchJSON(root.dataset.geojson)
      .then(function (data) {
        drawPlain(root, data);
      })
      .catch(function () {
        fail(root, null, "");
      });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll(".map[data-figure-url]").forEach(initColoured);
    document.querySelectorAll(".map[data-geojson]").forEach(initPlain);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
