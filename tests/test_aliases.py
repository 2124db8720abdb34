"""Other names: the seed article's own spellings, acronyms and names in other languages find
their records wherever names are searched (`q` on pages and in the API), and profiles and API
details show them with their sources."""

import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from dataset.loader import dataset_import
from hubs.models import Hub, HubAlias, Organization
from incubators.models import Incubator, IncubatorAlias
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

SEED_ARTICLE = "https://blob.wenxiaobai.com/article/18286ba3-cb0f-ad2d-9988-030a1914fea7"
# The article's spellings that found nothing before aliases, and the record each names.
ARTICLE_SPELLINGS = [
    (
        "hubs",
        "合肥高新技术产业开发区",
        "hefei-high-tech-industrial-development-zone-china-speech-valley-quantum-center",
    ),
    ("hubs", "中国台湾大学", "national-taiwan-university-ibm-quantum-hub"),
    ("hubs", "DOE QIS", "doe-national-quantum-information-science-research-centers"),
    ("incubators", "Deep TechLab", "deep-tech-lab-quantum"),
]


@pytest.fixture
def api():
    cache.clear()  # the API's throttle counts requests in the cache
    return APIClient()


def api_slugs(api, resource, **params):
    response = api.get(f"/api/v1/{resource}/", {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


def page_slugs(client, resource, query):
    response = client.get(f"/{resource}/", {"q": query})
    assert response.status_code == 200
    return set(re.findall(rf'href="/{resource}/([a-z0-9-]+)/"', response.content.decode()))


@pytest.mark.parametrize(("resource", "spelling", "slug"), ARTICLE_SPELLINGS)
def test_the_articles_own_spelling_finds_its_record_in_the_api(api, resource, spelling, slug):
    assert slug in api_slugs(api, resource, q=spelling)


@pytest.mark.parametrize(("resource", "spelling", "slug"), ARTICLE_SPELLINGS)
def test_the_articles_own_spelling_finds_its_record_on_the_pages(client, resource, spelling, slug):
    assert slug in page_slugs(client, resource, spelling)


def test_the_spellings_are_no_name_of_their_records():
    """They are found through the other names, not through a name that holds them."""
    for resource, spelling, slug in ARTICLE_SPELLINGS:
        model = Hub if resource == "hubs" else Incubator
        record = model.objects.get(slug=slug)
        assert spelling not in f"{record.name_en} {record.name_zh}"


def test_an_organisation_is_found_by_another_name(api):
    organization = Organization.objects.get(name="Infleqtion (ColdQuanta)")
    assert organization.slug in api_slugs(api, "organizations", q="ColdQuanta (Infleqtion)")
    assert organization.slug not in api_slugs(api, "organizations", q="no such name")


def test_a_hubs_detail_gives_its_other_names_with_their_sources(api):
    detail = api.get("/api/v1/hubs/national-taiwan-university-ibm-quantum-hub/").json()

    names = {alias["name"]: alias for alias in detail["aliases"]}
    assert set(names) == {
        "中国台湾大学-IBM量子计算中心",
        "台湾大学-IBM量子中心",
        "台大IBM量子電腦中心",
    }
    assert SEED_ARTICLE in {source["url"] for source in names["台湾大学-IBM量子中心"]["sources"]}


def test_an_incubators_and_an_organisations_detail_give_their_other_names(api):
    incubator = api.get("/api/v1/incubators/deep-tech-lab-quantum/").json()
    assert [alias["name"] for alias in incubator["aliases"]] == ["Deep TechLab-Quantum"]
    slug = Organization.objects.get(name="Infleqtion (ColdQuanta)").slug
    organization = api.get(f"/api/v1/organizations/{slug}/").json()
    assert [alias["name"] for alias in organization["aliases"]] == ["ColdQuanta (Infleqtion)"]


def test_the_profiles_show_the_other_names_with_their_sources(client):
    body = client.get("/hubs/doe-national-quantum-information-science-research-centers/")
    body = body.content.decode()
    names = body.split('data-fact="aliases"', 1)[1].split("</div>", 1)[0]
    assert "DOE QIS Research Centers" in names
    assert "blob.wenxiaobai.com" in names

    incubator = client.get("/zh-hans/incubators/deep-tech-lab-quantum/").content.decode()
    assert "Deep TechLab-Quantum" in incubator.split('data-fact="aliases"', 1)[1]


def test_a_hub_without_other_names_says_none_is_known(client):
    body = client.get("/hubs/chicago-quantum-exchange/").content.decode()
    names = body.split('data-fact="aliases"', 1)[1].split("</div>", 1)[0]
    assert "none known" in names


def test_a_curators_other_name_is_found_and_survives_a_reload(api):
    hub = Hub.objects.get(slug="chicago-quantum-exchange")
    alias = HubAlias.objects.create(hub=hub, name="Windy City Quantum")
    alias.sources.add(SourceFactory())

    report = dataset_import()

    assert hub.aliases.filter(name="Windy City Quantum").exists()
    assert any("aliases" in line for line in report.kept_edits)
    assert hub.slug in api_slugs(api, "hubs", q="windy city")


def test_a_reload_restores_a_deleted_other_name_no_curator_touched():
    incubator = Incubator.objects.get(slug="deep-tech-lab-quantum")
    IncubatorAlias.objects.filter(incubator=incubator).delete()
    # The memory of what the loader wrote is the record's: deleting rows is a curator's edit.
    report = dataset_import(overwrite=True)
    assert incubator.aliases.get().name == "Deep TechLab-Quantum"
    assert report.updated["incubators"] == 1


def test_other_names_keep_their_history():
    alias = HubAlias.objects.filter(hub__slug="quantum-spain").first()
    alias.name = "Quantum Spain programme"
    alias.save()
    assert alias.history.count() >= 1
    assert alias.history.first().name == "Quantum Spain programme"
