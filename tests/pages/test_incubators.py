import html
import json
import re

import pytest

from hubs.models import Hub
from incubators.models import Incubator, IncubatorCitation
from tests.factories import (
    HubFactory,
    IncubatorAliasFactory,
    IncubatorFactory,
    OrganizationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/incubators/"
DUALITY = "duality"
QVLS = "quantum-valley-lower-saxony-high-tech-incubator"
# One of them the region filter's indexed lookup of the slug it names.
LIST_QUERY_BOUND = 5
# The incubator, its parts and sources, and how many suggestions are open.
DETAIL_QUERY_BOUND = 9


def text(markup):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def section(body, start, end):
    return body.split(start, 1)[1].split(end, 1)[0]


def fact(body, name):
    return section(body, f'data-fact="{name}">', "</div>")


def listed(response):
    """{slug: [name, country, city, status, hub, startups]} of the list's table."""
    body = response.content.decode()
    if '<table class="incubator-table">' not in body:
        return {}
    table = section(body, "<tbody>", "</tbody>")
    return {
        slug: [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        for slug in re.findall(r'href="/incubators/([^/]+)/"', row)
    }


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


# -- the list -------------------------------------------------------------------------------


def test_it_lists_every_published_incubator_with_its_facts(client):
    IncubatorFactory(slug="secret-draft", name_en="Secret Draft Incubator", published=False)

    response = client.get(LIST)

    assert response.status_code == 200
    rows = listed(response)
    assert set(rows) == set(Incubator.objects.published().values_list("slug", flat=True))
    assert len(rows) == 9
    assert rows[DUALITY] == [
        "Duality",
        "United States of America",
        "Chicago",
        "active",
        "Chicago Quantum Exchange",
        "15",
    ]
    assert "Secret Draft Incubator" not in response.content.decode()
    assert "9 incubators" in response.content.decode()


def test_it_shows_unknown_values_in_the_list_as_unknown(client):
    row = listed(client.get(LIST))[QVLS]

    assert row[2:] == ["unknown", "unknown", "none known", "unknown"]
    body = get(client, LIST)
    qvls_row = section(body, f'href="/incubators/{QVLS}/"', "</tr>")
    assert qvls_row.count('class="unknown"') == 4


def test_it_filters_by_status(client):
    rows = listed(client.get(LIST, {"status": "closed"}))

    assert set(rows) == {"quantum-technology-enterprise-centre"}


def test_it_filters_by_country_and_region(client):
    assert set(listed(client.get(LIST, {"country": "US"}))) == {
        "duality",
        "quantum-catalyzer",
        "quantum-startup-foundry",
        "stanford-quantum-incubator-sqi",
    }
    assert set(listed(client.get(LIST, {"region": "eu"}))) == {"deep-tech-lab-quantum", QVLS}


def test_it_ignores_the_filters_the_form_sends_empty(client):
    response = client.get(LIST, {"q": "", "status": "closed", "country": "", "region": ""})

    assert response.status_code == 200
    assert set(listed(response)) == {"quantum-technology-enterprise-centre"}
    assert 'href="/api/v1/incubators/?status=closed"' in response.content.decode()


def test_it_searches_names_and_keeps_the_words_in_the_form(client):
    response = client.get(LIST, {"q": "Catalyzer"})

    assert set(listed(response)) == {"quantum-catalyzer"}
    assert 'name="q" value="Catalyzer"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"status": "closed"},
        {"country": "US"},
        {"region": "north-america", "q": "quantum"},
        {"q": "accelerator"},
    ],
)
def test_it_lists_what_the_api_lists_for_the_same_filters(client, query):
    api = client.get("/api/v1/incubators/", {**query, "page_size": 100}).json()

    assert set(listed(client.get(LIST, query))) == {item["slug"] for item in api["results"]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"region": "atlantis"}, "region"),
        ({"country": "XX"}, "country"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_it_answers_bad_filters_with_a_400_that_names_the_problem(client, query, field):
    response = client.get(LIST, query)

    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="filter-{field}-errors"' in body
    assert 'role="alert"' in body
    assert '<table class="incubator-table">' not in body


def test_it_says_so_when_no_incubator_matches(client):
    response = client.get(LIST, {"q": "no such incubator anywhere"})

    assert response.status_code == 200
    assert "No incubator matches these filters." in response.content.decode()


def test_it_hides_an_unpublished_affiliated_hub_in_the_list(client):
    hub = HubFactory(name_en="Secret Draft Hub", published=False)
    IncubatorFactory(slug="fed-by-a-draft", affiliated_hub=hub)

    response = client.get(LIST)

    assert listed(response)["fed-by-a-draft"][4] == "none known"
    assert "Secret Draft Hub" not in response.content.decode()


def test_the_lists_query_count_does_not_grow_with_the_incubators(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(LIST, {"region": "north-america"})
    hub = Hub.objects.get(slug="chicago-quantum-exchange")
    IncubatorFactory.create_batch(30, affiliated_hub=hub)
    IncubatorFactory.create_batch(10, country="DE", city="Berlin")

    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(LIST, {"region": "north-america"})
    assert len(listed(response)) == 35


def test_it_lists_fifty_incubators_a_page_and_counts_them_all(client):
    IncubatorFactory.create_batch(60, country="DE")
    total = Incubator.objects.published().count()

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    body = first.content.decode()
    assert len(listed(first)) == 50
    assert f"{total} incubators" in body
    assert "Page 1 of 2" in body
    assert 'href="?page=2" rel="next"' in body
    assert len(listed(second)) == total - 50
    assert not set(listed(first)) & set(listed(second))


def test_its_page_links_keep_the_filters(client):
    IncubatorFactory.create_batch(55, country="DE")

    body = get(client, f"{LIST}?country=DE&status=")

    assert 'href="?country=DE&amp;page=2" rel="next"' in body


# -- the profile ----------------------------------------------------------------------------


def test_it_shows_dualitys_facts_with_their_sources(client):
    body = get(client, f"/incubators/{DUALITY}/")

    assert "University of Chicago Polsky Center" in fact(body, "host_institution")
    assert "pme.uchicago.edu" in fact(body, "host_institution")
    assert text(fact(body, "founded")).startswith("Founded 2021 Sources:")
    assert text(fact(body, "status")).startswith("Status Active Source:")
    assert text(fact(body, "cohorts")).startswith("Cohorts 2 Source:")
    assert text(fact(body, "startups_supported")).startswith("Startups supported 15 Source:")
    affiliated = fact(body, "affiliated_hub")
    assert 'href="/hubs/chicago-quantum-exchange/"' in affiliated
    assert "Source:" in text(affiliated)


def test_it_shows_the_funds_with_what_they_are(client):
    funds = text(fact(get(client, f"/incubators/{DUALITY}/"), "funds"))

    assert "20,000,000 USD" in funds
    assert "not money raised by the startups" in funds
    assert "chicagobusiness.com" in funds


def test_it_shows_the_location_on_a_small_map_and_as_text(client):
    body = get(client, f"/incubators/{DUALITY}/")

    assert 'id="incubator-map"' in body
    assert "incubators/detail.js" in body
    data = section(body, '<script id="location-geojson" type="application/json">', "</script>")
    assert json.loads(data)["features"][0]["geometry"]["coordinates"] == [-87.63, 41.88]
    location = text(section(body, '<h2 id="location-title">', "</section>"))
    assert "Chicago, United States of America: 41.88, -87.63" in location


def test_it_shows_unknown_facts_as_unknown_and_no_map_without_a_location(client):
    body = get(client, f"/incubators/{QVLS}/")

    for name in ("city", "status", "cohorts", "startups_supported", "funds", "website"):
        assert '<span class="unknown">unknown</span>' in fact(body, name), name
    assert '<span class="unknown">none known</span>' in fact(body, "affiliated_hub")
    assert '<p class="unknown">Location unknown</p>' in body
    assert 'id="incubator-map"' not in body
    assert "atlas-map.js" not in body


def test_it_lists_the_published_portfolio_only(client):
    incubator = Incubator.objects.get(slug=DUALITY)
    incubator.portfolio.add(
        OrganizationFactory(name="Qubit Startup", type="startup", country="US"),
        OrganizationFactory(name="Hidden Startup", published=False),
    )

    portfolio = text(
        section(get(client, f"/incubators/{DUALITY}/"), "portfolio-title", "</section>")
    )

    assert "Qubit Startup startup United States of America" in portfolio
    assert "Hidden Startup" not in portfolio


def test_it_hides_an_unpublished_affiliated_hub_on_the_profile(client):
    hub = HubFactory(name_en="Secret Draft Hub", published=False)
    IncubatorFactory(slug="fed-by-a-draft", affiliated_hub=hub)

    body = get(client, "/incubators/fed-by-a-draft/")

    assert "Secret Draft Hub" not in body
    assert '<span class="unknown">none known</span>' in fact(body, "affiliated_hub")


def test_it_answers_404_for_an_unpublished_or_unknown_incubator(client):
    IncubatorFactory(slug="secret-draft", published=False)

    assert client.get("/incubators/secret-draft/").status_code == 404
    assert client.get("/incubators/no-such-incubator/").status_code == 404


def test_it_shows_the_chinese_name_as_the_heading_on_the_chinese_page(client):
    body = get(client, f"/zh-hans/incubators/{DUALITY}/")

    assert text(section(body, '<h1 id="profile-title">', "</h1>")) == "二象性加速器"


def test_it_escapes_an_incubators_name_and_description(client):
    IncubatorFactory(
        slug="hostile",
        name_en="<img src=x onerror=alert(1)>",
        description_en="<script>alert(1)</script>",
    )

    body = get(client, "/incubators/hostile/")

    assert "<img src=x" not in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_the_profiles_query_count_does_not_grow_with_its_portfolio_and_sources(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        client.get(f"/incubators/{DUALITY}/")
    incubator = Incubator.objects.get(slug=DUALITY)
    incubator.portfolio.add(*OrganizationFactory.create_batch(30, type="startup"))
    for field in ("founded", "status", "cohorts", "", "website"):
        for source in SourceFactory.create_batch(3):
            IncubatorCitation.objects.create(incubator=incubator, source=source, field=field)
        IncubatorAliasFactory(incubator=incubator, sources=SourceFactory.create_batch(2))
    for cohorts in range(3, 13):
        incubator.cohorts = cohorts
        incubator.save()

    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        body = get(client, f"/incubators/{DUALITY}/")
    portfolio = section(body, "portfolio-title", "</section>")
    assert portfolio.count('<th scope="row">') == 30
    assert text(fact(body, "cohorts")).startswith("Cohorts 12 Sources:")
