// The map other sites may frame: the hubs its address selects, nothing else.
(function () {
  "use strict";

  const container = document.getElementById("map");
  if (!container || !window.AtlasMap) return;

  document.getElementById("map-controls").hidden = false;
  const text = AtlasMap.readJSON("map-text") || {};
  const status = document.getElementById("map-status");
  const atlas = AtlasMap.create(container, { cluster: true, outlines: true });
  atlas.setChoropleth(AtlasMap.readJSON("map-counts") || {});
  container._atlasMap = atlas;

  status.textContent = text.loading;
  AtlasMap.fetchJSON(container.dataset.mapUrl)
    .then(function (collection) {
      AtlasMap.summarize(status, atlas.showFeatures(collection), text);
      atlas.fitToFeatures();
      container.dataset.loaded = "true";
    })
    .catch(function () {
      status.textContent = text.failed;
    });

  document.getElementById("show-choropleth").addEventListener("change", function (event) {
    atlas.showChoropleth(event.target.checked);
  });
})();
