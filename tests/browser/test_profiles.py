"""Profiles, incubator and region pages in Chromium: maps drawn, hostile text kept as text,
no console errors (the `page` fixture fails a test on any), and no sideways scrolling on a
phone."""

from playwright.sync_api import expect

from tests.factories import HubFactory, IncubatorFactory, MembershipFactory, SiteFactory

DOE = "doe-national-quantum-information-science-research-centers"
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "<script>alert(1)</script>"
PHONE = {"width": 390, "height": 844}


def markers(page, map_id):
    return page.locator(f"#{map_id} .atlas-marker")


def assert_no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"


def test_the_doe_profile_map_draws_one_marker_per_site(page, site_url):
    page.goto(f"{site_url}/hubs/{DOE}/")

    expect(markers(page, "sites-map")).to_have_count(5)
    expect(page.locator("#sites-map")).to_have_attribute("data-markers", "5")
    expect(page.locator("table.site-table tbody tr")).to_have_count(5)


def test_a_site_marker_opens_a_popup_naming_the_site(page, site_url):
    page.goto(f"{site_url}/hubs/chicago-quantum-exchange/")
    marker = page.locator("#sites-map .atlas-marker[title^='University of Chicago']")

    marker.click()

    popup = page.locator("#sites-map .leaflet-popup-content")
    expect(popup).to_contain_text("University of Chicago – Pritzker School of Molecular")
    expect(popup).to_contain_text("Chicago · anchor site")


def test_hostile_names_stay_literal_text_on_the_hub_profile(page, site_url):
    hub = HubFactory(slug="hostile-hub", name_en=HOSTILE, description_en=HOSTILE_SCRIPT)
    MembershipFactory(hub=hub, organization__name=HOSTILE)
    SiteFactory(hub=hub, name=HOSTILE, role=HOSTILE_SCRIPT)
    IncubatorFactory(slug="hostile-incubator", name_en=HOSTILE, affiliated_hub=hub)

    page.goto(f"{site_url}/hubs/hostile-hub/")

    expect(page.locator("h1")).to_have_text(HOSTILE)
    expect(page.locator(".description")).to_have_text(HOSTILE_SCRIPT)
    expect(page.locator("table.member-table tbody th")).to_have_text(HOSTILE)
    expect(page.locator("table.site-table tbody th")).to_contain_text(HOSTILE)
    expect(page.locator("a[href$='/incubators/hostile-incubator/']")).to_have_text(HOSTILE)
    markers(page, "sites-map").first.click()
    popup = page.locator("#sites-map .leaflet-popup-content")
    expect(popup).to_contain_text(HOSTILE)
    expect(popup).to_contain_text(HOSTILE_SCRIPT)
    assert page.locator("img[src='x']").count() == 0
    # The `page` fixture fails the test if alert() opened a dialog.


def test_a_hostile_incubator_name_stays_literal_text_on_its_profile(page, site_url):
    IncubatorFactory(slug="hostile-incubator", name_en=HOSTILE, description_en=HOSTILE_SCRIPT)

    page.goto(f"{site_url}/incubators/hostile-incubator/")

    expect(page.locator("h1")).to_have_text(HOSTILE)
    expect(page.locator(".description")).to_have_text(HOSTILE_SCRIPT)
    markers(page, "incubator-map").click()
    expect(page.locator("#incubator-map .leaflet-popup-content")).to_contain_text(HOSTILE)
    assert page.locator("img[src='x']").count() == 0


def test_the_incubator_list_filters_without_console_errors(page, site_url):
    page.goto(f"{site_url}/incubators/")
    expect(page.locator("table.incubator-table tbody tr")).to_have_count(9)

    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Show incubators").click()

    expect(page.locator("table.incubator-table tbody tr")).to_have_count(1)
    expect(page.locator("table.incubator-table")).to_contain_text("Quantum Technology Enterprise")


def test_an_incubator_profile_shows_its_location_on_a_map(page, site_url):
    page.goto(f"{site_url}/incubators/duality/")

    expect(markers(page, "incubator-map")).to_have_count(1)
    expect(page.locator("[data-fact='startups_supported']")).to_contain_text("15")


def test_an_incubator_profile_without_a_location_says_so(page, site_url):
    page.goto(f"{site_url}/incubators/quantum-valley-lower-saxony-high-tech-incubator/")

    expect(page.get_by_text("Location unknown")).to_be_visible()
    assert page.locator("#incubator-map").count() == 0


def test_the_region_pages_open_without_console_errors(page, site_url):
    page.goto(f"{site_url}/regions/")
    expect(page.locator("h2#group-europe")).to_be_visible()

    page.get_by_role("link", name="European Union", exact=True).first.click()

    expect(page.locator("h1")).to_have_text("European Union")
    expect(page.locator("table.hub-table tbody tr")).to_have_count(24)


def test_the_hub_profile_fits_a_phone_screen(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/hubs/chicago-quantum-exchange/")

    expect(markers(page, "sites-map")).to_have_count(6)
    assert_no_sideways_scrolling(page)


def test_the_chinese_hub_profile_fits_a_phone_screen(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/zh-hans/hubs/national-taiwan-university-ibm-quantum-hub/")

    expect(markers(page, "sites-map")).to_have_count(1)
    assert_no_sideways_scrolling(page)


def test_the_incubator_pages_fit_a_phone_screen(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/incubators/")
    assert_no_sideways_scrolling(page)

    page.goto(f"{site_url}/incubators/duality/")
    expect(markers(page, "incubator-map")).to_have_count(1)
    assert_no_sideways_scrolling(page)


def test_the_region_pages_fit_a_phone_screen(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/regions/")
    assert_no_sideways_scrolling(page)

    page.goto(f"{site_url}/regions/eu/")
    assert_no_sideways_scrolling(page)
