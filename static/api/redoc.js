// Starts Redoc on the API's schema with REDOC_UI_SETTINGS (templates/drf_spectacular/redoc.html).
(function () {
  "use strict";

  // Redoc's sidebar always shows Redocly's logo from their CDN (an address its bundle
  // hard-codes). The site loads nothing from other sites, and works offline: that one image
  // becomes a transparent pixel, before Redoc renders.
  const REDOCLY_CDN = "https://cdn.redoc.ly/";
  const BLANK = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
  function local(value) {
    return String(value).startsWith(REDOCLY_CDN) ? BLANK : value;
  }
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    const image = this instanceof HTMLImageElement && name.toLowerCase() === "src";
    return setAttribute.call(this, name, image ? local(value) : value);
  };
  const source = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: source.enumerable,
    get: source.get,
    set: function (value) {
      source.set.call(this, local(value));
    },
  });

  const container = document.getElementById("redoc-container");
  const settings = JSON.parse(container.dataset.settings);
  window.Redoc.init(container.dataset.schemaUrl, settings, container);
})();
