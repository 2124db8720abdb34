"use strict";
// Map picker for a latitude/longitude pair in the admin (hubs.widgets.CoordinatePickerInput).
// Each .coordinate-picker container carries its settings in data-* attributes and sits beside
// the longitude input. Clicking the map or dragging the marker writes both inputs (5 decimals,
// about a metre); typing in them moves the marker. Inline rows added later are set up when
// Django dispatches "formset:added".
(function () {
  const DECIMALS = 5;
  const PLACE_ZOOM = 12;

  function readCoordinate(input, limit) {
    const text = input.value.trim();
    if (text === "") {
      return null;
    }
    const value = Number(text);
    return Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
  }

  function formatCoordinate(value) {
    return String(Number(value.toFixed(DECIMALS)));
  }

  function setUp(container) {
    const field = container.closest(".coordinate-picker-field");
    const longitudeInput = field && field.querySelector("input");
    // The empty form Django clones for "Add another" stays untouched: a map built inside it
    // would be cloned half-wired. Its copies are set up on "formset:added".
    if (!longitudeInput || longitudeInput.name.includes("__prefix__")) {
      return;
    }
    if (container.dataset.ready === "true" || !window.L) {
      return;
    }
    const data = container.dataset;
    const latitudeName = longitudeInput.name.replace(/[^-]*$/, data.latitudeField);
    const form = longitudeInput.form;
    const latitudeInput = form && form.elements.namedItem(latitudeName);
    if (!latitudeInput) {
      return;
    }
    container.dataset.ready = "true";

    const map = L.map(container, {worldCopyJump: true});
    L.tileLayer(data.tileUrl, {attribution: data.tileAttribution, maxZoom: 19}).addTo(map);
    // Readable without tiles: outlines under them, and the row's city named at its marker.
    const cityInput = form.elements.namedItem(longitudeInput.name.replace(/[^-]*$/, data.cityField));
    let cityLabel = null;
    if (window.AtlasReference) AtlasReference.panes(map);
    if (window.AtlasReference && window.topojson) {
      const countries = AtlasReference.countryLayer().addTo(map);
      AtlasReference.countries(map, data.outlinesUrl, [countries]);
      AtlasReference.detail(map, data.referenceUrl, countries);
    }
    const icon = L.icon({
      iconUrl: data.markerIcon,
      iconRetinaUrl: data.markerIconRetina,
      shadowUrl: data.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
    let marker = null;

    function nameThePlace() {
      if (cityLabel) {
        cityLabel.remove();
        cityLabel = null;
      }
      const city = cityInput && cityInput.value ? cityInput.value.trim() : "";
      if (marker && city && window.AtlasReference) {
        cityLabel = AtlasReference.label(marker.getLatLng(), city).addTo(map);
      }
    }

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        nameThePlace();
        return;
      }
      marker = L.marker(latlng, {draggable: true, icon: icon}).addTo(map);
      marker.on("dragend", function () {
        write(marker.getLatLng());
      });
      nameThePlace();
    }

    function write(latlng) {
      const wrapped = latlng.wrap();
      const latitude = Math.max(-90, Math.min(90, wrapped.lat));
      latitudeInput.value = formatCoordinate(latitude);
      longitudeInput.value = formatCoordinate(wrapped.lng);
      place(L.latLng(latitude, wrapped.lng));
      latitudeInput.dispatchEvent(new Event("change", {bubbles: true}));
      longitudeInput.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function follow() {
      const latitude = readCoordinate(latitudeInput, 90);
      const longitude = readCoordinate(longitudeInput, 180);
      if (latitude === null && longitude === null && marker) {
        marker.remove();
        marker = null;
        nameThePlace();
      }
      if (typeof latitude === "number" && typeof longitude === "number") {
        place(L.latLng(latitude, longitude));
        map.panTo([latitude, longitude]);
      }
    }

    const latitude = readCoordinate(latitudeInput, 90);
    const longitude = readCoordinate(longitudeInput, 180);
    if (typeof latitude === "number" && typeof longitude === "number") {
      map.setView([latitude, longitude], PLACE_ZOOM);
      place(L.latLng(latitude, longitude));
    } else {
      map.setView([Number(data.centerLatitude), Number(data.centerLongitude)], Number(data.zoom));
    }

    map.on("click", function (event) {
      write(event.latlng);
    });
    // "input" only: the "change" events dispatched by write() must not move the view.
    latitudeInput.addEventListener("input", follow);
    longitudeInput.addEventListener("input", follow);
    if (cityInput) cityInput.addEventListener("input", nameThePlace);
    // A map laid out while hidden (a collapsed fieldset) measures zero; measure again on show.
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(container);
    }
  }

  function setUpWithin(root) {
    root.querySelectorAll(".coordinate-picker").forEach(setUp);
  }

  document.addEventListener("formset:added", function (event) {
    setUpWithin(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpWithin(document);
    });
  } else {
    setUpWithin(document);
  }
})();
