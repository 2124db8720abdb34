import pytest
from drf_spectacular.generators import SchemaGenerator

from hubs.models import Hub, Site, TechnologyArea
from incubators.models import Incubator
from regions.models import Region
from tests.factories import HubFactory, IncubatorFactory, SiteFactory

pytestmark = pytest.mark.django_db

HUBS = "/api/v1/hubs/geojson/"
INCUBATORS = "/api/v1/incubators/geojson/"


def features_of(response, slug):
    return [f for f in response.json()["features"] if f["properties"]["slug"] == slug]


def add_hubs_with_sites(count):
    computing = TechnologyArea.objects.get(slug="computing")
    for _ in range(count):
        hub = HubFactory()
        hub.technology_areas.add(computing)
        SiteFactory(hub=hub)
        SiteFactory(hub=hub, city="Urbana", latitude=40.11, longitude=-88.21, is_primary=False)


@pytest.mark.parametrize("url", [HUBS, INCUBATORS])
def test_it_answers_an_rfc_7946_feature_collection_of_points(api, url):
    response = api.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90


@pytest.mark.parametrize("url", [HUBS, INCUBATORS])
def test_it_negotiates_geojson_and_plain_json(api, url):
    geojson = api.get(url, HTTP_ACCEPT="application/geo+json")
    as_json = api.get(url, HTTP_ACCEPT="application/json")
    by_suffix = api.get(url.rstrip("/") + ".geojson")

    assert geojson["Content-Type"] == "application/geo+json"
    assert as_json["Content-Type"] == "application/json"
    assert by_suffix["Content-Type"] == "application/geo+json"
    assert geojson.json() == as_json.json() == by_suffix.json()


def test_it_puts_longitude_first(api):
    (delft,) = [
        f
        for f in features_of(api.get(HUBS), "quantum-delta-nl")
        if f["properties"]["site_city"] == "Delft"
    ]

    assert delft["geometry"]["coordinates"] == [4.36, 52.01]


def test_it_gives_a_network_hub_one_feature_per_site(api):
    response = api.get(HUBS)

    doe = features_of(response, "doe-national-quantum-information-science-research-centers")
    assert len(doe) == 5
    assert len(response.json()["features"]) == Site.objects.filter(hub__published=True).count()


def test_it_describes_each_site_and_its_hub(api):
    features = features_of(api.get(HUBS), "quantum-delta-nl")
    hub = Hub.objects.get(slug="quantum-delta-nl")

    assert {f["properties"]["site_city"] for f in features} == set(
        hub.sites.values_list("city", flat=True)
    )
    assert [f["properties"]["site_is_primary"] for f in features].count(True) == 1
    properties = features[0]["properties"]
    assert properties["name_en"] == hub.name_en
    assert properties["name_zh"] == "量子三角洲"
    assert properties["economy"] == "eu"
    assert properties["kind"] == hub.kind
    assert properties["member_count"] == hub.member_count
    assert properties["technologies"] == list(hub.technology_areas.values_list("slug", flat=True))


def test_it_links_each_feature_to_its_json_record(api):
    for url in (HUBS + "?format=geojson", HUBS.rstrip("/") + ".geojson"):
        (feature, *_) = features_of(api.get(url), "quantum-delta-nl")

        record = api.get(feature["properties"]["url"])

        assert record.status_code == 200
        assert record.json()["slug"] == "quantum-delta-nl"


def test_it_counts_the_hubs_it_cannot_place(api):
    without_site = Hub.objects.published().filter(sites__isnull=True).count()

    collection = api.get(HUBS).json()

    assert without_site > 0
    assert collection["unlocated"] == without_site
    placed = {f["properties"]["slug"] for f in collection["features"]}
    assert not placed & set(
        Hub.objects.published().filter(sites__isnull=True).values_list("slug", flat=True)
    )


