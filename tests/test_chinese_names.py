"""One Chinese name for each economy and country (README, "Chinese names"): the seed
article's 中国台湾, 中国香港, 中国澳门, on pages, in the API and on the map."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries
from rest_framework.test import APIClient

from regions.models import Region
from tests.pages.test_hub_profile import NTU, fact, text

POLICY = {"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门"}


def test_country_names_follow_the_policy_in_chinese_and_stay_in_english():
    with translation.override("zh-hans"):
        assert {code: countries.name(code) for code in POLICY} == POLICY
        assert dict(countries)["TW"] == "中国台湾"  # the lists of forms and filters
    with translation.override("en"):
        assert countries.name("TW") == "Taiwan"


@pytest.mark.django_db
def test_the_economy_and_the_country_of_a_taiwanese_hub_are_named_alike(client):
    body = client.get(f"/zh-hans/hubs/{NTU}/").content.decode()

    assert Region.objects.get(slug="tw").name_zh == "中国台湾"
    assert "中国台湾" in text(fact(body, "country"))
    economy = text(fact(body, "economy"))
    assert "中国台湾" in economy and "（中国台湾）" in economy
    assert not re.search(r"(?<!中国)台湾(?!大学)", text(fact(body, "country")) + economy)


@pytest.mark.django_db
def test_the_api_names_the_country_as_the_pages_do_for_a_chinese_client():
    facets = (
        APIClient()
        .get("/api/v1/hubs/facets/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        .json()["facets"]["country"]
    )

    assert next(item["name"] for item in facets if item["code"] == "TW") == "中国台湾"


def test_the_maps_script_names_the_three_as_the_server_does():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "atlas-map.js").read_text()
    table = re.search(r"CHINESE_COUNTRY_NAMES = \{(.*?)\}", script).group(1)

    assert dict(re.findall(r'(\w\w): "([^"]+)"', table)) == POLICY
