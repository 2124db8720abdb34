"""`q` finds hubs and incubators by the name of their country or economy, in English or
Chinese, on the pages and in the API (one FilterSet serves both)."""

import pytest

from hubs.models import Hub
from incubators.models import Incubator
from tests.api.test_lists import LIST_QUERIES, hub_slugs, results
from tests.factories import HubFactory, IncubatorFactory, SiteFactory
from tests.pages.test_directory import QUERY_BOUND as DIRECTORY_QUERY_BOUND

pytestmark = pytest.mark.django_db


def published_slugs(**lookup):
    return set(Hub.objects.published().filter(**lookup).values_list("slug", flat=True))


@pytest.mark.parametrize("words", ["Germany", "germany", "德国", " Germany "])
def test_q_finds_the_hubs_of_a_country_by_its_english_or_chinese_name(api, words):
    german = published_slugs(country="DE")

    assert german and hub_slugs(api, q=words) >= german


@pytest.mark.parametrize("words", ["EU", "European Union", "欧盟"])
def test_q_finds_the_hubs_of_an_economy_as_the_region_filter_does(api, words):
    assert hub_slugs(api, q=words) >= hub_slugs(api, region="eu")
    assert "quantum-internet-alliance" in hub_slugs(api, q=words)  # EU-wide: no country


def test_q_names_taiwan_as_the_chinese_pages_do(api):
    assert hub_slugs(api, q="中国台湾") >= published_slugs(country="TW")


def test_q_by_a_place_leaves_out_the_hubs_elsewhere(api):
    assert not hub_slugs(api, q="德国") & published_slugs(country="US")


def test_the_directory_page_finds_hubs_by_a_chinese_country_name(client):
    body = client.get("/zh-hans/hubs/", {"q": "德国"}).content.decode()

    for slug in published_slugs(country="DE"):
        assert f'data-slug="{slug}"' in body


def test_q_finds_incubators_by_country_and_economy(api):
    IncubatorFactory(slug="berlin-quantum-lab", country="DE", city="Berlin")
    IncubatorFactory(slug="paris-quantum-lab", country="FR", city="Paris")

    def slugs(words):
        return {row["slug"] for row in results(api, "/api/v1/incubators/", q=words)}

    assert "berlin-quantum-lab" in slugs("德国") and "paris-quantum-lab" not in slugs("德国")
    assert {"berlin-quantum-lab", "paris-quantum-lab"} <= slugs("欧盟")
    assert not slugs("欧盟") & set(
        Incubator.objects.filter(country="US").values_list("slug", flat=True)
    )


@pytest.mark.parametrize("growth", [0, 20])
def test_a_search_by_place_costs_as_many_queries_at_any_size(
    api, client, django_assert_max_num_queries, growth
):
    for _ in range(growth):
        SiteFactory(hub=HubFactory(country="DE", region=None), city="Berlin", country="DE")
    with django_assert_max_num_queries(LIST_QUERIES["/api/v1/hubs/"]):
        assert api.get("/api/v1/hubs/", {"q": "德国", "page_size": 100}).status_code == 200
    with django_assert_max_num_queries(DIRECTORY_QUERY_BOUND):
        assert client.get("/zh-hans/hubs/", {"q": "EU"}).status_code == 200
