import html
import re

import pytest

from hubs.models import Hub, Organization, OrganizationCitation
from incubators.models import Incubator
from tests.factories import (
    HubFactory,
    IncubatorFactory,
    MembershipFactory,
    OrganizationAliasFactory,
    OrganizationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/organizations/"
CQE = "chicago-quantum-exchange"
DOE = "doe-national-quantum-information-science-research-centers"
ARGONNE = "Argonne National Laboratory"
# The count, the page, the countries and the hubs of the form.
LIST_QUERY_BOUND = 4
# The organisation, its other names and their sources, citations, hubs, incubators, history,
# and how many suggestions are open.
DETAIL_QUERY_BOUND = 8


def text(markup):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def section(body, start, end):
    return body.split(start, 1)[1].split(end, 1)[0]


def fact(body, name):
    return text(section(body, f'data-fact="{name}">', "</div>"))


def listed(response):
    """{slug: [name, type, country, hubs]} of the list's table."""
    body = response.content.decode()
    if '<table class="organization-table">' not in body:
        return {}
    table = section(body, "<tbody>", "</tbody>")
    return {
        slug: [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        for slug in re.findall(r'href="/organizations/([^/]+)/"', row)
    }


def get(client, path, params=None):
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response.content.decode()


def profile(organization):
    return f"/organizations/{organization.slug}/"


@pytest.fixture
def argonne():
    return Organization.objects.get(name=ARGONNE)


# -- the list -------------------------------------------------------------------------------


def test_it_lists_fifty_published_organisations_a_page_and_counts_them_all(client):
    total = Organization.objects.filter(published=True).count()

    first = client.get(LIST)
    last = client.get(LIST, {"page": str((total + 49) // 50)})

    body = first.content.decode()
    assert len(listed(first)) == 50
    assert f"{total} organisations" in text(body)
    assert 'href="?page=2" rel="next"' in body
    assert len(listed(last)) == total - 50 * ((total - 1) // 50)


def test_it_shows_an_organisations_type_country_and_number_of_hubs(client, argonne):
    rows = listed(client.get(LIST, {"q": ARGONNE}))

    assert rows == {argonne.slug: [ARGONNE, "Government lab", "United States of America", "2"]}


def test_its_search_finds_an_organisation_by_another_name(client, argonne):
    assert argonne.aliases.filter(name__contains="Q-NEXT").exists()

    body = get(client, LIST, {"q": "q-next"})

    assert set(listed(client.get(LIST, {"q": "q-next"}))) == {argonne.slug}
    assert 'value="q-next"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"type": "university"},
        {"country": "FI"},
        {"hub": CQE},
        {"hub": CQE, "role": "corporate-partner"},
        {"role": "lead-laboratory"},
        {"q": "university", "country": "US"},
    ],
)
def test_it_lists_what_the_api_lists_for_the_same_filters(client, query):
    api = client.get("/api/v1/organizations/", {**query, "page_size": 500}).json()

    pages, body, number = {}, 'rel="next"', 1
    while 'rel="next"' in body:
        response = client.get(LIST, {**query, "page": str(number)})
        body, number = response.content.decode(), number + 1
        pages.update(listed(response))

    assert api["count"] > 0
    assert set(pages) == {row["slug"] for row in api["results"]}


def test_its_filters_select_what_they_name(client):
    universities = listed(client.get(LIST, {"type": "university", "country": "FI"}))
    members = listed(client.get(LIST, {"hub": CQE}))

    assert {row[1] for row in universities.values()} == {"University"}
    assert {row[2] for row in universities.values()} == {"Finland"}
    assert "aalto-university" in universities
    assert len(members) == 31  # CQE's published members, as its profile lists them


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ({"type": "bogus"}, "Type"),
        ({"country": "XX"}, "Country"),
        ({"role": "emperor"}, "Role in a hub"),
        ({"verified": "sometimes"}, "Last verified"),
        ({"q": "x" * 201}, "Search"),
    ],
)
def test_it_answers_bad_filters_with_a_400_that_names_the_problem(client, query, label):
    response = client.get(LIST, query)

    assert response.status_code == 400
    body = response.content.decode()
    errors = text(section(body, 'id="form-errors">', "</div>"))
    assert f"{label}:" in errors
    assert 'aria-invalid="true"' in body
    assert '<table class="organization-table">' not in body


def test_it_answers_a_page_beyond_the_last_with_a_link_to_the_first(client):
    response = client.get(LIST, {"type": "university", "page": "99"})

    assert response.status_code == 404
    assert 'href="/organizations/?type=university"' in response.content.decode()


def test_a_hub_that_is_not_published_has_no_members_in_the_list(client):
    hub = HubFactory(slug="draft-hub", published=False)
    MembershipFactory(hub=hub, organization=OrganizationFactory())

    response = client.get(LIST, {"hub": "draft-hub"})

    assert response.status_code == 200
    assert listed(response) == {}
    assert "No organisation matches these filters." in response.content.decode()


def test_it_leaves_out_unpublished_organisations(client):
    hidden = OrganizationFactory(name="Hidden Draft Org", published=False)

    body = get(client, LIST, {"q": "Hidden Draft"})

    assert hidden.slug not in body
    assert "0 organisations" in text(body)


def test_the_lists_query_count_does_not_grow_with_the_organisations(
    client, django_assert_max_num_queries
):
    query = {"country": "US", "hub": CQE, "q": "a"}
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(LIST, query)
    hub = Hub.objects.get(slug=CQE)
    for organization in OrganizationFactory.create_batch(40, name="Another Lab"):
        MembershipFactory(hub=hub, organization=organization)
        OrganizationAliasFactory(organization=organization)

    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(LIST, query)
    rows = listed(response)
    assert len([row for row in rows.values() if row[0] == "Another Lab"]) == 40


def test_the_site_navigation_links_to_the_list(client):
    body = get(client, "/hubs/")

    nav = section(body, '<nav class="site-nav"', "</nav>")
    assert 'href="/organizations/"' in nav
    assert 'href="/organizations/" aria-current="page"' in get(client, LIST)


# -- the profile ----------------------------------------------------------------------------


def test_it_shows_an_organisations_facts_and_other_names_with_their_sources(client, argonne):
    source = SourceFactory(url="https://alias-source.example/news")
    OrganizationAliasFactory(organization=argonne, name="ANL", sources=[source])

    body = get(client, profile(argonne))

    assert text(section(body, "<h1", "</h1>")).endswith(ARGONNE)
    assert fact(body, "type").startswith("Type Government lab Sources:")
    assert fact(body, "country").startswith("Country United States of America")
    aliases = fact(body, "aliases")
    assert "Argonne National Laboratory (Q-NEXT)" in aliases
    assert "ANL Source: alias-source.example" in aliases
    assert fact(body, "last_verified") == "Last verified Never verified"


def test_it_links_the_ror_and_wikidata_records(client):
    organization = OrganizationFactory(ror_id="024mw5h28", wikidata_id="Q131252")

    body = get(client, profile(organization))

    assert 'href="https://ror.org/024mw5h28"' in body
    assert 'href="https://www.wikidata.org/wiki/Q131252"' in body


def test_it_cites_each_facts_sources_and_the_records_own(client):
    organization = OrganizationFactory(website="https://example.org/")
    for field, url in (("website", "https://cited-site.example/"), ("", "https://whole.example/")):
        OrganizationCitation.objects.create(
            organization=organization, source=SourceFactory(url=url), field=field
        )

    body = get(client, profile(organization))

    assert "cited-site.example" in fact(body, "website")
    assert "whole.example" not in fact(body, "website")
    assert "https://whole.example/" in section(body, 'id="sources-title"', "</section>")


def test_it_lists_the_published_hubs_it_is_a_member_of_with_its_role(client, argonne):
    draft = HubFactory(name_en="Draft Hub Not Shown", published=False)
    MembershipFactory(hub=draft, organization=argonne)

    body = get(client, profile(argonne))

    hubs = section(body, 'id="hubs-title"', "</section>")
    assert f'href="/hubs/{CQE}/"' in hubs
    assert f'href="/hubs/{DOE}/"' in hubs
    assert "member institution" in text(hubs)
    assert "“lead laboratory (Q-NEXT)”" in text(hubs)
    assert "Draft Hub Not Shown" not in body


def test_it_lists_the_published_incubators_whose_portfolio_it_is_in(client):
    organization = OrganizationFactory()
    shown = IncubatorFactory(name_en="Shown Incubator")
    hidden = IncubatorFactory(name_en="Draft Incubator", published=False)
    for incubator in (shown, hidden):
        incubator.portfolio.add(organization)

    body = get(client, profile(organization))

    assert f'href="/incubators/{shown.slug}/"' in body
    assert "Draft Incubator" not in body


def test_it_answers_404_for_an_unpublished_or_unknown_organisation(client):
    hidden = OrganizationFactory(published=False)

    assert client.get(profile(hidden)).status_code == 404
    assert client.get("/organizations/no-such-organisation/").status_code == 404


def test_it_speaks_chinese_under_zh_hans(client, argonne):
    body = get(client, f"/zh-hans{profile(argonne)}")

    assert "所属生态中心" in body
    assert f'href="/zh-hans/hubs/{CQE}/"' in body
    assert "芝加哥量子交易所" in body  # the hub's Chinese name
    assert "政府实验室" in fact(body, "type")
    listing = get(client, "/zh-hans/organizations/", {"hub": CQE})
    assert "31 个机构" in text(listing)


def test_it_escapes_an_organisations_name(client):
    organization = OrganizationFactory(name="<img src=x onerror=alert(1)>")

    body = get(client, profile(organization))

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_the_profiles_query_count_does_not_grow_with_its_hubs_names_and_sources(
    client, django_assert_max_num_queries, argonne
):
    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        get(client, profile(argonne))
    for hub in HubFactory.create_batch(10):
        MembershipFactory(hub=hub, organization=argonne, role="partner")
    for incubator in IncubatorFactory.create_batch(5):
        incubator.portfolio.add(argonne)
    for field in ("type", "country", "", "website"):
        for source in SourceFactory.create_batch(3):
            OrganizationCitation.objects.create(organization=argonne, source=source, field=field)
        OrganizationAliasFactory(organization=argonne, sources=SourceFactory.create_batch(2))
    for number in range(5):
        argonne.notes = f"Note {number}"
        argonne.save()

    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        body = get(client, profile(argonne))
    hubs = section(body, 'id="hubs-title"', "</section>")
    assert hubs.count('<th scope="row">') == 12
    assert section(body, 'id="incubators-title"', "</section>").count("<li>") == 5


# -- links to the profiles ------------------------------------------------------------------


def test_a_hubs_members_link_to_their_profiles(client, argonne):
    body = get(client, f"/hubs/{CQE}/")

    members = section(body, '<table class="member-table">', "</table>")
    assert f'<a href="/organizations/{argonne.slug}/">{ARGONNE}</a>' in members
    chinese = get(client, f"/zh-hans/hubs/{CQE}/")
    assert f'href="/zh-hans/organizations/{argonne.slug}/"' in chinese


def test_an_incubators_portfolio_links_to_its_organisations_profiles(client):
    incubator = Incubator.objects.filter(published=True).first()
    startup = OrganizationFactory(name="Linked Startup", type="startup")
    incubator.portfolio.add(startup)

    body = get(client, f"/incubators/{incubator.slug}/")

    portfolio = section(body, "portfolio-title", "</section>")
    assert f'<a href="/organizations/{startup.slug}/">Linked Startup</a>' in portfolio


def test_the_api_gives_each_organisations_profile_address(client, argonne):
    listed_rows = client.get("/api/v1/organizations/", {"q": ARGONNE}).json()["results"]
    detail = client.get(f"/api/v1/organizations/{argonne.slug}/").json()

    expected = f"http://testserver/organizations/{argonne.slug}/"
    assert [row["profile_url"] for row in listed_rows] == [expected]
    assert detail["profile_url"] == expected
    assert client.get(expected).status_code == 200
