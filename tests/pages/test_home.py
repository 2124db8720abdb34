import html
import json
import re
from collections import Counter

import pytest
from django.urls import reverse

from hubs.models import Hub, Organization
from incubators.models import Incubator
from tests.factories import (
    HubFactory,
    IncubatorFactory,
    MembershipFactory,
    OrganizationFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

QUERY_BOUND = 6


def get(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def figures(body):
    return {
        name: int(value.replace(",", ""))
        for name, value in re.findall(r'data-figure="([^"]+)">([\d,]+)<', body)
    }


def json_script(body, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', body)
    return json.loads(match.group(1))


def unlocated_names(body):
    listing = body.split('id="unlocated-hubs">', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(name) for name in re.findall(r'<a href="[^"]+">([^<]+)</a>', listing)]


def economy_rows(body):
    table = body.split('id="economies-heading"', 1)[1].split("</tbody>", 1)[0]
    return {
        html.unescape(name): int(count)
        for name, count in re.findall(
            r'<th scope="row"><a [^>]+>([^<]+)</a></th>\s*<td class="number"><a [^>]+>(\d+)</a>',
            table,
        )
    }


def test_it_shows_the_database_counts_as_headline_figures(client):
    published = Hub.objects.published().select_related("region")

    shown = figures(get(client))

    assert shown == {
        "hubs": published.count(),
        "economies": len({hub.economy.slug for hub in published}),
        "organizations": Organization.objects.filter(published=True).count(),
        "incubators": Incubator.objects.published().count(),
    }
    assert shown["hubs"] == 98
    assert shown["economies"] == 17
    assert shown["incubators"] == 9


def test_its_figures_leave_out_unpublished_records(client):
    before = figures(get(client))
    HubFactory(published=False)
    OrganizationFactory(published=False)
    IncubatorFactory(published=False)

    assert figures(get(client)) == before


def test_it_lists_the_hubs_without_a_known_location_below_the_map(client):
    expected = set(
        Hub.objects.published().filter(sites__isnull=True).values_list("name_en", flat=True)
    )

    names = unlocated_names(get(client))

    assert set(names) == expected
    assert "UKQuantum" in names
    assert len(names) == 30


def test_it_leaves_unpublished_hubs_out_of_the_page(client):
    HubFactory(name_en="Secret Draft Hub", published=False)

    body = get(client)

    assert "Secret Draft Hub" not in body
    assert "Secret Draft Hub" not in unlocated_names(body)


def test_it_shows_chinese_names_on_chinese_pages(client):
    english = unlocated_names(get(client))
    chinese = unlocated_names(get(client, "/zh-hans/"))

    assert "UKQuantum" in english
    assert "英国量子联盟" in chinese
    assert "UKQuantum" not in chinese


def test_its_map_loads_every_published_hub_from_the_geojson_api(client):
    body = get(client)

    assert 'data-map-url="/api/v1/hubs/geojson/"' in body
    assert 'data-incubator-url="/api/v1/incubators/geojson/"' in body
    assert '<div id="map" class="map map--home"' in body


def test_its_choropleth_counts_the_hubs_of_each_country(client):
    expected = Counter(hub.country.code for hub in Hub.objects.published() if hub.country)

    counts = json_script(get(client), "map-counts")

    assert counts == dict(expected)
    assert counts["US"] == 17


def test_it_maps_the_outlines_numeric_ids_to_country_codes(client):
    codes = json_script(get(client), "country-codes")

    assert codes["840"] == "US"
    assert codes["528"] == "NL"
    assert codes["158"] == "TW"
    assert codes["036"] == "AU"


def test_its_popups_link_to_profiles_in_the_page_language(client):
    english = json_script(get(client), "map-config")
    chinese = json_script(get(client, "/zh-hans/"), "map-config")

    assert english["hubUrl"] == "/hubs/__slug__/"
    assert chinese["hubUrl"] == "/zh-hans/hubs/__slug__/"
    assert chinese["incubatorUrl"] == "/zh-hans/incubators/__slug__/"
    assert english["labels"]["kinds"]["alliance-consortium"] == "alliance or consortium"
    assert english["outlinesUrl"].endswith("world-atlas/countries-110m.json")


def test_it_tabulates_the_hubs_of_each_economy(client):
    rows = economy_rows(get(client))

    assert rows["European Union"] == 24
    assert rows["United States"] == 17
    assert sum(rows.values()) == 98


def test_it_links_to_every_part_of_the_atlas(client):
    body = get(client)

    for name in ("hubs:directory", "incubators:list", "regions:list", "hubs:insights"):
        assert f'href="{reverse(name)}"' in body
    assert f'href="{reverse("hubs:compare")}"' in body
    assert f'href="{reverse("hubs:embed-map")}"' in body


def test_it_shows_a_hub_name_as_text(client):
    HubFactory(name_en="<script>alert(1)</script>")

    body = get(client)

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_it_carries_no_inline_script_or_style(client):
    body = get(client)

    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert all('type="application/json"' in attributes for attributes in scripts)
    assert " style=" not in body


def test_its_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_BOUND):
        get(client)
    for _ in range(30):
        hub = HubFactory(country="DE", region=None)
        SiteFactory(hub=hub, city="Berlin", country="DE", latitude=52.52, longitude=13.4)
        MembershipFactory(hub=hub)
        IncubatorFactory()
    HubFactory.create_batch(5)

    with django_assert_max_num_queries(QUERY_BOUND):
        body = get(client)

    assert figures(body)["hubs"] == 133
