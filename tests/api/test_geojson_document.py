"""The hub GeoJSON, computed property by property from the records: a feature per site, in
the hubs' order (as the list gives it) and each hub's sites in Site order, its properties
the hub as the list serializer gives it (less `location`) and the site's. The same document
on SQLite and PostgreSQL, under every filter."""

import gzip
import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from atlas.api.views import DataGZipMiddleware
from bench.scale import ScaleSizes, scale_data_generate
from hubs.api.serializers import HubListSerializer
from hubs.models import Hub, TechnologyArea
from regions.models import RegionIndex
from tests.factories import HubFactory, SiteFactory

pytestmark = pytest.mark.django_db

HUBS = "/api/v1/hubs/geojson/"
FILTERS = [
    {},
    {"region": "us"},
    {"region": "europe"},
    {"country": ["DE", "NL"]},
    {"technology": ["computing", "sensing"]},
    {"kind": "alliance-consortium"},
    {"bbox": "3.3,50.7,7.3,53.6"},
    {"bbox": "170,-50,-170,50"},  # across the antimeridian
    {"q": "quantum"},
    {"has_location": "false"},
    {"founded_min": "2015", "ordering": "-founded"},
    {"ordering": "member_count"},
]


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.ATLAS_RESPONSE_CACHE = False


def in_box(site, bbox):
    if not bbox:
        return True
    min_lon, min_lat, max_lon, max_lat = map(float, bbox.split(","))
    if not min_lat <= site.latitude <= max_lat:
        return False
    if min_lon <= max_lon:
        return min_lon <= site.longitude <= max_lon
    return site.longitude >= min_lon or site.longitude <= max_lon


def expected_document(api, params):
    """The document as the records give it, hub by hub and site by site."""
    listed = api.get("/api/v1/hubs/", {**params, "page_size": 500}).json()
    assert listed["count"] <= 500
    slugs = [row["slug"] for row in listed["results"]]
    hubs = {hub.slug: hub for hub in Hub.objects.filter(slug__in=slugs)}
    request = Request(APIRequestFactory().get(HUBS))
    context = {"request": request, "regions": RegionIndex()}
    features, unlocated = [], 0
    for slug in slugs:
        hub = hubs[slug]
        row = json.loads(json.dumps(HubListSerializer(hub, context=context).data))
        del row["location"]
        sites = list(hub.sites.order_by("-is_primary", "city", "name"))
        unlocated += not sites
        # With a box, only the sites inside it (a hub's other sites are off the map).
        sites = [site for site in sites if in_box(site, params.get("bbox"))]
        for site in sites:
            properties = row | {
                "site_name": site.name,
                "site_city": site.city,
                "site_country": site.country.code or None,
                "site_is_primary": site.is_primary,
            }
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [site.longitude, site.latitude]},
                    "properties": properties,
                }
            )
    return {"type": "FeatureCollection", "unlocated": unlocated, "features": features}


def assert_document(api, params):
    response = api.get(HUBS, params)
    assert response.status_code == 200
    document, expected = response.json(), expected_document(api, params)
    assert document["unlocated"] == expected["unlocated"]
    assert len(document["features"]) == len(expected["features"])
    for built, wanted in zip(document["features"], expected["features"], strict=True):
        assert built == wanted
        assert list(built["properties"]) == list(wanted["properties"])  # the same key order
    assert list(document) == ["type", "unlocated", "features"]
    assert document == expected
    return document


@pytest.mark.parametrize("params", FILTERS)
def test_the_curated_hubs_geojson_is_the_records_site_by_site(api, params):
    assert_document(api, params)


@pytest.mark.parametrize("params", FILTERS)
def test_the_synthetic_hubs_geojson_is_the_records_site_by_site(api, params):
    scale_data_generate(seed=7, sizes=ScaleSizes().scaled(0.01), force=True)

    assert_document(api, params)


def test_awkward_values_come_through_as_they_are(api):
    hub = HubFactory(
        name_en='A "quoted" \\ back\\slashed\ttabbed hub',
        name_zh="量子 \u2028 中心",
        acronym="",
        country="",
        member_count=None,
    )
    SiteFactory(hub=hub, name="Line\nbreak", country="", longitude=4.0, latitude=-0.000001)
    SiteFactory(hub=hub, city="Évry", is_primary=False, longitude=-180, latitude=89.999999)
    hub.technology_areas.set(TechnologyArea.objects.all())
    HubFactory(name_en="A hub with no site")

    document = assert_document(api, {})

    awkward = [f for f in document["features"] if f["properties"]["slug"] == hub.slug]
    assert [f["properties"]["site_name"] for f in awkward] == ["Line\nbreak", ""]
    assert awkward[0]["properties"]["name_en"] == hub.name_en
    assert awkward[0]["properties"]["country"] is None
    assert awkward[0]["geometry"]["coordinates"] == [4.0, -0.000001]


def test_an_indented_geojson_is_the_same_document(api):
    compact = api.get(HUBS, HTTP_ACCEPT="application/geo+json")
    indented = api.get(HUBS, HTTP_ACCEPT="application/geo+json; indent=2")

    assert indented.content.startswith(b'{\n  "type": "FeatureCollection"')
    assert json.loads(indented.content) == json.loads(compact.content)


def test_the_browsable_api_shows_the_geojson(api):
    response = api.get(HUBS, {"region": "us"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "FeatureCollection" in response.content.decode()


def test_a_response_of_megabytes_is_gzipped_whole():
    body = json.dumps([{"slug": f"hub-{n}", "name_en": f"Hub {n}"} for n in range(120_000)])
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = '"abc"'
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")

    compressed = DataGZipMiddleware(lambda request: response).process_response(request, response)

    assert len(body) > DataGZipMiddleware.large_body
    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Vary"] == "Accept-Encoding"
    assert compressed["ETag"] == 'W/"abc"'
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(body) / 5
    assert gzip.decompress(compressed.content).decode() == body


def test_a_response_of_megabytes_is_left_alone_for_a_client_without_gzip():
    body = "[" + ",".join(["1"] * 2_400_000) + "]"
    response = HttpResponse(body, content_type="application/json")
    request = RequestFactory().get("/")

    plain = DataGZipMiddleware(lambda request: response).process_response(request, response)

    assert not plain.has_header("Content-Encoding")
    assert plain["Vary"] == "Accept-Encoding"
    assert plain.content.decode() == body


def test_unpublished_hubs_stay_off_the_map(api):
    hidden = SiteFactory(hub=HubFactory(published=False)).hub

    collection = api.get(HUBS).json()

    assert hidden.slug not in {f["properties"]["slug"] for f in collection["features"]}
    assert collection["unlocated"] == Hub.objects.published().filter(sites__isnull=True).count()
