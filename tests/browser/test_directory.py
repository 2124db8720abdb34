"""The directory as a reader uses it: filters, list and map in step, the state in the URL."""

import re

from playwright.sync_api import expect

from hubs.models import Hub

NETHERLANDS = [[50.75, 3.36], [53.55, 7.23]]


def stated(page, key):
    locator = page.locator(f'#map-status [data-count="{key}"]')
    expect(locator).to_have_count(1)
    return int(locator.inner_text().replace(",", ""))


def listed(page):
    return page.locator(".hub-card[data-slug]").evaluate_all(
        "cards => cards.map(card => card.dataset.slug)"
    )


def map_ready(page, query):
    """Waits until the map shows the GeoJSON for `query` (the filters it draws)."""
    url = "/api/v1/hubs/geojson/" + (f"?{query}" if query else "")
    expect(page.locator("#map")).to_have_attribute("data-map-url", url)
    expect(page.locator("#map")).not_to_have_attribute("data-loading", "true")


def api(page, site_url, path, query):
    response = page.request.get(f"{site_url}{path}?{query}")
    assert response.ok
    return response.json()


def test_a_filter_changes_both_the_list_and_the_map(page, site_url):
    page.goto(site_url + "/hubs/")
    map_ready(page, "")
    assert stated(page, "hubs") == 98

    page.get_by_label("Economy or continent").select_option("eu")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/hubs/\?region=eu$"))
    map_ready(page, "region=eu")
    expect(page.locator("#results-heading")).to_have_text("24 hubs")
    eu = set(
        Hub.objects.published()
        .filter(region__path__startswith="europe/eu/")
        .values_list("slug", flat=True)
    )
    # The EU's 24 hubs fit one page.
    assert set(listed(page)) == eu
    collection = api(page, site_url, "/api/v1/hubs/geojson/", "region=eu")
    slugs = {feature["properties"]["slug"] for feature in collection["features"]}
    assert stated(page, "places") == len(collection["features"])
    assert stated(page, "hubs") == len(slugs) + collection["unlocated"] == 24
    assert page.evaluate("document.querySelector('#map')._atlasMap.markers.getLayers().length") == (
        len(collection["features"])
    )
    expect(page.locator("#results-heading")).to_be_focused()


def test_moving_the_map_with_search_as_i_move_on_narrows_the_list(page, site_url):
    page.goto(site_url + "/hubs/")
    map_ready(page, "")
    assert len(listed(page)) == 50

    page.get_by_label("Search as I move the map").check()
    expect(page).to_have_url(re.compile(r"bbox="))
    page.evaluate(
        f"document.querySelector('#map')._atlasMap.map.fitBounds({NETHERLANDS}, {{animate: false}})"
    )

    expect(page.locator("#results-heading")).not_to_have_text("25 hubs")
    bbox = re.search(r"bbox=([^&]+)", page.url).group(1)
    west, south, east, north = (float(part) for part in bbox.replace("%2C", ",").split(","))
    assert west <= 3.36 and south <= 50.75 and east >= 7.23 and north >= 53.55
    assert east - west < 20
    in_view = api(page, site_url, "/api/v1/hubs/", f"bbox={bbox}&page_size=500")["results"]
    expect(page.locator("#results-heading")).to_have_text(f"{len(in_view)} hubs")
    expect(page.locator("#directory-announcer")).to_have_text(f"{len(in_view)} hubs")
    assert set(listed(page)) == {hub["slug"] for hub in in_view}
    assert {"quantum-delta-nl", "quantum-internet-alliance"} <= set(listed(page))
    assert len(in_view) < 10
    # The map keeps every hub around the view.
    assert stated(page, "hubs") == 98


def test_the_back_button_restores_the_previous_filter(page, site_url):
    page.goto(site_url + "/hubs/?region=eu")
    map_ready(page, "region=eu")

    page.get_by_label("Kind").select_option("alliance-consortium")
    page.get_by_role("button", name="Apply filters").click()
    map_ready(page, "region=eu&kind=alliance-consortium")
    expect(page.locator("#results-heading")).to_have_text("11 hubs")

    page.go_back()

    expect(page).to_have_url(re.compile(r"/hubs/\?region=eu$"))
    map_ready(page, "region=eu")
    expect(page.locator("#results-heading")).to_have_text("24 hubs")
    expect(page.get_by_label("Kind")).to_have_value("")
    expect(page.get_by_label("Economy or continent")).to_have_value("eu")
    assert stated(page, "hubs") == 24

    page.go_forward()

    map_ready(page, "region=eu&kind=alliance-consortium")
    expect(page.locator("#results-heading")).to_have_text("11 hubs")


def test_the_back_button_undoes_a_map_search(page, site_url):
    page.goto(site_url + "/hubs/")
    map_ready(page, "")
    page.get_by_label("Search as I move the map").check()
    expect(page).to_have_url(re.compile(r"bbox="))

    page.go_back()

    expect(page).to_have_url(re.compile(r"/hubs/$"))
    expect(page.get_by_label("Search as I move the map")).not_to_be_checked()
    expect(page.locator("#results-heading")).to_have_text("98 hubs")


