// Starts Redoc on the API's schema with REDOC_UI_SETTINGS (templates/drf_spectacular/redoc.html).
(function () {
  "use strict";

  const container = document.getElementById("redoc-container");
  const settings = JSON.parse(container.dataset.settings);
  window.Redoc.init(container.dataset.schemaUrl, settings, container);
})();
