"""The maps as a reader meets them: home, the embeddable map, popups, layers, offline."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from hubs.models import Hub, Organization
from incubators.models import Incubator
from tests.factories import HubFactory, SiteFactory

TILES = re.compile(r"^https?://([a-z0-9-]+\.)*tile\.openstreetmap\.org/")
NTU = "national-taiwan-university-ibm-quantum-hub"


def stated(page, key, scope="#map-status"):
    """A number the page states about its map (the <span data-count> in the sentence)."""
    locator = page.locator(f'{scope} [data-count="{key}"]')
    expect(locator).to_have_count(1)
    return int(locator.inner_text().replace(",", ""))


def geojson(page, site_url, query=""):
    response = page.request.get(f"{site_url}/api/v1/hubs/geojson/{query}")
    assert response.ok
    return response.json()


def assert_states_the_geojson(page, collection):
    slugs = {feature["properties"]["slug"] for feature in collection["features"]}
    assert stated(page, "places") == len(collection["features"])
    assert stated(page, "located") == len(slugs)
    assert stated(page, "unlocated") == collection["unlocated"]
    assert stated(page, "hubs") == len(slugs) + collection["unlocated"]


def test_the_home_map_states_the_hubs_and_places_of_the_geojson_api(page, site_url):
    page.goto(site_url + "/")
    page.wait_for_selector("#map-status [data-count]")

    collection = geojson(page, site_url)
    assert_states_the_geojson(page, collection)
    assert stated(page, "hubs") == 98
    assert stated(page, "unlocated") == 30
    expect(page.locator("#unlocated-hubs li")).to_have_count(30)


def test_the_home_map_holds_a_marker_for_every_place(page, site_url):
    page.goto(site_url + "/")
    page.wait_for_selector("#map-status [data-count]")

    markers = page.evaluate("document.querySelector('#map')._atlasMap.markers.getLayers().length")

    assert markers == len(geojson(page, site_url)["features"])
    assert page.locator(".marker-cluster").count() > 0


def test_the_home_headline_figures_equal_the_database_counts(page, site_url):

    page.goto(site_url + "/")

    figures = {
        name: int(page.locator(f'[data-figure="{name}"]').inner_text().replace(",", ""))
        for name in ("hubs", "economies", "organizations", "incubators")
    }
    published = Hub.objects.published().select_related("region")
    assert figures == {
        "hubs": published.count(),
        "economies": len({hub.economy.slug for hub in published}),
        "organizations": Organization.objects.filter(published=True).count(),
        "incubators": Incubator.objects.published().count(),
    }


def test_the_incubator_layer_can_be_switched_on_and_off(page, site_url):
    page.goto(site_url + "/")
    page.wait_for_selector("#map-status [data-count]")
    expect(page.locator(".atlas-marker--incubator")).to_have_count(0)

    page.get_by_label("Show incubators and accelerators").check()

    expect(page.locator(".atlas-marker--incubator")).to_have_count(8)
    assert stated(page, "incubators", "#incubator-status") == 8
    assert stated(page, "unlocated-incubators", "#incubator-status") == 1

    page.get_by_label("Show incubators and accelerators").uncheck()

    expect(page.locator(".atlas-marker--incubator")).to_have_count(0)
    expect(page.locator("#incubator-status")).to_be_hidden()


def test_an_incubator_popup_links_to_its_profile(page, site_url):
    page.goto(site_url + "/")
    page.get_by_label("Show incubators and accelerators").check()
    expect(page.locator(".atlas-marker--incubator")).to_have_count(8)

    # Duality lies under Chicago's hubs, which take the clicks there (test_map_reference.py):
    # the keyboard reaches it.
    page.locator('.atlas-marker--incubator[title="Duality"]').focus()
    page.keyboard.press("Enter")

    link = page.locator(".leaflet-popup .atlas-popup a")
    expect(link).to_have_text("Duality")
    assert link.get_attribute("href") == "/incubators/duality/"


def test_the_choropleth_toggle_shades_countries_and_shows_a_legend(page, site_url):
    page.goto(site_url + "/")
    page.wait_for_selector(".leaflet-atlasOutlines-pane path")
    shaded = page.locator('.leaflet-atlasChoropleth-pane path[fill-opacity="0.7"]')
    expect(shaded).to_have_count(0)

    page.get_by_label("Shade countries by number of hubs").check()

    # One shape per country with a hub of its own (EU-wide hubs have none); Singapore is too
    # small to have a shape in the 1:110m outlines.
    countries = Hub.objects.published().exclude(country__in=["", "SG"]).values("country").distinct()
    expect(shaded).to_have_count(countries.count())
    expect(page.locator(".atlas-legend")).to_contain_text("Hubs per country")

    page.get_by_label("Shade countries by number of hubs").uncheck()

    expect(shaded).to_have_count(0)
    expect(page.locator(".atlas-legend")).to_have_count(0)


def test_the_country_outlines_are_drawn_when_the_tiles_cannot_load(page, page_watch, site_url):
    page_watch.allow_console_error(r"Failed to load resource")
    page.route(TILES, lambda route: route.abort())

    page.goto(site_url + "/")

    outlines = page.locator(".leaflet-atlasOutlines-pane path")
    expect(outlines.nth(100)).to_be_attached()
    assert outlines.count() > 100
    page.wait_for_selector("#map-status [data-count]")
    assert page.locator(".atlas-marker--hub, .marker-cluster").count() > 0


def test_a_marker_popup_links_to_the_hub_profile(page, site_url):
    page.goto(f"{site_url}/hubs/?country=TW")
    page.wait_for_selector("#map-status [data-count]")

    popup = page.locator(".leaflet-popup .atlas-popup")
    # A click while the map is still zooming to its hubs is lost when the cluster layer
    # redraws at the end of the zoom (it closes the popup it removes): click again, as a
    # reader would.
    for _ in range(3):
        page.locator(".atlas-marker--hub").click()
        page.wait_for_timeout(500)
        if popup.count():
            break
    expect(popup).to_contain_text("Taipei")
    expect(popup).to_contain_text("Research centre")
    link = popup.locator("a")
    expect(link).to_have_text(Hub.objects.get(slug=NTU).name_en)
    assert link.get_attribute("href") == f"/hubs/{NTU}/"


def test_a_chinese_popup_links_to_the_chinese_profile(page, site_url):
    page.goto(f"{site_url}/zh-hans/hubs/?country=TW")
    page.wait_for_selector("#map-status [data-count]")

    page.locator(".atlas-marker--hub").focus()  # from the keyboard this time
    page.keyboard.press("Enter")

    link = page.locator(".leaflet-popup .atlas-popup a")
    expect(link).to_have_text("台湾大学-IBM量子计算中心")
    assert link.get_attribute("href") == f"/zh-hans/hubs/{NTU}/"


def test_clicking_clusters_zooms_in_until_a_marker_opens_its_popup(page, site_url):
    page.goto(site_url + "/")
    page.wait_for_selector("#map-status [data-count]")
    zoom = "document.querySelector('#map')._atlasMap.map.getZoom()"
    start = page.evaluate(zoom)

    page.locator(".marker-cluster").first.click()
    # A function, not an expression: polling an expression string is an eval, which the
    # page's Content-Security-Policy refuses.
    page.wait_for_function(
        "(start) => document.querySelector('#map')._atlasMap.map.getZoom() > start", arg=start
    )
    for _ in range(8):
        if page.locator(".atlas-marker--hub").count():
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(700)
    page.locator(".atlas-marker--hub").first.click()

    link = page.locator(".leaflet-popup .atlas-popup a")
    expect(link).to_have_attribute("href", re.compile(r"^/hubs/[a-z0-9-]+/$"))
    slug = link.get_attribute("href").split("/")[2]
    assert Hub.objects.published().filter(slug=slug).exists()


def test_a_hub_named_like_html_shows_as_text_everywhere(page, site_url):
    name = "<img src=x onerror=alert(1)>"
    hub = HubFactory(name_en=name, slug="html-named-hub")
    SiteFactory(hub=hub, city="Reykjavik", country="IS", latitude=64.15, longitude=-21.94)

    page.goto(f"{site_url}/hubs/?q=onerror")
    page.wait_for_selector("#map-status [data-count]")
    expect(page.locator(".hub-card__name a")).to_have_text(name)
    page.locator(".atlas-marker--hub").click()
    expect(page.locator(".leaflet-popup .atlas-popup a")).to_have_text(name)
    assert page.locator("img[src='x']").count() == 0

    page.goto(f"{site_url}/hubs/html-named-hub/")
    expect(page.locator("h1")).to_contain_text(name)
    assert page.locator("img[src='x']").count() == 0

    page.goto(f"{site_url}/")
    page.wait_for_selector("#map-status [data-count]")
    assert page.locator("img[src='x']").count() == 0
    # The page fixture fails the test on any dialog (an alert would be one).


def test_the_embed_map_states_what_the_geojson_api_returns(page, site_url):
    page.goto(f"{site_url}/embed/map/?region=eu")
    page.wait_for_selector("#map-status [data-count]")

    assert_states_the_geojson(page, geojson(page, site_url, "?region=eu"))
    assert stated(page, "hubs") == 24


@pytest.fixture
def another_site():
    """Serves a page on another origin (127.0.0.1, where the live server is localhost): an
    about:blank page is no site for CSP frame-ancestors *, and Chromium keeps pages from the
    internet (or routed ones) from framing local addresses."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield pages, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_embed_map_shows_in_a_frame_where_other_pages_refuse(
    page, page_watch, site_url, another_site
):
    page_watch.allow_console_error(
        r"X-Frame-Options|Refused to display|Failed to load|frame-ancestors 'none'"
    )
    pages, blog = another_site
    pages["/post"] = (
        f'<iframe id="embed" src="{site_url}/embed/map/?region=cn"></iframe>'
        f'<iframe id="directory" src="{site_url}/hubs/"></iframe>'
    )
    page.goto(f"{blog}/post")
    page.wait_for_timeout(500)

    embed = page.frame_locator("#embed")
    expect(embed.locator('#map-status [data-count="hubs"]')).to_have_text("7")
    directory = page.frame_locator("#directory")
    page.wait_for_timeout(500)
    expect(directory.locator("#directory")).to_have_count(0)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/hubs/",
        "/hubs/?region=eu&technology=computing&ordering=-founded",
        "/hubs/?bbox=3.3,50.7,7.3,53.6",
        "/embed/map/",
        "/zh-hans/",
        "/zh-hans/hubs/",
        "/zh-hans/embed/map/?region=cn",
        f"/hubs/{NTU}/",
        "/incubators/",
        "/incubators/duality/",
        "/regions/",
        "/regions/eu/",
        "/insights/",
        "/compare/",
    ],
)
def test_the_browser_console_has_no_errors_on_the_page(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    # The page fixture fails the test on console errors, uncaught errors and dialogs.


@pytest.mark.parametrize("path", ["/", "/hubs/?region=eu", "/embed/map/", "/zh-hans/"])
def test_the_map_pages_fit_a_phone(page, site_url, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + path)
    page.wait_for_selector("#map-status [data-count]", state="attached")
    if path.startswith("/hubs/"):
        # The directory shows its list first on a phone and its map on demand.
        page.locator("details:not([open]) > summary#map-heading").click()
    expect(page.locator("#map-status [data-count]").first).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("#map").bounding_box()["width"] <= 390
