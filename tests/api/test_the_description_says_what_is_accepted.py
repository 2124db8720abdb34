"""The request side of the contract: the OpenAPI description names every query parameter an
endpoint takes and no other, its enums are the choices the server's filters hold, and its
bounds and patterns are where the server draws the line. (The responses are checked on
every request of the suite: tests/api/openapi_contract.py.)"""

import re

import pytest
from django.db.models import QuerySet
from rest_framework.test import APIRequestFactory

from atlas.api.filter_backends import StrictFilterBackend
from atlas.filters import BBOX_PATTERN

from .endpoints import list_routes
from .openapi_contract import generated_document
from .openapi_document import enum_of, query_parameters, resolved

pytestmark = pytest.mark.django_db

ROUTES = [route for route in list_routes() if route.actions.get("get") or not route.actions]


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return generated_document()


def view_of(route):
    view = route.view()
    if route.actions:  # a viewset's; a plain view (/changes/) has no action
        view.action = route.actions.get("get")
        view.action_map = route.actions
    view.format_kwarg = None
    view.request = view.initialize_request(APIRequestFactory().get(route.path))
    return view


def taken_parameters(route):
    view = view_of(route)
    queryset = view.get_queryset() if hasattr(view, "get_queryset") else QuerySet()
    return StrictFilterBackend().known_parameters(queryset, view)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_the_description_names_exactly_the_parameters_an_endpoint_takes(schema, route):
    documented = {
        parameter["name"] for parameter in query_parameters(schema["paths"][route.path]["get"])
    }
    assert documented == taken_parameters(route)


def filterset_choices(route, name):
    field = route.filterset_class.base_filters[name].field
    return {str(value) for value, _label in field.choices if value != ""}


@pytest.mark.parametrize("route", [route for route in ROUTES if route.filterset_class], ids=str)
def test_every_enum_is_the_choices_of_the_filter_behind_it(schema, route):
    for parameter in query_parameters(schema["paths"][route.path]["get"]):
        values = enum_of(schema, parameter)
        if values is None or parameter["name"] not in route.filterset_class.base_filters:
            continue
        assert set(values) == filterset_choices(route, parameter["name"]), parameter["name"]


def bounded_parameters(schema):
    for route in ROUTES:
        for parameter in query_parameters(schema["paths"][route.path]["get"]):
            bounds = resolved(schema, parameter["schema"])
            if bounds.get("type") == "integer" and "minimum" in bounds:
                yield route.path, parameter["name"], bounds


def test_the_year_and_page_size_bounds_are_documented(schema):
    bounded = {(path, name) for path, name, _bounds in bounded_parameters(schema)}
    assert ("/api/v1/hubs/", "founded_min") in bounded
    assert ("/api/v1/hubs/", "founded_max") in bounded
    assert ("/api/v1/hubs/", "page_size") in bounded


def test_the_server_takes_a_number_up_to_each_documented_bound_and_no_further(api, schema):
    for path, name, bounds in bounded_parameters(schema):
        for value in [bounds["minimum"], bounds.get("maximum")]:
            if value is not None:
                assert api.get(path, {name: value}).status_code == 200, (path, name, value)
        outside = [bounds["minimum"] - 1]
        if "maximum" in bounds:
            outside.append(bounds["maximum"] + 1)
        for value in outside:
            response = api.get(path, {name: value})
            assert response.status_code == 400, (path, name, value)
            assert name in response.json()


# (box, taken): the pattern the description gives and the server's judgement agree.
BOXES = [
    ("3.3,50.7,7.3,53.6", True),
    ("-180,-90,180,90", True),
    ("3, 54, 8, 50", True),  # north first
    ("170,-60,-60,80", True),  # across the antimeridian
    ("180.0,90.00,-179.5,-0", True),
    ("181,0,1,1", False),
    ("0,91,1,1", False),
    ("0,0,1e1,1", False),
    ("5.,0,1,1", False),
    ("1.08.02,0,1,1", False),
    ("0,0,inf,1", False),
    ("1,2,3", False),
]


@pytest.mark.parametrize(("box", "taken"), BOXES)
def test_a_box_is_taken_exactly_when_the_documented_pattern_matches(api, schema, box, taken):
    parameters = query_parameters(schema["paths"]["/api/v1/hubs/geojson/"]["get"])
    pattern = next(p["schema"]["pattern"] for p in parameters if p["name"] == "bbox")
    assert pattern == BBOX_PATTERN
    assert bool(re.search(pattern, box)) is taken
    response = api.get("/api/v1/hubs/geojson/", {"bbox": box})
    assert response.status_code == (200 if taken else 400), response.content[:200]


def test_a_box_names_the_same_place_whichever_latitude_comes_first(api):
    south_first = api.get("/api/v1/hubs/geojson/", {"bbox": "3,50,8,54"}).json()
    north_first = api.get("/api/v1/hubs/geojson/", {"bbox": "3,54,8,50"}).json()
    assert south_first["features"]
    assert north_first == south_first


def test_an_ordering_with_an_empty_name_is_refused_as_its_enum_says(api, schema):
    ordering = next(
        p
        for p in query_parameters(schema["paths"]["/api/v1/hubs/"]["get"])
        if p["name"] == "ordering"
    )
    assert "" not in enum_of(schema, ordering)
    for value in [",,,", "name,,", ",-name"]:
        response = api.get("/api/v1/hubs/", {"ordering": value})
        assert response.status_code == 400, value
        assert list(response.json()) == ["ordering"]
    assert api.get("/api/v1/hubs/", {"ordering": ""}).status_code == 200


def test_any_hub_slug_is_a_question_about_organizations(api, schema):
    """The description cannot list every hub: `hub` is any string, and a hub there is not
    (or that is not published) has no members."""
    hub = next(
        p
        for p in query_parameters(schema["paths"]["/api/v1/organizations/"]["get"])
        if p["name"] == "hub"
    )
    assert "enum" not in resolved(schema, hub["schema"])
    for slug in ["no-such-hub", "Quantum Economic Development Consortium"]:
        response = api.get("/api/v1/organizations/", {"hub": slug})
        assert response.status_code == 200
        assert response.json()["count"] == 0
    members = api.get("/api/v1/organizations/", {"hub": "quantum-delta-nl"}).json()
    assert members["count"] > 0
