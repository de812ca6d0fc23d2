/* danvan monitoring: the optional tile map (settings.DANVAN_MAP_TILE_URL). Loaded only when a
   tile server is configured and Leaflet ships in the static files; the SVG map above works
   without it. Builds the map the first time its <details> is opened. */
(function () {
  "use strict";
  function build(el) {
    if (el.dataset.ready || !window.L) { return; }
    el.dataset.ready = "1";
    var map = window.L.map(el);
    window.L.tileLayer(el.dataset.tileUrl, {
      attribution: el.dataset.attribution || "",
      maxZoom: 18,
    }).addTo(map);
    fetch(el.dataset.geojsonUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = window.L.geoJSON(data, {
          style: function (feature) {
            return { color: "#4b5563", weight: 1, fillColor: feature.properties.fill, fillOpacity: 0.7 };
          },
          onEachFeature: function (feature, shape) {
            shape.bindTooltip(feature.properties.title);
            shape.on("click", function () { window.location.href = feature.properties.href; });
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      });
  }
  function init() {
    var el = document.getElementById("tile-map");
    if (!el) { return; }
    var box = el.closest("details");
    if (box && !box.open) {
      box.addEventListener("toggle", function () { if (box.open) { build(el); } });
    } else {
      build(el);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
