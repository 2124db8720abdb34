"""The home map's time to interactive: from navigation until every site is in the clusters.

    .venv/bin/python bench/browser_timing.py http://127.0.0.1:8000/ [--runs 5]

Opens the page in headless Chromium (Playwright driving /usr/bin/chromium), with map tiles
answered by a blank PNG so the network outside the machine plays no part, and waits for the
map container's data-markers-state="ready" (static/js/atlas-map.js sets it when the cluster
layer's chunked loading has taken the last marker). Reports the median and each run, with
the number of markers loaded, so a page that drew nothing cannot pass for a fast one.
"""

import argparse
import base64
import json
import re
import statistics
import sys

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A 1×1 transparent PNG, for every tile.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TIMEOUT_MS = 60_000
# Functions, not expressions: Playwright would eval() an expression, which the site's
# Content-Security-Policy refuses.
READY = "() => document.querySelector('#map')?.dataset.markersState === 'ready'"
MARKERS = "() => document.querySelector('#map')._atlasMap.markers.getLayers().length"


# Requests leaving the machine (the map tiles). Only these are intercepted: routing a request
# through Playwright's handler costs a round trip to this process, which the page's own
# requests must not pay in a timing.
OFF_MACHINE = re.compile(r"^[a-z]+://(?!(?:127\.0\.0\.1|localhost)(?:[:/]|$))")


def answer_blank_png(route):
    return route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)


def measure(url, *, runs=5):
    """{"median_ms", "runs_ms", "markers"}: `runs` cold page loads (a new context each, so no
    HTTP cache), after one warm-up load that fills the server's caches."""
    from playwright.sync_api import sync_playwright

    timings, markers = [], None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for run in range(runs + 1):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.route(OFF_MACHINE, answer_blank_png)
                page = context.new_page()
                page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
                page.wait_for_function(READY, timeout=TIMEOUT_MS, polling="raf")
                # performance.now() counts from the navigation's start.
                elapsed = page.evaluate("performance.now()")
                markers = page.evaluate(MARKERS)
                context.close()
                if run:  # the first load only warms the server
                    timings.append(round(elapsed, 1))
        finally:
            browser.close()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "runs_ms": timings,
        "markers": markers,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the home page, e.g. http://127.0.0.1:8000/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = measure(args.url, runs=args.runs)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
