import html
import json
import re

import pytest
from django.test import override_settings
from django.utils.formats import date_format

from hubs.models import Hub, Membership, Organization
from tests.factories import (
    HubAliasFactory,
    HubFactory,
    IncubatorFactory,
    MembershipFactory,
    OrganizationFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

CQE = "chicago-quantum-exchange"
DOE = "doe-national-quantum-information-science-research-centers"
NTU = "national-taiwan-university-ibm-quantum-hub"
QDNL = "quantum-delta-nl"
# The hub, its sites, other names and their sources, conflicting figures, members, citations,
# linked records, and how many suggestions are open.
QUERY_BOUND = 10
# A process's first request on an empty cache also reads the technology areas
# (atlas/reference.py); after a write, the writer has read them for every process.
COLD_CACHE_QUERY_BOUND = QUERY_BOUND + 1


def url(slug):
    return f"/hubs/{slug}/"


def text(markup):
    """What a reader sees of some HTML: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def section(body, start, end):
    return body.split(start, 1)[1].split(end, 1)[0]


def fact(body, name):
    """The HTML of one fact (label and value) of the profile's fact list."""
    return section(body, f'data-fact="{name}">', "</div>")


def table_rows(body, table_class):
    table = section(body, f'<table class="{table_class}">', "</table>")
    return [
        [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", section(table, "<tbody>", "</tbody>"), re.S)
    ]


def counts_by_type(body):
    listing = section(body, '<ul class="counts-by-type"', "</ul>")
    return {
        kind: int(count.replace(",", ""))
        for kind, count in re.findall(
            r'data-type="([^"]+)">.*?<strong>([\d,]+)</strong>', listing, re.S
        )
    }


def related_hubs(body):
    listing = section(body, '<ul class="link-list related-hubs">', "</ul>")
    return {
        slug: int(count)
        for slug, count in re.findall(r'href="/hubs/([^/]+)/">.*?· (\d+) shared', listing, re.S)
    }


def site_geojson(body):
    data = section(body, '<script id="sites-geojson" type="application/json">', "</script>")
    return json.loads(data)


def get(client, slug):
    response = client.get(url(slug))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_cqes_member_count_with_its_as_of_date_and_source(client):
    member_count = fact(get(client, CQE), "member_count")

    assert "40 corporate partners (as of 2022-12)" in text(member_count)
    assert (
        'href="https://press-news.org/170339-chicago-quantum-exchange-annual-report-'
        'highlights-2022-growth.html"' in member_count
    )


def test_it_says_unknown_for_cqes_website_and_funding(client):
    body = get(client, CQE)

    for name in ("website", "funding"):
        value = fact(body, name)
        assert '<span class="unknown">unknown</span>' in value
        assert "href=" not in value


def test_it_shows_a_funding_amount_with_its_currency_and_what_it_is(client):
    funding = text(fact(get(client, DOE), "funding"))

    assert "625,000,000 USD" in funding
    assert "up to $625M over five years for the 2020 awards" in funding
    assert "thequantuminsider.com" in funding


def test_it_shows_the_economy_chain_linking_to_the_regions(client):
    economy = fact(get(client, "dlr-quantum-computing-initiative"), "economy")

    assert text(economy).startswith("Economy Germany · European Union · Europe")
    for slug in ("de", "eu", "europe"):
        assert f'href="/regions/{slug}/"' in economy


def test_it_lists_the_five_sites_of_the_doe_centres_in_text_and_for_the_map(client):
    body = get(client, DOE)

    rows = table_rows(body, "site-table")
    assert len(rows) == 5
    assert "5 sites" in body
    assert {row[1] for row in rows} >= {"Batavia, Illinois, United States of America"}
    oak_ridge = next(row for row in rows if row[1].startswith("Oak Ridge"))
    assert oak_ridge[2] == "research centre (lead laboratory)"
    assert oak_ridge[3] == "36.01, -84.27"
    assert oak_ridge[4].startswith("well-known coordinates of Oak Ridge, Tennessee")
    features = site_geojson(body)["features"]
    assert len(features) == 5
    assert [-84.27, 36.01] in [feature["geometry"]["coordinates"] for feature in features]


def test_it_says_the_location_is_unknown_for_a_hub_without_sites(client):
    hub = HubFactory()

    body = get(client, hub.slug)

    assert "Location unknown" in body
    assert 'id="sites-map"' not in body
    assert "atlas-map.js" not in body


def test_it_lists_ibm_among_cqes_members_as_a_company(client):
    rows = table_rows(get(client, CQE), "member-table")

    assert ["IBM", "company", "United States of America", "corporate partner"] in rows
    assert len(rows) == 31


def test_its_counts_by_type_add_up_to_the_members_listed(client):
    body = get(client, CQE)

    counts = counts_by_type(body)
    rows = table_rows(body, "member-table")
    assert sum(counts.values()) == len(rows) == 31
    assert counts == {
        "company": 13,
        "university": 10,
        "startup": 5,
        "government-lab": 2,
        "unknown": 1,
    }
    assert "The directory lists 31 member organisations." in text(body)
    assert "The hub reports 40 corporate partners." in text(body)


def test_it_shows_a_members_role_its_sources_words_and_not_stated_for_none(client):
    hub = HubFactory()
    MembershipFactory(hub=hub, organization__name="Anchor University", role="founding-member")
    MembershipFactory(
        hub=hub,
        organization__name="Board Company",
        role="steering-committee",
        role_as_stated="steering committee member",
    )
    MembershipFactory(
        hub=hub, organization__name="Joined Lab", role="", role_as_stated="member (joined 2021)"
    )
    MembershipFactory(hub=hub, organization__name="Plain Company", role="")

    rows = table_rows(get(client, hub.slug), "member-table")

    assert [row[3] for row in rows] == [
        "founding member",
        "steering committee “steering committee member”",
        "“member (joined 2021)”",
        "not stated",
    ]
    chinese = table_rows(client.get(f"/zh-hans{url(hub.slug)}").content.decode(), "member-table")
    assert chinese[0][3] == "创始成员"


def test_it_leaves_out_unpublished_member_organisations(client):
    hub = Hub.objects.get(slug=CQE)
    MembershipFactory(hub=hub, organization__name="Hidden Partner", organization__published=False)

    body = get(client, CQE)

    assert "Hidden Partner" not in body
    assert sum(counts_by_type(body).values()) == 31


def test_it_relates_cqe_to_the_doe_centres_through_argonne_and_fermilab(client):
    related = related_hubs(get(client, CQE))

    assert related[DOE] == 9
    assert CQE not in related
    cqe_members = set(
        Membership.objects.filter(hub__slug=CQE).values_list("organization", flat=True)
    )
    for slug, shared in related.items():
        theirs = set(
            Membership.objects.filter(hub__slug=slug).values_list("organization", flat=True)
        )
        assert len(cqe_members & theirs) == shared


def test_it_leaves_unpublished_hubs_out_of_the_related_hubs(client):
    ibm = Organization.objects.get(name="IBM")
    draft = HubFactory(slug="secret-draft", name_en="Secret Draft Hub", published=False)
    MembershipFactory(hub=draft, organization=ibm)

    body = get(client, CQE)

    assert "secret-draft" not in related_hubs(body)
    assert "Secret Draft Hub" not in body


def test_it_answers_404_for_an_unpublished_hub(client):
    HubFactory(slug="secret-draft", published=False)

    assert client.get(url("secret-draft")).status_code == 404


def test_it_answers_404_for_an_unknown_slug(client):
    assert client.get(url("no-such-hub")).status_code == 404


def test_it_states_the_reports_grouping_of_the_ntu_ibm_hub_beside_taipei(client):
    economy = fact(get(client, NTU), "economy")

    assert "Located in Taipei (Taiwan). The 2024 report counts it under China." in text(economy)
    assert 'href="https://blob.wenxiaobai.com/article/18286ba3' in economy


def test_it_does_not_mention_the_reports_grouping_where_it_is_the_hubs_own(client):
    assert "The 2024 report counts it under" not in get(client, CQE)


def test_it_shows_the_chinese_name_as_the_heading_on_the_chinese_page(client):
    response = client.get(f"/zh-hans/hubs/{QDNL}/")

    assert response.status_code == 200
    heading = section(response.content.decode(), '<h1 id="profile-title">', "</h1>")
    assert text(heading).startswith("量子三角洲")


def test_it_shows_the_english_name_as_the_heading_on_the_english_page(client):
    heading = section(get(client, QDNL), '<h1 id="profile-title">', "</h1>")

    assert text(heading).startswith("Quantum Delta NL")


def test_it_shows_every_unknown_fact_as_unknown(client):
    hub = HubFactory(founded=None, member_count=None, website="", acronym="", name_zh="")

    body = get(client, hub.slug)

    for name in ("name_zh", "acronym", "founded", "website", "technology_areas", "member_count"):
        assert '<span class="unknown">unknown</span>' in fact(body, name), name
    assert '<span class="unknown">unknown</span>' in fact(body, "funding")
    assert "No description is known." in body
    assert "No member organisations are listed." in body


def test_it_shows_a_title_only_source_as_text_and_a_url_source_as_a_link(client):
    body = get(client, CQE)
    site_list_sources = section(body, '<h2 id="site-list-title">', "</small>")

    assert (
        '<span class="source-note">well-known coordinates of Chicago (city-level, rounded to '
        "2 decimals)</span>" in site_list_sources
    )
    assert 'href="https://pme.uchicago.edu/news/creating-hub-cutting-edge-quantum-science"' in (
        fact(body, "founded")
    )


def test_it_lists_the_record_wide_sources(client):
    sources = section(get(client, CQE), '<h2 id="sources-title">', "</section>")

    assert 'href="https://new.qq.com/rain/a/20240830A08RI300"' in sources
    assert "腾讯新闻 (Tencent News)" in sources


def test_it_lists_the_published_incubators_affiliated_with_the_hub(client):
    hub = Hub.objects.get(slug=CQE)
    IncubatorFactory(affiliated_hub=hub, name_en="Hidden Incubator", published=False)

    incubators = section(get(client, CQE), '<h2 id="incubators-title">', "</section>")

    assert 'href="/incubators/duality/"' in incubators
    assert "Hidden Incubator" not in incubators


def test_it_shows_the_last_update_and_what_changed_recently(client):
    hub = Hub.objects.get(slug=CQE)
    hub.website = "https://chicagoquantum.org/"
    hub.save()

    history = text(section(get(client, CQE), '<h2 id="history-title">', "</section>"))

    assert "Last updated:" in history
    assert "changed (website)" in history
    assert "created" in history
    updated_at = Hub.objects.get(slug=CQE).updated_at
    assert f"Last updated: {date_format(updated_at, 'DATE_FORMAT')}" in history


def test_it_writes_the_last_update_date_the_chinese_way_on_the_chinese_page(client):
    updated_at = Hub.objects.get(slug=QDNL).updated_at

    history = text(
        section(
            client.get(f"/zh-hans/hubs/{QDNL}/").content.decode(),
            '<h2 id="history-title">',
            "</section>",
        )
    )

    assert f"{updated_at.year}年{updated_at.month}月{updated_at.day}日" in history


def test_it_escapes_names_and_descriptions(client):
    hub = HubFactory(
        name_en="<img src=x onerror=alert(1)>",
        description_en="<script>alert(1)</script>",
    )
    MembershipFactory(hub=hub, organization__name="<img src=x onerror=alert(2)>")
    SiteFactory(hub=hub, name="<b>site</b>")

    body = get(client, hub.slug)

    assert "<img src=x" not in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert site_geojson(body)["features"][0]["properties"]["name"] == "<b>site</b>"


def test_it_puts_no_inline_script_or_style_on_the_page(client):
    body = get(client, DOE)

    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", body)
    assert " style=" not in body


def add_members_and_sites(hub, members=40, sites=10):
    for index in range(members):
        organization = OrganizationFactory(type=Organization.Type.UNIVERSITY)
        MembershipFactory(
            hub=hub, organization=organization, role="partner", role_as_stated=f"role {index}"
        )
        # Each new member also belongs to a hub of its own: more related hubs.
        MembershipFactory(organization=organization)
    for index in range(sites):
        site = SiteFactory(hub=hub, is_primary=False, city=f"City {index}")
        site.sources.add(SourceFactory())
        HubAliasFactory(hub=hub, sources=SourceFactory.create_batch(2))


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_its_query_count_does_not_grow_with_members_and_sites(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_max_num_queries(COLD_CACHE_QUERY_BOUND):
        assert client.get(url(CQE)).status_code == 200
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(url(CQE)).status_code == 200

    # The writes commit (the test's transaction would otherwise keep them pending).
    with django_capture_on_commit_callbacks(execute=True):
        hub = Hub.objects.get(slug=CQE)
        add_members_and_sites(hub)
        IncubatorFactory.create_batch(3, affiliated_hub=hub)
        for year in range(2001, 2011):
            hub.founded = year
            hub.save()

    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(url(CQE)).status_code == 200
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(url(CQE))
    body = response.content.decode()
    assert len(table_rows(body, "member-table")) == 71
    assert len(table_rows(body, "site-table")) == 16
    assert sum(counts_by_type(body).values()) == 71
