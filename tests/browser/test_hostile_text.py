"""Script and HTML in every text field of a hub, its site, an organisation, an incubator and
a source stay text on every page that shows them, in the lists, the profiles and the map
popups: nothing runs (no dialog, `window.__xss` never set), no element is made from them,
and a javascript: address never becomes a link.

The fields come from the models' _meta, so a text field added later is tried too.
"""

import pytest
from django.db import models
from playwright.sync_api import expect

from hubs.models import Hub, HubCitation, Membership, Organization, Site, Source
from incubators.models import Incubator, IncubatorCitation
from regions.models import Region

PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
)
# For the short fields (a currency, an identifier): still markup, just less of it.
SHORT_PAYLOADS = ('"><svg onload=1>', "<b>x</b>", "<b>")
JAVASCRIPT_URL = "javascript:window.__xss=1"
# Loaded by the importer, never shown: its shape is the importer's business.
NOT_TEXT = {"dataset_values"}
# Far from every curated hub and incubator, so their markers stand alone on the world map.
ANCHORAGE = {"latitude": 61.22, "longitude": -149.9}


def hostile_text(label, max_length=None):
    """`label` and every payload, or the longest payload the field can hold."""
    for text in (f"{label} {''.join(PAYLOADS)}", *PAYLOADS, *SHORT_PAYLOADS):
        if max_length is None or len(text) <= max_length:
            return text
    raise AssertionError(f"{label} holds fewer than 3 characters")


