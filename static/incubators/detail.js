// An incubator profile's small map: its one known location, from the page's
// "location-geojson". The page gives the same place as text beside the map.
(function () {
  "use strict";

  const container = document.getElementById("incubator-map");
  if (!container || !window.AtlasMap) return;

  const collection = AtlasMap.readJSON("location-geojson");
  const atlas = AtlasMap.create(container, { cluster: false, outlines: true });
  const markers = AtlasMap.pointLayer(collection, {
    kind: "incubator",
    popup: function (properties) {
      const root = document.createElement("div");
      root.className = "atlas-popup";
      const name = document.createElement("p");
      name.className = "atlas-popup__name";
      name.textContent = properties.name || "";
      root.appendChild(name);
      if (properties.city) {
        const place = document.createElement("p");
        place.className = "atlas-popup__place";
        place.textContent = properties.city;
        root.appendChild(place);
      }
      return root;
    },
  }).addTo(atlas.map);
  const points = markers.getLayers();
  AtlasReference.labels(
    atlas.map,
    points.map(function (marker) {
      return { latlng: marker.getLatLng(), text: (marker.feature.properties || {}).city };
    })
  );
  if (points.length) atlas.map.setView(points[0].getLatLng(), 5, { animate: false });
  container.dataset.markers = String(points.length);
  container._atlasMap = atlas;
})();
