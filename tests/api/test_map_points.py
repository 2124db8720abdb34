import gzip
import json
from collections import Counter

import pytest
from drf_spectacular.generators import SchemaGenerator

from hubs.models import Hub, Site, TechnologyArea
from tests.factories import HubFactory, SiteFactory

pytestmark = pytest.mark.django_db

MAP = "/api/v1/hubs/map/"
GEOJSON = "/api/v1/hubs/geojson/"


def sites_per_hub(collection):
    return Counter(feature["properties"]["slug"] for feature in collection["features"])


def points_per_hub(payload):
    return Counter(payload["hubs"][index][0] for _, _, index in payload["points"])


def add_hubs_with_sites(count):
    computing = TechnologyArea.objects.get(slug="computing")
    for _ in range(count):
        hub = HubFactory()
        hub.technology_areas.add(computing)
        SiteFactory(hub=hub)
        SiteFactory(hub=hub, city="Urbana", latitude=40.11, longitude=-88.21, is_primary=False)


def test_it_has_the_same_hubs_sites_and_unlocated_count_as_the_geojson(api):
    payload = api.get(MAP).json()
    collection = api.get(GEOJSON).json()

    assert points_per_hub(payload) == sites_per_hub(collection)
    assert payload["unlocated"] == collection["unlocated"]
    assert len(payload["points"]) == Site.objects.filter(hub__published=True).count()


def test_it_lists_each_located_hub_once_with_its_name_and_kind(api):
    payload = api.get(MAP).json()

    slugs = [slug for slug, _, _ in payload["hubs"]]
    assert len(slugs) == len(set(slugs))
    hub = Hub.objects.get(slug="quantum-delta-nl")
    assert [hub.slug, hub.name_en, hub.kind] in payload["hubs"]


def test_it_places_each_point_at_a_site_of_its_hub_longitude_first(api):
    payload = api.get(MAP).json()

    index = [slug for slug, _, _ in payload["hubs"]].index("quantum-delta-nl")
    places = {(longitude, latitude) for longitude, latitude, i in payload["points"] if i == index}
    sites = Site.objects.filter(hub__slug="quantum-delta-nl")
    assert places == {(site.longitude, site.latitude) for site in sites}
    assert (4.36, 52.01) in places


def test_it_leaves_out_unpublished_hubs(api):
    hidden = HubFactory(published=False)
    SiteFactory(hub=hidden)

    payload = api.get(MAP).json()

    assert hidden.slug not in {slug for slug, _, _ in payload["hubs"]}


def test_it_counts_a_hub_without_a_site_as_unlocated(api):
    before = api.get(MAP).json()["unlocated"]
    HubFactory()

    assert api.get(MAP).json()["unlocated"] == before + 1


@pytest.mark.parametrize(
    "query", [{"technology": "computing"}, {"kind": "research-center"}, {"region": "europe"}]
)
def test_it_takes_the_same_filters_as_the_geojson(api, query):
    payload = api.get(MAP, query).json()
    collection = api.get(GEOJSON, query).json()

    assert points_per_hub(payload) == sites_per_hub(collection)
    assert payload["unlocated"] == collection["unlocated"]
    assert len(points_per_hub(payload)) < Hub.objects.published().count()


def test_it_rejects_a_bad_filter_as_the_geojson_does(api):
    response = api.get(MAP, {"technology": "no-such-area"})

    assert response.status_code == 400
    assert response.json() == api.get(GEOJSON, {"technology": "no-such-area"}).json()


def test_it_names_hubs_in_chinese_for_a_chinese_client(api):
    hub = Hub.objects.exclude(name_zh="").filter(published=True, sites__isnull=False).first()

    payload = api.get(MAP, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert [hub.slug, hub.name_zh, hub.kind] in payload["hubs"]


def test_it_gzips_for_a_client_that_accepts_it(api):
    response = api.get(MAP, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content)) == api.get(MAP).json()


def test_it_does_not_gzip_the_browsable_api_which_carries_a_csrf_token(api):
    response = api.get(MAP, HTTP_ACCEPT="text/html", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Type"].startswith("text/html")
    assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize("extra", [3, 60])
def test_its_query_count_does_not_grow_with_the_hubs(api, django_assert_max_num_queries, extra):
    add_hubs_with_sites(extra)

    with django_assert_max_num_queries(3):
        response = api.get(MAP, {"technology": "computing"})

    assert len(response.json()["points"]) > 2 * extra


def test_its_schema_documents_the_compact_shape_and_the_filters():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operation = schema["paths"][MAP]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"technology", "kind", "region", "bbox"} <= parameters
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/HubMap"}
    properties = schema["components"]["schemas"]["HubMap"]["properties"]
    assert set(properties) == {"unlocated", "hubs", "points"}
