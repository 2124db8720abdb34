// A hub profile's small map: one marker per site, from the page's "sites-geojson".
// The table below the map lists the same sites as text.
(function () {
  "use strict";

  const container = document.getElementById("sites-map");
  if (!container || !window.AtlasMap) return;

  // A site's popup, from DOM nodes: its name, then its city and role.
  function sitePopup(properties) {
    const root = document.createElement("div");
    root.className = "atlas-popup";
    const name = document.createElement("p");
    name.className = "atlas-popup__name";
    name.textContent = properties.name || properties.city || "";
    root.appendChild(name);
    const place = document.createElement("p");
    place.className = "atlas-popup__place";
    place.textContent = [properties.city, properties.role]
      .filter(function (part) {
        return part && part !== properties.name;
      })
      .join(" · ");
    if (place.textContent) root.appendChild(place);
    return root;
  }

  const atlas = AtlasMap.create(container, {
    cluster: false,
    outlines: true,
    labels: true,
    popup: sitePopup,
  });
  const summary = atlas.showFeatures(AtlasMap.readJSON("sites-geojson"));
  atlas.fitToFeatures({ animate: false });
  container.dataset.markers = String(summary.places);
  // For the browser tests and anyone exploring from the console.
  container._atlasMap = atlas;
})();
