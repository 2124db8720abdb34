// The directory: filters, list and map in step, with the whole state in the URL.
//
// Without this script the page works as a plain form and links. With it, changing a filter
// (typing in the search after a pause), turning pages and moving the map (with "search as I
// move the map" on) fetch the same page for the new URL and swap in its filters, list and map
// data, with history.pushState, so the address stays shareable and the back button goes back
// one step (a search typed in several pauses is one step: replaceState).
(function () {
  "use strict";

  const container = document.getElementById("map");
  if (!container || !window.AtlasMap || !window.fetch || !window.history.pushState) return;

  const SWAPPED = [
    "filters-toggle",
    "directory-hidden-fields",
    "directory-results",
    "directory-map-data",
  ];
  const MOVE_DELAY = 350;
  const TYPING_DELAY = 300;
  const WIDE = window.matchMedia("(min-width: 62rem)");
  const TYPED = ["search", "number", "text"];

  const text = AtlasMap.readJSON("map-text") || {};
  const pageText = AtlasMap.readJSON("directory-text") || {};
  const status = document.getElementById("map-status");
  const moveBox = document.getElementById("search-as-move");
  const atlas = AtlasMap.pageMap(container);

  let mapUrl = null;
  let mapRequest = null;
  let pageRequest = null;
  let moveTimer = null;
  let typingTimer = null;
  // Whether the entry now in the history is a search being typed, which the next pause replaces.
  let typingEntry = false;
  // Whether the results heading takes the focus once the page being fetched is shown.
  let focusAfterLoad = false;
  // Whether the map still has to fit the hubs, once its panel is open and it has a size.
  let fitPending = false;
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
    if (!container.clientWidth) {
      fitPending = true;
      return;
    }
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
    if (!container.clientWidth) {
      fitPending = true; // a closed panel: fit when it opens
      return;
    }
    fitPending = false;
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

  // The form's fields, but not the one the reader is in (typing or choosing goes on).
  function swapFields(fresh) {
    const grid = document.querySelector("#directory-form .filter-grid");
    const next = fresh.querySelector("#directory-form .filter-grid");
    if (!grid || !next) return;
    if (grid.children.length !== next.children.length) {
      grid.replaceWith(document.importNode(next, true));
      return;
    }
    Array.from(next.children).forEach(function (field, index) {
      const current = grid.children[index];
      if (!current.contains(document.activeElement)) {
        current.replaceWith(document.importNode(field, true));
      }
    });
  }

  function swap(fresh) {
    swapFields(fresh);
    SWAPPED.forEach(function (id) {
      const next = fresh.getElementById(id);
      const current = document.getElementById(id);
      if (!next || !current) return;
      // Panels the reader opened stay open.
      const opened = Array.from(current.querySelectorAll("details[open][id]"));
      current.replaceWith(document.importNode(next, true));
      opened.forEach(function (panel) {
        const again = document.getElementById(panel.id);
        if (again) again.open = true;
      });
    });
    showCopyButton();
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
          if (options.focus || focusAfterLoad) {
            focusAfterLoad = false;
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
    options = options || {};
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "");
    if (url === location.pathname + location.search) {
      // Already shown or on its way (a filter applied as it changed, then "Apply").
      if (options.focus) {
        if (document.getElementById("directory").hasAttribute("aria-busy")) {
          focusAfterLoad = true;
        } else {
          document.getElementById("results-heading").focus();
        }
      }
      return;
    }
    if (options.typing && typingEntry) {
      history.replaceState({ directory: true }, "", url);
    } else {
      history.pushState({ directory: true }, "", url);
    }
    typingEntry = Boolean(options.typing);
    load(url, options);
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
    clearTimeout(typingTimer);
    navigate(formParameters(event.target), { focus: true });
  });

  // Filters apply as they change: a choice at once, typing after a pause.
  function applyForm(options) {
    const form = document.getElementById("directory-form");
    const params = formParameters(form);
    params.delete("page");
    navigate(params, options);
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!field.form || field.form.id !== "directory-form" || TYPED.indexOf(field.type) < 0) return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      if (field.checkValidity()) applyForm({ typing: true });
    }, TYPING_DELAY);
  });

  document.addEventListener("change", function (event) {
    const field = event.target;
    if (!field.form || field.form.id !== "directory-form" || TYPED.indexOf(field.type) >= 0) return;
    clearTimeout(typingTimer);
    applyForm({});
  });

  // "Copy link": the clipboard where the browser allows it, else the address selected in its
  // field for the reader to copy.
  function showCopyButton() {
    const button = document.getElementById("copy-link");
    if (button) button.hidden = false;
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest("#copy-link")) return;
    const field = document.getElementById("share-link");
    const said = document.getElementById("copy-status");
    const fallback = function () {
      field.focus();
      field.select();
      said.textContent = pageText.select;
    };
    if (!navigator.clipboard || !window.isSecureContext) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(field.value).then(function () {
      said.textContent = pageText.copied;
    }, fallback);
  });

  // Selecting the snippet or the address whole saves the reader a fiddly drag on a phone.
  document.addEventListener("focusin", function (event) {
    if (event.target.id === "embed-code" || event.target.id === "share-link") event.target.select();
  });

  // A wide screen shows the filters and the map beside the list; a phone opens them on demand.
  function openOnWideScreens() {
    if (!WIDE.matches) return;
    document.querySelectorAll("details[data-wide-open]").forEach(function (panel) {
      panel.open = true;
    });
  }

  document.getElementById("directory-map").addEventListener("toggle", function (event) {
    if (event.target.open && fitPending) {
      atlas.map.invalidateSize({ animate: false });
      fitView();
    }
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-directory-link]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(new URL(link.href, location.href).searchParams, { focus: true });
  });

  window.addEventListener("popstate", function () {
    typingEntry = false;
    const url = location.pathname + location.search;
    if (url === shownUrl) return; // only the fragment changed
    load(url, { restoreView: true });
  });

  openOnWideScreens();
  if (WIDE.addEventListener) WIDE.addEventListener("change", openOnWideScreens);
  showCopyButton();

  const initialBox = bboxOf(parameters());
  if (initialBox) showBBox(initialBox);
  showMap(document.getElementById("directory-map-data").dataset.mapUrl, !initialBox);
})();
