// The directory: filters, list and map in step, with the whole state in the URL.
//
// Without this script the page works as a plain form and links. With it, applying filters,
// turning pages and moving the map (with "search as I move the map" on) fetch the same page
// for the new URL and swap in its filters, list and map data, with history.pushState, so the
// address stays shareable and the back button goes back one step.
(function () {
  "use strict";

  const container = document.getElementById("map");
  if (!container || !window.AtlasMap || !window.fetch || !window.history.pushState) return;

  const SWAPPED = ["directory-filters", "directory-results", "directory-map-data"];
  const MOVE_DELAY = 350;

  const text = AtlasMap.readJSON("map-text") || {};
  const status = document.getElementById("map-status");
  const moveBox = document.getElementById("search-as-move");
  const atlas = AtlasMap.pageMap(container);

  let mapUrl = null;
  let mapRequest = null;
  let pageRequest = null;
  let moveTimer = null;
  // True while the script itself moves the map, so that only the reader's moves search.
  let restoring = false;
  let shownUrl = location.pathname + location.search;

  function parameters() {
    return new URLSearchParams(location.search);
  }

  function bboxOf(params) {
    const value = params.get("bbox");
    if (!value) return null;
    const parts = value.split(",").map(Number);
    return parts.length === 4 && parts.every(Number.isFinite) ? parts : null;
  }

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function wrapLongitude(value) {
    return ((((value + 180) % 360) + 360) % 360) - 180;
  }

  // The view as min_lon,min_lat,max_lon,max_lat, widened to two decimals so it covers the
  // whole view; a west edge east of the east edge crosses the antimeridian, as the API reads it.
  function viewBBox() {
    const view = atlas.map.getBounds();
    let west = view.getWest();
    let east = view.getEast();
    if (east - west >= 360) {
      west = -180;
      east = 180;
    } else {
      west = wrapLongitude(west);
      east = wrapLongitude(east);
      if (east === -180) east = 180;
    }
    const down = function (value) {
      return Math.floor(value * 100) / 100;
    };
    const up = function (value) {
      return Math.ceil(value * 100) / 100;
    };
    return [
      clamp(down(west), -180, 180),
      clamp(down(view.getSouth()), -90, 90),
      clamp(up(east), -180, 180),
      clamp(up(view.getNorth()), -90, 90),
    ]
      .map(function (value) {
        return String(Number(value.toFixed(2)));
      })
      .join(",");
  }

  function quietly(move) {
    restoring = true;
    try {
      move();
    } finally {
      restoring = false;
    }
  }

  function showBBox(box) {
    const east = box[2] < box[0] ? box[2] + 360 : box[2];
    quietly(function () {
      atlas.map.fitBounds(
        [
          [box[1], box[0]],
          [box[3], east],
        ],
        { animate: false }
      );
    });
  }

  function fitView() {
    const box = bboxOf(parameters());
    if (box) {
      showBBox(box);
    } else {
      quietly(function () {
        atlas.fitToFeatures({ animate: false });
      });
    }
  }

  // Loads the hubs the map should show (the filters without bbox, page and ordering).
  function showMap(url, fit) {
    if (url === mapUrl) {
      if (fit) fitView();
      return;
    }
    mapUrl = url;
    if (mapRequest) mapRequest.abort();
    mapRequest = new AbortController();
    container.dataset.loading = "true";
    status.textContent = text.loading;
    AtlasMap.fetchJSON(url, { signal: mapRequest.signal })
      .then(function (collection) {
        AtlasMap.summarize(status, atlas.showFeatures(collection), text);
        container.dataset.mapUrl = url;
        delete container.dataset.loading;
        if (fit) fitView();
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        delete container.dataset.loading;
        status.textContent = text.failed;
      });
  }

  function swap(fresh) {
    SWAPPED.forEach(function (id) {
      const next = fresh.getElementById(id);
      const current = document.getElementById(id);
      if (next && current) current.replaceWith(document.importNode(next, true));
    });
    const switcher = fresh.querySelector(".language-switcher");
    const currentSwitcher = document.querySelector(".language-switcher");
    if (switcher && currentSwitcher) {
      currentSwitcher.replaceWith(document.importNode(switcher, true));
    }
    document.title = fresh.title;
  }

  // Shows the page at `url` (already in the address bar): its filters, list and map data.
  function load(url, options) {
    shownUrl = url;
    if (pageRequest) pageRequest.abort();
    pageRequest = new AbortController();
    const directory = document.getElementById("directory");
    directory.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { Accept: "text/html" }, signal: pageRequest.signal })
      .then(function (response) {
        if (!response.ok) {
          // Invalid filters or a page past the end: the page itself explains, with its status.
          location.reload();
          return;
        }
        return response.text().then(function (html) {
          swap(new DOMParser().parseFromString(html, "text/html"));
          directory.removeAttribute("aria-busy");
          const params = parameters();
          moveBox.checked = params.has("bbox");
          atlas.setChoropleth(AtlasMap.readJSON("map-counts") || {});
          const data = document.getElementById("directory-map-data");
          if (options.restoreView && params.has("bbox")) showBBox(bboxOf(params));
          showMap(data.dataset.mapUrl, !params.has("bbox") && data.dataset.mapUrl !== mapUrl);
          const heading = document.getElementById("results-heading");
          if (options.focus) {
            heading.focus();
          } else {
            // The list changed under the reader's hands (a map move, the back button): say so.
            document.getElementById("directory-announcer").textContent = heading.textContent.trim();
          }
        });
      })
      .catch(function (error) {
        if (error.name !== "AbortError") location.reload();
      });
  }

  function navigate(params, options) {
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "");
    if (url === location.pathname + location.search) return;
    history.pushState({ directory: true }, "", url);
    load(url, options || {});
  }

  function formParameters(form) {
    const params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    return params;
  }

  function searchHere() {
    const params = parameters();
    params.set("bbox", viewBBox());
    params.delete("page");
    navigate(params);
  }

  atlas.map.on("moveend", function () {
    if (restoring || atlas.resizing || !moveBox.checked) return;
    clearTimeout(moveTimer);
    moveTimer = setTimeout(searchHere, MOVE_DELAY);
  });

  moveBox.addEventListener("change", function () {
    clearTimeout(moveTimer);
    const params = parameters();
    params.delete("page");
    if (moveBox.checked) {
      params.set("bbox", viewBBox());
    } else {
      params.delete("bbox");
    }
    navigate(params);
  });

  document.addEventListener("submit", function (event) {
    if (event.target.id !== "directory-form") return;
    event.preventDefault();
    navigate(formParameters(event.target), { focus: true });
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-directory-link]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(new URL(link.href, location.href).searchParams, { focus: true });
  });

  window.addEventListener("popstate", function () {
    const url = location.pathname + location.search;
    if (url === shownUrl) return; // only the fragment changed
    load(url, { restoreView: true });
  });

  const initialBox = bboxOf(parameters());
  if (initialBox) showBBox(initialBox);
  showMap(document.getElementById("directory-map-data").dataset.mapUrl, !initialBox);
})();
