"""On PostgreSQL the hub GeoJSON is built by the database (hub_site_features_json); on
SQLite in Python (site_feature_collection). Both must give the same document: the same
features in the same order, property for property, under every filter."""

import gzip
import json

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from atlas.api.views import DataGZipMiddleware
from bench.scale import ScaleSizes, scale_data_generate
from hubs.api import views
from hubs.models import Hub, TechnologyArea
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
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database builds the GeoJSON on PostgreSQL only"
)


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    """The second request of a pair must reach the view, not the first one's cached copy."""
    settings.ATLAS_RESPONSE_CACHE = False


def both_ways(api, monkeypatch, params):
    """The document as PostgreSQL builds it, then as Python does, through the same view."""
    built_by_the_database = api.get(HUBS, params)
    with monkeypatch.context() as patch:
        patch.setattr(views, "site_feature_collection_json", views.site_feature_collection)
        built_in_python = api.get(HUBS, params)
    assert built_by_the_database.status_code == built_in_python.status_code == 200
    return built_by_the_database.json(), built_in_python.json()


def assert_same_document(by_the_database, in_python):
    assert by_the_database["unlocated"] == in_python["unlocated"]
    assert len(by_the_database["features"]) == len(in_python["features"])
    for built, expected in zip(by_the_database["features"], in_python["features"], strict=True):
        assert built == expected
        assert list(built["properties"]) == list(expected["properties"])  # the same key order
    assert by_the_database == in_python


@on_postgresql
@pytest.mark.parametrize("params", FILTERS)
def test_the_database_builds_the_curated_hubs_geojson_as_python_does(api, monkeypatch, params):
    by_the_database, in_python = both_ways(api, monkeypatch, params)

    assert_same_document(by_the_database, in_python)


@on_postgresql
@pytest.mark.parametrize("params", FILTERS)
def test_the_database_builds_the_synthetic_hubs_geojson_as_python_does(api, monkeypatch, params):
    scale_data_generate(seed=7, sizes=ScaleSizes().scaled(0.01), force=True)

    by_the_database, in_python = both_ways(api, monkeypatch, params)

    assert_same_document(by_the_database, in_python)


@on_postgresql
def test_the_database_writes_awkward_values_as_python_does(api, monkeypatch):
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

    by_the_database, in_python = both_ways(api, monkeypatch, {})

    assert_same_document(by_the_database, in_python)
    awkward = [f for f in by_the_database["features"] if f["properties"]["slug"] == hub.slug]
    assert [f["properties"]["site_name"] for f in awkward] == ["Line\nbreak", ""]
    assert awkward[0]["properties"]["name_en"] == hub.name_en
    assert awkward[0]["properties"]["country"] is None


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


def test_unpublished_hubs_stay_out_of_either_build(api):
    hidden = SiteFactory(hub=HubFactory(published=False)).hub

    collection = api.get(HUBS).json()

    assert hidden.slug not in {f["properties"]["slug"] for f in collection["features"]}
    assert collection["unlocated"] == Hub.objects.published().filter(sites__isnull=True).count()
