"""Every list endpoint answers a bad parameter with a 400 naming it, never a 500.

The endpoints and their parameters come from the URLconf and the views' FilterSets, so a new
endpoint or filter is covered here (or fails `test_every_filter_has_bad_values`)."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .endpoints import list_routes

pytestmark = pytest.mark.django_db

BAD_VALUES = {
    "bbox": [
        "1,2,3",
        "1,2,3,4,5",
        "a,b,c,d",
        ",,,",
        "0,95,1,96",
        "0,-91,1,0",
        "181,0,182,1",
        "0,10,1,5",  # min_lat above max_lat
        "nan,0,1,1",
        "0,0,1,NaN",
        "0,0,inf,1",
        "-inf,0,1,1",
        "0,0,1e999,1",
    ],
    "country": ["XX", "Germany", "D", "de", "gC", "EU"],
    "region": ["atlantis", "EU "],
    "parent": ["atlantis"],
    "technology": ["teleportation"],
    "kind": ["castle"],
    "status": ["sleeping"],
    "type": ["alien"],
    "hub": ["no-such-hub"],
    "ordering": ["colour", "-colour", "name,colour", "slug"],
    "founded_min": ["abc", "20.5", "-1", "1e400", "99999999999999999999", "nan"],
    "founded_max": ["abc", "-1", "inf"],
    "has_location": ["maybe", "yes please", "2"],
    "q": ["x" * 10_000],
}
# An empty value is "not given", as an HTML form sends it (tests/api/test_empty_values.py).
PAGINATION_BAD_VALUES = {
    "page_size": ["-1", "0", "501", "abc", "1.5"],
    "page": ["0", "-1", "abc", "1.5"],
}


def cases():
    for route in list_routes():
        filterset = route.filterset_class
        for name in filterset.base_filters if filterset else ():
            for value in BAD_VALUES.get(name, []):
                yield pytest.param(route.path, name, value, id=f"{route.name}-{name}={value[:20]}")
        if route.paginated:
            for name, values in PAGINATION_BAD_VALUES.items():
                for value in values:
                    yield pytest.param(route.path, name, value, id=f"{route.name}-{name}={value}")


def assert_names(response, parameter, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].split(";")[0] in {"application/json", "application/geo+json"}
    body = response.json()
    assert parameter in body, body
    assert body[parameter] and all(isinstance(message, str) for message in body[parameter])


def test_every_filter_has_bad_values():
    """A filter added without bad values here would go untested."""
    missing = {
        (route.path, name)
        for route in list_routes()
        if route.filterset_class
        for name in route.filterset_class.base_filters
        if name not in BAD_VALUES
    }
    assert not missing


@pytest.mark.parametrize(("path", "parameter", "value"), list(cases()))
def test_it_answers_a_bad_value_with_a_400_naming_the_parameter(api, path, parameter, value):
    assert_names(api.get(path, {parameter: value}), parameter)


@pytest.mark.parametrize("path", [route.path for route in list_routes() if route.paginated])
@pytest.mark.parametrize("page", ["9999", "1" + "0" * 30])
def test_a_page_past_the_last_is_a_404_naming_the_page(api, path, page):
    assert_names(api.get(path, {"page": page}), "page", status=404)


@pytest.mark.parametrize("path", [route.path for route in list_routes()])
def test_an_unknown_format_is_a_400(api, path):
    assert_names(api.get(path, {"format": "xlsx"}), "format")


# -- bytes no text should hold ----------------------------------------------------------------

LIST_PATHS = [route.path for route in list_routes()]


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize(
    ("query_string", "parameter"),
    [
        ("q=a%00b", "q"),
        ("country=DE&region=%00", "region"),
        ("q=a\x00b", "q"),  # unencoded, as a raw client may send it
        ("a%00b=1", "ab"),
        ("q=%FF", "q"),
        ("q=%C3%28", "q"),  # a broken two-byte sequence
        ("q=\xff", "q"),
        ("%FF=1", "\ufffd"),
    ],
    ids=["nul", "nul-alone", "raw-nul", "nul-in-name", "ff", "broken", "raw-ff", "ff-in-name"],
)
def test_it_refuses_a_nul_byte_or_invalid_utf8_in_the_query(api, path, query_string, parameter):
    assert_names(api.get(path, QUERY_STRING=query_string), parameter)


def test_it_refuses_a_nul_byte_in_the_path(api):
    assert_names(api.get("/api/v1/hubs/quantum%00delta/"), "path")


def test_a_nul_byte_outside_the_api_is_the_sites_400_page(api):
    response = api.get("/", QUERY_STRING="q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The parameter “q” holds a NUL byte." in response.content.decode()


# -- good values still pass -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "-180,-90,180,90"},
        {"bbox": " 3.3, 51.3, 7.3, 53.6 "},
        {"country": "DE"},
        {"has_location": "1"},
        {"founded_min": "2020", "founded_max": "2020"},
        {"q": "x" * 200},
        {"q": "量子"},
        {"page": "last", "page_size": "500"},
        {"ordering": "-member_count,name"},
    ],
)
def test_the_edges_of_the_valid_values_pass(api, params):
    assert api.get("/api/v1/hubs/", params).status_code == 200


# -- request bodies -----------------------------------------------------------------------------


def nested(depth, opening="[", closing="]", inside=""):
    return opening * depth + inside + closing * depth


# (body, status for a curator); one line per case. Anonymous clients get a 4xx before the body.
HOSTILE_BODIES = {
    "1000-deep-lists": (nested(1000), 400),
    "1000-deep-objects": (nested(1000, '{"a":', "}", "1"), 400),
    "100000-deep-lists": (nested(100_000), 400),
    "33-deep-lists": (nested(33), 400),
    "1000-deep-in-a-field": ('{"name_en": ' + nested(1000) + "}", 400),
    "unclosed-object": ('{"name_en": ', 400),
    "not-json": ("name_en=x", 400),
    "nan": ('{"member_count": NaN}', 400),
    "reserved-slug-map": ('{"slug": "map"}', 400),
    "reserved-slug-geojson": ('{"slug": "geojson"}', 400),
    "reserved-slug-facets": ('{"slug": "facets"}', 400),
}


@pytest.fixture
def curator_api(django_user_model):
    user = django_user_model.objects.create_user("body-curator", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="hubs", codename__in=["add_hub", "change_hub"]
        )
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def body_requests():
    for case, (body, status) in HOSTILE_BODIES.items():
        for method, path in [
            ("post", "/api/v1/hubs/"),
            ("patch", "/api/v1/hubs/quantum-delta-nl/"),
        ]:
            yield pytest.param(method, path, body, status, id=f"{method}-{case}")


@pytest.mark.parametrize(("method", "path", "body", "status"), list(body_requests()))
def test_a_hostile_body_is_a_400_for_a_curator(curator_api, method, path, body, status):
    response = getattr(curator_api, method)(path, body, content_type="application/json")
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("method", "path", "body", "status"), list(body_requests()))
def test_a_hostile_body_is_a_4xx_anonymously(api, method, path, body, status):
    response = getattr(api, method)(path, body, content_type="application/json")
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])


# (method, path); one line per case. tests/test_every_url_methods.py walks every URL this way.
ODD_METHODS = {
    "options-docs": ("OPTIONS", "/api/v1/docs/"),
    "options-redoc": ("OPTIONS", "/api/v1/redoc/"),
    "options-schema": ("OPTIONS", "/api/v1/schema/"),
    "trace-docs": ("TRACE", "/api/v1/docs/"),
    "head-docs-script": ("HEAD", "/api/v1/docs/?script"),
}


@pytest.mark.parametrize(("method", "path"), ODD_METHODS.values(), ids=ODD_METHODS.keys())
def test_an_odd_method_is_not_a_5xx(client, method, path):
    client.raise_request_exception = False
    assert client.generic(method, path).status_code < 500