def test_it_applies_the_hub_filters(api):
    us = Region.objects.get(slug="us")
    expected = Hub.objects.published().in_region(us)

    collection = api.get(HUBS, {"region": "us"}).json()

    assert collection["features"]
    assert {f["properties"]["economy"] for f in collection["features"]} == {"us"}
    assert {f["properties"]["slug"] for f in collection["features"]} == set(
        expected.filter(sites__isnull=False).values_list("slug", flat=True)
    )
    assert collection["unlocated"] == expected.filter(sites__isnull=True).count()


def test_it_answers_400_to_a_bad_filter(api):
    response = api.get(HUBS, {"region": "atlantis"})

    assert response.status_code == 400
    assert "region" in response.json()


def test_it_leaves_out_unpublished_hubs(api):
    hidden = SiteFactory(hub=HubFactory(published=False)).hub

    slugs = {f["properties"]["slug"] for f in api.get(HUBS).json()["features"]}

    assert hidden.slug not in slugs


def test_it_is_not_paginated(api):
    add_hubs_with_sites(60)

    collection = api.get(HUBS).json()

    assert "results" not in collection
    assert len(collection["features"]) == Site.objects.filter(hub__published=True).count()
    assert len({f["properties"]["slug"] for f in collection["features"]}) > 60


@pytest.mark.parametrize("extra", [3, 60])
def test_its_query_count_does_not_grow_with_the_hubs(api, django_assert_max_num_queries, extra):
    add_hubs_with_sites(extra)

    # On PostgreSQL: the regions, the technology, then the GeoJSON in a transaction of its
    # own (SET LOCAL and the query), which inside a test's transaction is a savepoint pair.
    with django_assert_max_num_queries(6):
        response = api.get(HUBS, {"technology": "computing"})

    assert len(response.json()["features"]) > 2 * extra


def test_it_places_each_located_incubator_at_its_coordinates(api):
    collection = api.get(INCUBATORS).json()

    published = Incubator.objects.published()
    located = published.filter(latitude__isnull=False)
    assert len(collection["features"]) == located.count()
    assert collection["unlocated"] == published.filter(latitude__isnull=True).count()
    for feature in collection["features"]:
        incubator = located.get(slug=feature["properties"]["slug"])
        assert feature["geometry"]["coordinates"] == [incubator.longitude, incubator.latitude]
        assert feature["properties"]["status"] == incubator.status
        assert feature["properties"]["affiliated_hub"] == (
            incubator.affiliated_hub.slug if incubator.affiliated_hub else None
        )


def test_it_applies_the_incubator_filters(api):
    collection = api.get(INCUBATORS, {"status": "closed"}).json()

    assert collection["features"]
    assert {f["properties"]["status"] for f in collection["features"]} == {"closed"}


def test_it_leaves_out_unpublished_incubators(api):
    hidden = IncubatorFactory(published=False)

    slugs = {f["properties"]["slug"] for f in api.get(INCUBATORS).json()["features"]}

    assert hidden.slug not in slugs


@pytest.mark.parametrize("extra", [3, 60])
def test_its_incubator_query_count_does_not_grow(api, django_assert_max_num_queries, extra):
    computing = TechnologyArea.objects.get(slug="computing")
    for _ in range(extra):
        IncubatorFactory().technology_areas.add(computing)

    with django_assert_max_num_queries(3):
        response = api.get(INCUBATORS)

    assert len(response.json()["features"]) > extra


@pytest.mark.parametrize(
    ("path", "component"),
    [(HUBS, "HubSiteFeatureCollection"), (INCUBATORS, "IncubatorFeatureCollection")],
)
def test_its_schema_documents_the_filters_and_the_features(api, path, component):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operation = schema["paths"][path]["get"]
    assert {"region", "technology", "bbox"} <= {p["name"] for p in operation["parameters"]}
    content = operation["responses"]["200"]["content"]
    assert content["application/geo+json"]["schema"]["$ref"].endswith(f"/{component}")
    feature = schema["components"]["schemas"][component.replace("Collection", "")]
    properties_ref = feature["properties"]["properties"]["$ref"].rsplit("/", 1)[-1]
    documented = set(schema["components"]["schemas"][properties_ref]["properties"])
    (first, *_) = api.get(path).json()["features"]
    assert set(first["properties"]) == documented
