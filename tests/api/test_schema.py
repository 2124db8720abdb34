"""The OpenAPI description: valid, complete, and its docs pages self-contained."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.management import call_command
from openapi_spec_validator import validate

from hubs.filters import HubFilterSet

from .endpoints import api_routes
from .openapi_document import strict_validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_generates_without_warnings(tmp_path):
    """Warnings mean guessed types (a filter's, a field's) or clashing enum names."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_it_describes_every_route_of_the_api(schema):
    # drf-spectacular names a `pk` path parameter `id`.
    expected = {route.path.replace("{pk}", "{id}") for route in api_routes()}
    assert {"/api/v1/hubs/", "/api/v1/hubs/{slug}/", "/api/v1/sources/"} <= expected
    assert expected <= set(schema["paths"])


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_it_documents_every_hub_list_parameter(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/hubs/"]["get"]["parameters"]}
    assert parameters >= {*HubFilterSet.base_filters, "page", "page_size", "format"}


def test_every_parameter_has_a_type_and_filters_a_description(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            assert parameter.get("schema"), (path, method, parameter["name"])
            if parameter["in"] == "query":
                assert parameter.get("description"), (path, method, parameter["name"])


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        if method == "get":
            assert "429" in codes, (path, method)
            if "{" in path:
                assert "404" in codes, (path, method)
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "400" in codes, (path, method)
        else:
            assert {"401", "403"} <= codes, (path, method)
            if method != "delete":
                assert "400" in codes, (path, method)


def test_a_bad_request_is_described_as_messages_per_parameter_or_a_detail(schema):
    bad_request = schema["components"]["responses"]["BadRequest"]
    body = bad_request["content"]["application/json"]["schema"]
    messages = {"type": "array", "items": {"type": "string"}}
    assert body["additionalProperties"] == {
        # An object of the body (a suggested hub) has its fields' messages under its name.
        "anyOf": [
            messages,
            {"type": "string"},
            {"type": "object", "additionalProperties": messages},
        ]
    }
    throttled = schema["components"]["responses"]["Throttled"]
    assert "Retry-After" in throttled["headers"]


def test_an_unparseable_body_is_a_400_with_a_detail(api):
    api.force_authenticate(User.objects.create_superuser("curator"))
    response = api.generic(
        "PATCH", "/api/v1/hubs/chicago-quantum-exchange/", "{", content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


# Readers send suggestions without an account (tests/api/test_suggestions_api.py).
OPEN_WRITES = {("/api/v1/suggestions/", "post")}


def test_reading_is_documented_as_open_to_anyone_and_writing_as_needing_credentials(schema):
    for path, method, operation in operations(schema):
        anonymous_allowed = {} in operation.get("security", [{}])
        assert anonymous_allowed == (method == "get" or (path, method) in OPEN_WRITES)


def test_errors_are_documented_in_every_format_an_operation_answers_them_in(schema):
    hub_list = schema["paths"]["/api/v1/hubs/"]["get"]["responses"]
    assert set(hub_list["400"]["content"]) == {"application/json", "text/csv"}
    hub = schema["paths"]["/api/v1/hubs/{slug}/"]["get"]["responses"]
    assert set(hub["404"]["content"]) == {"application/json", "text/csv"}


@pytest.mark.parametrize("path", ["/api/v1/hubs/geojson/", "/api/v1/incubators/geojson/"])
def test_geojson_errors_are_documented_as_plain_json_as_they_are_sent(api, schema, path):
    responses = schema["paths"][path]["get"]["responses"]
    assert set(responses["200"]["content"]) == {"application/json", "application/geo+json"}
    for code in ("400", "429"):
        assert responses[code] == {"$ref": f"#/components/responses/{ERROR_NAMES[code]}"}
        body = schema["components"]["responses"][ERROR_NAMES[code]]
        assert set(body["content"]) == {"application/json"}
    response = api.get(path, {"bbox": "x"}, HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


ERROR_NAMES = {"400": "BadRequest", "429": "Throttled"}


def test_a_format_error_in_geojson_comes_as_plain_json(api):
    # An error's body is no FeatureCollection: labelled GeoJSON, a GeoJSON reader rejects it.
    response = api.get("/api/v1/hubs/geojson/", {"format": "geojson", "bbox": "x"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "bbox" in response.json()


def test_a_method_the_api_does_not_offer_is_405_even_with_a_bad_format(api):
    response = api.generic("TRACE", "/api/v1/regions/asia/?format=xml")
    assert response.status_code == 405


def test_empty_values_are_documented_as_nullable(api, schema):
    def admits_null(component, field):
        field_schema = schema["components"]["schemas"][component]["properties"][field]
        return strict_validator(schema, field_schema).is_valid(None)

    assert admits_null("Region", "parent")
    assert api.get("/api/v1/regions/asia/").json()["parent"] is None
    assert admits_null("HubDetail", "report_region")
    assert admits_null("HubDetail", "funding")
    assert admits_null("HubDetail", "country")
    assert not admits_null("HubDetail", "slug")
    assert not admits_null("HubDetail", "region")


def test_a_hub_write_is_documented_as_answering_with_the_hubs_detail(schema):
    item = schema["paths"]["/api/v1/hubs/{slug}/"]
    created = schema["paths"]["/api/v1/hubs/"]["post"]["responses"]["201"]
    for response in (created, item["put"]["responses"]["200"], item["patch"]["responses"]["200"]):
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/HubDetail"
        }


def test_source_addresses_may_hold_non_ascii_characters(api, schema):
    url = schema["components"]["schemas"]["Source"]["properties"]["url"]
    assert {"type": "string", "format": "iri"} in url["anyOf"]
    assert not {"format": "uri"}.items() <= url.items()


def test_country_filters_are_documented_as_the_upper_case_codes(schema):
    (country,) = [
        p for p in schema["paths"]["/api/v1/hubs/"]["get"]["parameters"] if p["name"] == "country"
    ]
    assert country["schema"]["items"] == {"$ref": "#/components/schemas/CountryEnum"}
    codes = schema["components"]["schemas"]["CountryEnum"]["enum"]
    assert len(codes) == 249 and {"DE", "NL", "TW", "US"} <= set(codes)
    assert all(re.fullmatch("[A-Z]{2}", code) for code in codes)


def test_the_hub_kinds_have_their_own_enum(schema):
    components = schema["components"]["schemas"]
    assert "HubKindEnum" in components and "RegionKindEnum" in components
    assert not [name for name in components if re.fullmatch(r"\w+[0-9a-f]{3}Enum", name)]


# -- the docs pages ---------------------------------------------------------------------------

ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_docs_load_only_local_static_files(api, path):
    response = api.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assets = ASSET.findall(html)
    assert assets
    static = "/" + settings.STATIC_URL.strip("/") + "/"
    for url in assets:
        assert not re.match(r"^(https?:)?//", url), url
        if url == path + "?script=":  # Swagger UI's start-up script, served by the docs view
            assert api.get(url)["Content-Type"].startswith("application/javascript")
            continue
        assert url.startswith(static), url
        assert finders.find(url.split("?")[0].removeprefix(static)), url
    # Nothing else pulled in from elsewhere, for instance fonts from a stylesheet's @import.
    assert not re.search(r"https?://(?!(?:localhost|testserver))", html.split("<body")[0])


# Swagger UI's settings are in its start-up script, a file of its own (CSP: no inline script).
SWAGGER_SCRIPT = "/api/v1/docs/?script="


def test_swagger_ui_does_not_send_the_schema_to_its_online_validator(api):
    assert '"validatorUrl": null' in api.get(SWAGGER_SCRIPT).content.decode()


def test_the_docs_point_at_the_local_schema(api):
    assert "/api/v1/schema/" in api.get("/api/v1/redoc/").content.decode()
    assert "/api/v1/schema/" in api.get(SWAGGER_SCRIPT).content.decode()


def test_every_query_parameter_is_documented_as_taking_an_empty_value(schema):
    for path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                assert parameter.get("allowEmptyValue") is True, (path, parameter["name"])
