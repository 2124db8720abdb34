"""One rule for empty query values on the API: an empty value is as if the parameter were not
given, on every parameter of every list, map and summary (the schema says so with
`allowEmptyValue`). The parameters come from the schema, so a new one is covered."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from .endpoints import list_routes
from .openapi_document import get_operations, query_parameters

pytestmark = pytest.mark.django_db

PATHS = [route.path for route in list_routes()]


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/", {"format": "json"}).json()


def body(response):
    """The response's JSON, its links into the API without their empty parameters: a link
    (`next`, a record's `url`) keeps the query it was asked with, empty values included."""

    def without_empty_parameters(value):
        if isinstance(value, dict):
            return {key: without_empty_parameters(item) for key, item in value.items()}
        if isinstance(value, list):
            return [without_empty_parameters(item) for item in value]
        if isinstance(value, str) and value.startswith("http://testserver/"):
            parts = urlsplit(value)
            query = urlencode([(name, item) for name, item in parse_qsl(parts.query) if item])
            return urlunsplit(parts._replace(query=query))
        return value

    assert response.status_code == 200, response.content[:300]
    return without_empty_parameters(response.json())


def parameters_of(schema, path):
    (operation,) = [operation for where, operation in get_operations(schema) if where == path]
    return [parameter["name"] for parameter in query_parameters(operation)]


@pytest.mark.parametrize("path", PATHS)
def test_an_empty_value_is_as_if_the_parameter_were_not_given(api, schema, path):
    names = parameters_of(schema, path)
    assert names
    without = body(api.get(path))
    for name in names:
        assert body(api.get(path, {name: ""})) == without, name


@pytest.mark.parametrize("path", PATHS)
def test_every_parameter_empty_at_once_is_no_parameter_at_all(api, schema, path):
    everything_empty = dict.fromkeys(parameters_of(schema, path), "")
    assert body(api.get(path, everything_empty)) == body(api.get(path))


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/api/v1/hubs/", "technology", "computing"),
        ("/api/v1/hubs/", "country", "US"),
        ("/api/v1/stats/", "technology", "sensing"),
        ("/api/v1/hubs/facets/", "country", "DE"),
        ("/api/v1/incubators/", "technology", "computing"),
        ("/api/v1/organizations/", "country", "JP"),
    ],
)
def test_an_empty_item_of_a_repeated_parameter_is_left_out(api, path, name, value):
    with_empty_item = body(api.get(f"{path}?{name}={value}&{name}="))
    assert with_empty_item == body(api.get(path, {name: value}))
    assert with_empty_item != body(api.get(path))  # the value did filter


def test_the_pages_read_an_empty_choice_as_no_filter_too(client):
    """The same FilterSet serves the directory page."""
    response = client.get("/hubs/?technology=&country=&region=")
    assert response.status_code == 200
    assert response.context["valid"]
    assert len(response.context["page"].object_list) == len(
        client.get("/hubs/").context["page"].object_list
    )