def hostile_values(model):
    """Every free-text field of `model` filled with markup; URL fields with javascript:."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.is_relation or field.choices or field.name in NOT_TEXT:
            continue
        label = f"{model.__name__}.{field.name}"
        if isinstance(field, models.URLField):
            values[field.name] = JAVASCRIPT_URL
        elif isinstance(field, models.SlugField):
            continue
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = hostile_text(label, field.max_length)
        elif isinstance(field, models.JSONField):
            values[field.name] = [hostile_text(label)]
    return values


@pytest.fixture
def hostile(site_url):
    """A published hub, site, member organisation, incubator and source, all markup."""
    us = Region.objects.get(slug="us")
    organization = Organization.objects.create(
        slug="hostile-organisation", country="US", published=True, **hostile_values(Organization)
    )
    hub = Hub.objects.create(
        slug="hostile-hub",
        kind=Hub.Kind.ALLIANCE,
        country="US",
        region=us,
        founded=2020,
        member_count=10,
        funding_amount=1000,
        published=True,
        **hostile_values(Hub),
    )
    Site.objects.create(hub=hub, country="US", is_primary=True, **ANCHORAGE, **hostile_values(Site))
    Membership.objects.create(hub=hub, organization=organization, **hostile_values(Membership))
    incubator = Incubator.objects.create(
        slug="hostile-incubator",
        country="US",
        latitude=61.5,
        longitude=-149.5,
        status=Incubator.Status.ACTIVE,
        funds_raised_amount=5,
        affiliated_hub=hub,
        published=True,
        **hostile_values(Incubator),
    )
    incubator.portfolio.add(organization)
    source = Source.objects.create(**hostile_values(Source))
    HubCitation.objects.create(hub=hub, source=source, field="website")
    IncubatorCitation.objects.create(incubator=incubator, source=source, field="website")
    return {
        "hub": hub.name_en,
        "hub_zh": hub.name_zh,
        "incubator": incubator.name_en,
        "organization": organization.name,
        "site": hub.sites.get().name,
    }


def assert_inert(page):
    """Nothing the payloads hold ran or became an element or a javascript: link."""
    state = page.evaluate(
        """() => ({
            xss: typeof window.__xss,
            elements: document.querySelectorAll('img[src="x"], [onerror], [onload]').length,
            scripts: [...document.scripts].filter(
                (script) => script.type !== "application/json" && script.text.includes("__xss")
            ).length,
            javascriptLinks: [...document.querySelectorAll("a[href]")].filter(
                (link) => link.protocol === "javascript:"
            ).length,
        })"""
    )
    assert state == {"xss": "undefined", "elements": 0, "scripts": 0, "javascriptLinks": 0}


def assert_shows(page, *texts):
    body = page.locator("body").inner_text()
    for text in texts:
        assert text in body, text


def open_popup(page, marker_selector, text, keyboard=False):
    """Clicks the one marker `marker_selector` finds (or, `keyboard`, focuses it and presses
    Enter); the popup that opens holds `text`."""
    marker = page.locator(marker_selector)
    expect(marker).to_have_count(1)
    popup = page.locator(".leaflet-popup-content", has_text=text)
    if keyboard:
        marker.focus()
        page.keyboard.press("Enter")
        expect(popup).to_be_visible()
        return popup
    # A click while the map still zooms to fit its markers can miss the moving marker (seen
    # on a loaded machine); a second click is what a reader would do.
    for _attempt in range(2):
        marker.click()
        try:
            expect(popup).to_be_visible()
            return popup
        except AssertionError:
            continue
    marker.click()
    expect(popup).to_be_visible()
    return popup


def test_the_hub_profile_shows_every_field_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/hubs/hostile-hub/")

    expect(page.locator("h1")).to_contain_text(hostile["hub"])
    hub = Hub.objects.get(slug="hostile-hub")
    assert_shows(
        page,
        hub.acronym,
        hub.description_en,
        hub.funding_note,
        hub.funding_currency,
        JAVASCRIPT_URL,
        hostile["site"],
        hostile["organization"],
        hostile["incubator"],
    )
    open_popup(page, "#sites-map .atlas-marker", hostile["site"])
    assert_inert(page)


def test_the_chinese_hub_profile_shows_the_chinese_fields_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/zh-hans/hubs/hostile-hub/")

    expect(page.locator("h1")).to_contain_text(hostile["hub_zh"])
    assert_shows(page, Hub.objects.get(slug="hostile-hub").description_zh)
    assert_inert(page)


def test_the_directory_lists_and_maps_the_hub_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/hubs/?q=Hub.name_en")
    page.wait_for_selector("#map-status [data-count]")

    expect(page.locator(".hub-card__name a")).to_have_text(hostile["hub"])
    popup = open_popup(page, ".atlas-marker--hub", hostile["hub"])
    expect(popup).to_contain_text(hostile["site"])
    assert_inert(page)


def test_the_home_map_popups_show_the_names_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/")
    page.wait_for_selector("#map-status [data-count]")

    open_popup(page, '.atlas-marker--hub[title^="Hub.name_en "]', hostile["hub"])
    page.get_by_label("Show incubators and accelerators").check()
    # The incubator lies under the hub near Anchorage, which takes the clicks there.
    incubator = '.atlas-marker--incubator[title^="Incubator.name_en "]'
    open_popup(page, incubator, hostile["incubator"], keyboard=True)
    assert_inert(page)


def test_the_embed_map_popup_shows_the_name_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/embed/map/?q=Hub.name_en")
    page.wait_for_selector("#map-status [data-count]")

    open_popup(page, ".atlas-marker--hub", hostile["hub"])
    assert_inert(page)


def test_the_incubator_list_and_profile_show_every_field_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/incubators/?q=Incubator.name_en")
    assert_shows(page, hostile["incubator"], hostile["hub"])
    assert_inert(page)

    page.goto(f"{site_url}/incubators/hostile-incubator/")
    expect(page.locator("h1")).to_contain_text(hostile["incubator"])
    incubator = Incubator.objects.get(slug="hostile-incubator")
    assert_shows(
        page,
        incubator.description_en,
        incubator.host_institution,
        incubator.funds_raised_note,
        incubator.city,
        JAVASCRIPT_URL,
        hostile["organization"],
    )
    open_popup(page, "#incubator-map .atlas-marker", hostile["incubator"])
    assert_inert(page)


def test_the_organisation_profile_shows_every_field_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/organizations/hostile-organisation/")

    expect(page.locator("h1")).to_contain_text(hostile["organization"])
    organization = Organization.objects.get(slug="hostile-organisation")
    assert_shows(
        page,
        organization.notes,
        organization.ror_id,
        organization.wikidata_id,
        JAVASCRIPT_URL,
        hostile["hub"],
        hostile["incubator"],
    )
    assert_inert(page)


def test_the_region_page_lists_the_names_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/regions/us/")

    assert_shows(page, hostile["hub"], hostile["incubator"])
    assert_inert(page)


def test_the_compare_page_shows_the_hub_as_text(page, site_url, hostile):
    page.goto(f"{site_url}/compare/?hubs=hostile-hub,chicago-quantum-exchange")

    hub = Hub.objects.get(slug="hostile-hub")
    assert_shows(page, hostile["hub"], hub.funding_note)
    assert_inert(page)


def test_the_insights_page_stays_inert(page, site_url, hostile):
    page.goto(f"{site_url}/insights/?q=Hub.name_en")

    expect(page.locator("canvas").first).to_be_visible()
    assert_inert(page)
