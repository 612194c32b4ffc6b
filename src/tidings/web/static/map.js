// Map of events by place: country outlines from world-atlas (no tile server), one circle per place.
(function () {
  "use strict";
  function label(text) {  // place names come from articles: set as text, never as HTML
    const span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  // Rings crossing the antimeridian (Russia, Fiji) jump from +180 to -180 and Leaflet would draw
  // a streak across the map; such a ring is drawn east of 180 instead.
  function unwrapRing(ring) {
    const jumps = ring.some((point, i) => i > 0 && Math.abs(point[0] - ring[i - 1][0]) > 180);
    return jumps ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : ring;
  }
  function unwrap(feature) {
    const geometry = feature.geometry;
    if (!geometry) return;
    if (geometry.type === "Polygon") geometry.coordinates = geometry.coordinates.map(unwrapRing);
    if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(unwrapRing));
    }
  }
  const map = L.map("map", {worldCopyJump: false, minZoom: 1}).setView([25, 10], 2);
  fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json()).then((world) => {
    const countries = topojson.feature(world, world.objects.countries);
    countries.features.forEach(unwrap);
    L.geoJSON(countries, {style: {color: "#999", weight: 0.6, fillColor: "#fff", fillOpacity: 1}}).addTo(map);
    return fetch("/api/places");
  }).then((r) => r.json()).then((places) => {
    for (const place of places) {
      L.circleMarker([place.lat, place.lon], {radius: 4 + 3 * Math.sqrt(place.events), color: "#c92a2a"})
        .bindPopup(label(place.name + ": " + place.events + " events"))
        .addTo(map);
    }
    document.getElementById("map").dataset.places = String(places.length);
  });
})();
