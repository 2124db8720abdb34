"""Closed vocabularies (regions, technologies, kinds, country codes, orderings…) are enums in
the schema, and the enums are exactly what the server takes: every listed value answers 200,
a value off the list a 400 naming the parameter. The parameters come from the schema, so a
new one is covered as soon as it is documented."""

import pytest
from django.db import DatabaseError
from django_countries import countries

from atlas.api.vocabularies import Vocabulary
from hubs.models import TechnologyArea
from regions.models import Region
from tests.factories import RegionFactory, TechnologyAreaFactory

from .endpoints import list_routes
from .openapi_document import enum_of, get_operations, query_parameters

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/", {"format": "json"}).json()


def enumerated_parameters(schema):
    for path, operation in get_operations(schema):
        for parameter in query_parameters(operation):
            if values := enum_of(schema, parameter):
                yield path, parameter["name"], values


HUB_FILTERS = {"region", "technology", "kind", "country", "ordering"}
EXPECTED_ENUMS = {
    "/api/v1/hubs/": {*HUB_FILTERS, "format"},
    "/api/v1/hubs/geojson/": {*HUB_FILTERS, "format"},
    "/api/v1/hubs/map/": HUB_FILTERS,
    "/api/v1/stats/": {*HUB_FILTERS, "grouping"},
    "/api/v1/hubs/facets/": HUB_FILTERS,
    "/api/v1/incubators/": {"region", "technology", "country", "status", "ordering", "format"},
    "/api/v1/organizations/": {"country", "type", "ordering", "format"},
    "/api/v1/regions/": {"kind", "parent", "format"},
}


def test_the_closed_vocabularies_are_enums_on_every_endpoint_that_takes_them(schema):
    enumerated = {}
    for path, name, _values in enumerated_parameters(schema):
        enumerated.setdefault(path, set()).add(name)
    for path, names in EXPECTED_ENUMS.items():
        assert names <= enumerated[path], path


def test_the_vocabularies_list_what_the_database_and_django_countries_hold(schema):
    components = schema["components"]["schemas"]
    assert components["RegionSlugEnum"]["enum"] == list(
        Region.objects.order_by("path").values_list("slug", flat=True)
    )
    assert components["TechnologySlugEnum"]["enum"] == sorted(
        TechnologyArea.objects.values_list("slug", flat=True)
    )
    assert components["CountryEnum"]["enum"] == [code for code, _name in countries]


def test_a_new_region_or_technology_is_in_the_next_schema_and_taken(api):
    RegionFactory(slug="atlantis")
    TechnologyAreaFactory(slug="teleportation")
    components = api.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    assert "atlantis" in components["RegionSlugEnum"]["enum"]
    assert "teleportation" in components["TechnologySlugEnum"]["enum"]
    response = api.get("/api/v1/hubs/", {"region": "atlantis", "technology": "teleportation"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


# One filter class (atlas.filters.CountryFilter) takes a country everywhere: all 249 codes
# are tried on the hub list, a sample of them elsewhere.
COUNTRY_SAMPLE = {"DE", "US", "TW", "AX", "ZW", "CN"}
EVERY_COUNTRY = {"/api/v1/hubs/"}
PATHS = [route.path for route in list_routes()]


@pytest.mark.parametrize("path", PATHS)
def test_every_listed_value_is_taken(api, schema, path):
    for where, name, values in enumerated_parameters(schema):
        if where != path:
            continue
        if name == "country" and path not in EVERY_COUNTRY:
            values = [value for value in values if value in COUNTRY_SAMPLE]
        for value in values:
            response = api.get(path, {name: value})
            assert response.status_code == 200, (name, value, response.content[:200])


# Off each list: a wrong case, an unknown word, a near miss.
OFF_THE_LIST = {
    "country": ["de", "gC", "EU", "XX"],
    "region": ["EU", "atlantis", "eu "],
    "parent": ["EU", "atlantis"],
    "technology": ["Computing", "teleportation"],
    "kind": ["castle", "Research-Center"],
    "status": ["sleeping"],
    "type": ["alien"],
    "role": ["overlord", "founding member", "Member"],
    "member_count_unit": ["people", "Companies", "corporate partners"],
    "ordering": ["colour", "Name", "slug"],
    "grouping": ["world"],
    "format": ["xlsx", "CSV"],
    "labels": ["Human", "french", "zh"],
    "verified": ["old", "Recent", "yes"],
}


def test_every_enumerated_parameter_has_values_off_its_list(schema):
    names = {name for _path, name, _values in enumerated_parameters(schema)}
    assert names <= set(OFF_THE_LIST)


@pytest.mark.parametrize("path", PATHS)
def test_a_value_off_the_list_is_a_400_naming_the_parameter(api, schema, path):
    for where, name, values in enumerated_parameters(schema):
        if where != path:
            continue
        for value in OFF_THE_LIST[name]:
            assert value not in values
            response = api.get(path, {name: value})
            assert response.status_code == 400, (name, value)
            assert name in response.json(), response.json()


def test_ordering_a_summary_changes_nothing(api):
    for path in ["/api/v1/stats/", "/api/v1/hubs/facets/"]:
        assert api.get(path, {"ordering": "-founded"}).json() == api.get(path).json()


def test_a_vocabulary_it_cannot_read_fails_a_served_schema_but_not_an_offline_one():
    """`manage.py check --deploy` generates the schema, maybe before the database exists."""

    def unreadable():
        raise DatabaseError("no such table: regions_region")

    broken = Vocabulary("BrokenEnum", unreadable, "Never read.")
    assert broken.schema(offline=True) == {"type": "string", "description": "Never read."}
    with pytest.raises(DatabaseError):
        broken.schema()
