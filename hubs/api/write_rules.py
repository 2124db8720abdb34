"""What a hub write needs beyond each field on its own (Hub.clean_fields, Hub.clean), as
OpenAPI schemas: atlas.api.schema.AtlasAutoSchema adds them to the request body, so that
the description refuses what the server refuses."""

from atlas.api.vocabularies import vocabulary
from regions.models import Region

ECONOMY_COUNTRIES = vocabulary(
    "EconomyCountryEnum",
    lambda: sorted(
        {country.code for region in Region.objects.economies() for country in region.countries}
    ),
    "A country an economy lists (/api/v1/regions/): a hub there gets that economy.",
)

# Every write: an amount (not null) needs its currency. (On a change, the currency already
# recorded is the one the amount gets when none is sent; the description cannot know it.)
FUNDING_NEEDS_CURRENCY = {
    "description": "A funding amount needs its currency.",
    "anyOf": [
        # No amount: absent, null or blank, which the server reads as null (a number has a
        # digit). Not an enum of null: drf-spectacular would make it a component of its own.
        {"properties": {"funding_amount": {"not": {"type": "string", "pattern": "[0-9]"}}}},
        {"required": ["funding_currency"], "properties": {"funding_currency": {"minLength": 1}}},
    ],
}

# A new hub's economy: the region given, else the one that lists its country. (A change
# keeps the hub's economy when it sends neither.)
NEW_HUB_HAS_AN_ECONOMY = {
    "description": "A new hub needs its economy: a region, or a country an economy lists.",
    "anyOf": [
        {"required": ["region"]},
        {"required": ["country"], "properties": {"country": ECONOMY_COUNTRIES.ref}},
    ],
}
