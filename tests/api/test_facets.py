import pytest
from django.contrib.auth.models import Permission, User
from django.urls import resolve, reverse

from hubs.api.stats import HubFacetsView
from hubs.models import Hub, TechnologyArea
from regions.models import Region
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/hubs/facets/"
# Each facet's values, as the hub list's filter of the same name takes them.
VALUE_KEYS = {"region": "slug", "country": "code", "technology": "slug", "kind": "value"}


def get_facets(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def listed(api, **params):
    response = api.get("/api/v1/hubs/", params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


def counts(data, facet):
    return {item[VALUE_KEYS[facet]]: item["count"] for item in data["facets"][facet]}


def test_it_resolves_before_the_hub_detail_route():
    assert reverse("api:hub-facets") == URL
    assert resolve(URL).func.view_class is HubFacetsView


@pytest.mark.parametrize("current", [{}, {"technology": "computing"}])
def test_it_agrees_with_the_list_counts(api, current):
    data = get_facets(api, **current)

    assert data["total"] == listed(api, **current)
    for facet in VALUE_KEYS:
        others = {name: value for name, value in current.items() if name != facet}
        for value, count in counts(data, facet).items():
            assert listed(api, **others, **{facet: value}) == count, (facet, value)


def test_it_counts_each_dimension_without_its_own_filter(api):
    everything = get_facets(api)
    computing = get_facets(api, technology="computing")

    assert counts(computing, "technology") == counts(everything, "technology")
    assert counts(computing, "region")["europe"] < counts(everything, "region")["europe"]
    assert computing["total"] == counts(everything, "technology")["computing"]


def test_it_counts_a_hub_in_every_region_above_its_own(api):
    regions = counts(get_facets(api), "region")

    assert (regions["de"], regions["eu"], regions["europe"]) == (6, 24, 33)
    assert regions["dk"] == 2
    assert set(regions) == set(Region.objects.values_list("slug", flat=True))


def test_it_describes_each_value(api):
    facets = get_facets(api)["facets"]

    eu = next(item for item in facets["region"] if item["slug"] == "eu")
    assert eu == {
        "slug": "eu",
        "name_en": "European Union",
        "name_zh": "欧盟",
        "kind": "economy",
        "parent": "europe",
        "count": 24,
    }
    germany = next(item for item in facets["country"] if item["code"] == "DE")
    assert germany == {"code": "DE", "name": "Germany", "count": 6}
    assert {item["slug"] for item in facets["technology"]} == set(
        TechnologyArea.objects.values_list("slug", flat=True)
    )
    assert {item["value"] for item in facets["kind"]} == set(Hub.Kind.values)
    assert all(item["label"] for item in facets["kind"])


def test_it_leaves_out_unpublished_hubs_for_anonymous_readers(api):
    HubFactory(country="US", published=False)

    data = get_facets(api)

    assert data["total"] == listed(api) == 98
    assert counts(data, "region")["us"] == 17


def test_it_counts_unpublished_hubs_for_curators_as_their_list_does(api):
    HubFactory(country="US", published=False)
    curator = User.objects.create_user("curator")
    curator.user_permissions.add(Permission.objects.get(codename="change_hub"))
    api.force_authenticate(curator)

    data = get_facets(api)

    assert data["total"] == listed(api) == 99
    assert counts(data, "region")["us"] == 18


def test_it_rejects_an_unknown_region(api):
    response = api.get(URL, {"region": "nowhere"})

    assert response.status_code == 400
    assert "region" in response.json()


def add_hubs(number):
    areas = list(TechnologyArea.objects.all())
    for index in range(number):
        hub = HubFactory(country=["US", "DE", "JP", "TW", "NL"][index % 5])
        hub.technology_areas.add(areas[index % len(areas)])


EVERY_FILTER = {
    "technology": "computing",
    "region": "europe",
    "country": "DE",
    "kind": "alliance-consortium",
    "q": "quantum",
    "bbox": "-10,35,30,60",
}


@pytest.mark.parametrize(
    "params", [{}, {"technology": "computing", "region": "europe"}, EVERY_FILTER]
)
def test_it_makes_a_constant_number_of_queries(api, django_assert_max_num_queries, params):
    # Three, and the region filter's indexed lookup of the slug it names (a plain
    # ModelChoiceFilter).
    bound = 3 + ("region" in params)
    with django_assert_max_num_queries(bound):
        get_facets(api, **params)
    add_hubs(40)
    with django_assert_max_num_queries(bound):
        data = get_facets(api, **params)
    assert data["total"] > 0


def test_it_is_documented_in_the_schema(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()

    operation = schema["paths"][URL]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"technology", "region", "country", "kind", "q"} <= parameters
    # Taken, so that a list's query string serves here too, and said to change nothing.
    (ordering,) = [p for p in operation["parameters"] if p["name"] == "ordering"]
    assert "changes nothing" in ordering["description"]