def test_a_shared_map_search_opens_on_the_same_view(page, site_url):
    page.goto(site_url + "/hubs/?bbox=3.3,50.7,7.3,53.6")
    map_ready(page, "")

    expect(page.get_by_label("Search as I move the map")).to_be_checked()
    bounds = page.evaluate(
        "(() => { const b = document.querySelector('#map')._atlasMap.map.getBounds();"
        " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()"
    )
    assert bounds[0] <= 3.3 and bounds[1] <= 50.7 and bounds[2] >= 7.3 and bounds[3] >= 53.6
    assert bounds[2] - bounds[0] < 20
    page.wait_for_timeout(800)  # a move the page made itself must not search again
    expect(page).to_have_url(re.compile(r"\?bbox=3.3,50.7,7.3,53.6$"))


def test_sorting_and_turning_pages_keep_the_filters(page, site_url):
    page.goto(site_url + "/hubs/")
    map_ready(page, "")

    page.get_by_label("Sort by").select_option("-founded")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"ordering=-founded"))
    newest_first = api(page, site_url, "/api/v1/hubs/", "ordering=-founded&page_size=500")
    expected = [hub["slug"] for hub in newest_first["results"]]
    expect(page.locator(".hub-card").first).to_have_attribute("data-slug", expected[0])

    page.get_by_role("link", name="Next page").click()

    expect(page).to_have_url(re.compile(r"ordering=-founded&page=2"))
    expect(page.locator(".hub-card").first).to_have_attribute("data-slug", expected[50])
    assert listed(page) == expected[50:]
    map_ready(page, "")


def test_the_downloads_follow_the_filters(page, site_url):
    page.goto(site_url + "/hubs/")
    map_ready(page, "")
    page.get_by_label("Quantum software").check()
    page.get_by_role("button", name="Apply filters").click()
    map_ready(page, "technology=software")

    csv = page.get_by_role("link", name="CSV")
    geojson = page.get_by_role("link", name="GeoJSON")

    expect(csv).to_have_attribute("href", "/api/v1/hubs/?technology=software&format=csv&labels=en")
    expect(geojson).to_have_attribute("href", "/api/v1/hubs/geojson/?technology=software")
    rows = page.request.get(site_url + csv.get_attribute("href")).text().strip().splitlines()
    assert len(rows) - 1 == len(listed(page))


def test_bad_filters_show_the_form_errors(page, page_watch, site_url):
    page_watch.allow_console_error(r"status of 400")

    page.goto(site_url + "/hubs/?founded_min=nineteen")

    expect(page.get_by_role("alert")).to_contain_text("Founded from: Enter a whole number.")
    expect(page.get_by_label("from", exact=True)).to_have_attribute("aria-invalid", "true")


def results(page):
    expect(page.locator("#directory")).not_to_have_attribute("aria-busy", "true")
    return listed(page)


def test_on_a_phone_the_list_comes_first_and_the_filters_open_on_demand(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/zh-hans/hubs/?region=eu&technology=computing")
    map_ready(page, "region=eu&technology=computing")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator(".hub-card").first.bounding_box()
    assert first["y"] + 60 < 844, "the first result is in the first screen"
    toggle = page.locator("#filters-toggle")
    expect(toggle).to_have_text("筛选（2）")
    assert toggle.bounding_box()["height"] >= 44
    search = page.locator("#filter-q")
    expect(search).to_be_hidden()

    toggle.click()

    expect(search).to_be_visible()
    search.press_sequentially("delta")
    # Applied after a pause in typing: the list and the address follow, the field keeps focus.
    expect(page).to_have_url(re.compile(r"/zh-hans/hubs/\?q=delta&region=eu&technology=computing$"))
    found = api(page, site_url, "/api/v1/hubs/", "region=eu&technology=computing&q=delta")
    expect(page.locator(".hub-card[data-slug]")).to_have_count(found["count"])
    assert results(page) == [hub["slug"] for hub in found["results"]]
    expect(search).to_be_focused()
    expect(toggle).to_have_text("筛选（3）")
    page.locator("#map-heading").click()
    map_ready(page, "q=delta&region=eu&technology=computing")
    assert page.locator("#map").bounding_box()["height"] > 200

    page.go_back()

    expect(page).to_have_url(re.compile(r"\?region=eu&technology=computing$"))
    expect(page.locator(".hub-card[data-slug]")).not_to_have_count(found["count"])


def test_a_copied_link_and_the_embed_snippet_reproduce_the_view(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "/hubs/")
    map_ready(page, "")
    page.get_by_label("Search", exact=True).fill("quantum")
    expect(page).to_have_url(re.compile(r"\?q=quantum$"))
    page.get_by_label("Sort by").select_option("-founded")
    expect(page).to_have_url(re.compile(r"\?q=quantum&ordering=-founded$"))
    shown = results(page)

    page.get_by_text("Share or embed this view").click()
    page.get_by_role("button", name="Copy link").click()

    expect(page.locator("#copy-status")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_url + "/hubs/?q=quantum&ordering=-founded"
    snippet = page.locator("#embed-code").input_value()
    src = re.search(r'src="([^"]+)"', snippet).group(1)
    assert src == site_url + "/embed/map/?q=quantum"
    preview = page.frame_locator("#embed-preview")
    expect(preview.locator("#map")).to_have_attribute("data-loaded", "true")
    map_url = page.locator("#map").get_attribute("data-map-url")

    page.goto(copied)
    assert results(page) == shown
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(src)
    expect(page.locator("#map")).to_have_attribute("data-map-url", map_url)
    box = page.locator("#map").bounding_box()
    assert box["height"] > 600, "the embedded map fills its frame"
