"""A hub write's body is documented as the server takes it: a schema-valid body is written,
a body the schema refuses is a 400, for the rules between fields (an economy, a currency
for an amount) and for text that is blank once trimmed."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from atlas.api.schema import NOT_BLANK

from .openapi_contract import generated_document
from .openapi_document import strict_validator

pytestmark = pytest.mark.django_db


def test_required_text_is_documented_as_holding_a_character_python_does_not_strip():
    for code in range(0x110000):
        character = chr(code)
        kept = character.strip() != "" and character != "\x00"
        assert bool(re.fullmatch(NOT_BLANK, character)) == kept, hex(code)


@pytest.fixture
def curator_api(api):
    user = User.objects.create_user("curator", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="hubs"))
    api.force_authenticate(user)
    return api


def post_body(document):
    schema = document["paths"]["/api/v1/hubs/"]["post"]["requestBody"]["content"]
    return strict_validator(document, schema["application/json"]["schema"])


HUB = {"slug": "new-hub", "name_en": "New hub", "kind": "alliance-consortium"}

BODIES = [
    ({**HUB, "region": "us"}, True),
    ({**HUB, "country": "US"}, True),
    (HUB, False),
    ({**HUB, "country": ""}, False),
    # No economy lists Afghanistan: its hub needs a region.
    ({**HUB, "country": "AF"}, False),
    ({**HUB, "country": "AF", "region": "us"}, True),
    ({**HUB, "region": "us", "funding_amount": "10.00"}, False),
    ({**HUB, "region": "us", "funding_amount": "10.00", "funding_currency": ""}, False),
    ({**HUB, "region": "us", "funding_amount": "10.00", "funding_currency": "EUR"}, True),
    ({**HUB, "region": "us", "funding_amount": None}, True),
    ({**HUB, "region": "us", "funding_amount": " \u2028"}, True),
    ({**HUB, "region": "us", "funding_amount": " 5.5\x1c", "funding_currency": "EUR"}, True),
    ({**HUB, "region": "us", "funding_amount": ".", "funding_currency": "EUR"}, False),
    ({**HUB, "region": "us", "funding_amount": 5, "funding_currency": "EUR"}, False),
    ({**HUB, "region": "us", "name_en": "\x1c"}, False),
    ({**HUB, "region": "us", "name_en": "\u2028 \x85"}, False),
    ({**HUB, "region": "us", "name_en": "\x1cA"}, True),
]


@pytest.mark.parametrize(("body", "valid"), BODIES)
def test_a_new_hub_is_written_exactly_when_the_schema_takes_its_body(curator_api, body, valid):
    assert post_body(generated_document()).is_valid(body) == valid
    response = curator_api.post(reverse("api:hub-list"), body, format="json")
    assert response.status_code == (201 if valid else 400), response.content


def test_a_change_may_leave_out_the_economy_it_keeps(curator_api):
    curator_api.post(reverse("api:hub-list"), {**HUB, "region": "us"}, format="json")
    document = generated_document()
    schema = document["paths"]["/api/v1/hubs/{slug}/"]["put"]["requestBody"]["content"]
    assert strict_validator(document, schema["application/json"]["schema"]).is_valid(HUB)
    response = curator_api.put(reverse("api:hub-detail", args=["new-hub"]), HUB, format="json")
    assert response.status_code == 200
