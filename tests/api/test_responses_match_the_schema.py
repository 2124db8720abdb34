"""The checker every API response of the suite goes through (tests/conftest.py) refuses a
response the OpenAPI description does not allow, says where it breaks it, and lets a right
one pass."""

import json

import pytest

from hubs.api.serializers import HubDetailSerializer

from .openapi_contract import ContractBroken, check_response, is_checked

pytestmark = pytest.mark.django_db

HUB = "/api/v1/hubs/quantum-delta-nl/"


def test_a_right_response_passes(api):
    response = api.get(HUB)
    assert response.status_code == 200
    check_response(response)


def test_a_field_of_the_wrong_type_fails_naming_the_operation_and_the_field(api):
    response = api.get(HUB)
    body = response.json()
    body["name_en"] = 42
    response.content = json.dumps(body).encode()
    with pytest.raises(ContractBroken) as broken:
        check_response(response)
    message = str(broken.value)
    assert f"GET {HUB} answered 200" in message
    assert "body at name_en: 42 is not of type 'string'" in message


def test_a_missing_required_field_fails(api):
    response = api.get("/api/v1/hubs/")
    body = response.json()
    del body["results"][0]["slug"]
    response.content = json.dumps(body).encode()
    with pytest.raises(ContractBroken, match=r"body at results/0: 'slug' is a required property"):
        check_response(response)


def test_an_undocumented_status_fails(api):
    response = api.get(HUB)
    response.status_code = 418
    with pytest.raises(ContractBroken, match="the operation documents no 418 response"):
        check_response(response)


def test_an_undocumented_content_type_fails(api):
    response = api.get(HUB)
    response["Content-Type"] = "application/xml"
    with pytest.raises(ContractBroken, match="application/xml"):
        check_response(response)


def test_an_error_body_is_checked_too(api):
    response = api.get("/api/v1/hubs/", {"regoin": "eu"})
    assert response.status_code == 400
    response.content = b'{"regoin": 7}'
    with pytest.raises(ContractBroken, match="answered 400"):
        check_response(response)


def test_a_wrong_response_fails_the_test_that_asked_for_it(api, monkeypatch):
    """Through the test client, with no call of the checker in the test."""
    to_representation = HubDetailSerializer.to_representation

    def wrong(self, instance):
        return {**to_representation(self, instance), "founded": "long ago"}

    monkeypatch.setattr(HubDetailSerializer, "to_representation", wrong)
    with pytest.raises(ContractBroken, match="body at founded: 'long ago'"):
        api.get(HUB)


def test_pages_and_the_description_itself_are_left_out(client, api):
    assert is_checked(api.get(HUB))
    assert not is_checked(client.get("/hubs/"))
    assert not is_checked(api.get("/api/v1/schema/"))
    assert not is_checked(api.head(HUB))  # GET's answer without its body
