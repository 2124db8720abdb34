import html
import re

import pytest

from hubs.models import Hub
from hubs.stats import hub_stats
from regions.models import Region
from tests.api.test_lists import EU_COUNTRIES, data_hubs
from tests.factories import (
    HubFactory,
    IncubatorFactory,
    MembershipFactory,
    RegionFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/regions/"
EU_HUBS = data_hubs(lambda hub: hub["country"] in EU_COUNTRIES)
LIST_QUERY_BOUND = 4
DETAIL_QUERY_BOUND = 6


def text(markup):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def section(body, start, end):
    return body.split(start, 1)[1].split(end, 1)[0]


def rows(markup):
    """{row heading: [cell text, ...]} of the rows of a table's HTML."""
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", markup, re.S):
        cells = [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        found[cells[0]] = cells[1:]
    return found


def hub_slugs(body):
    table = section(body, '<table class="hub-table">', "</table>")
    return set(re.findall(r'href="/hubs/([^/]+)/"', table))


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def add_hubs(region_slug="de", country="DE", count=30):
    region = Region.objects.get(slug=region_slug)
    for hub in HubFactory.create_batch(count, country=country, region=region, member_count=12):
        SiteFactory(hub=hub, country=country)
        MembershipFactory.create_batch(2, hub=hub)
    IncubatorFactory.create_batch(10, country=country)


# -- the list -------------------------------------------------------------------------------


def test_it_lists_the_continents_with_their_economies_nested(client):
    body = get(client, LIST)

    headings = re.findall(r'<h2 id="group-([^"]+)">', body)
    assert headings == ["asia", "europe", "latin-america", "north-america", "oceania"]
    europe = rows(section(body, 'id="group-europe"', "</section>"))
    assert list(europe) == [
        "Region",
        "Switzerland",
        "European Union",
        "Austria",
        "Belgium",
        "Germany",
        "Denmark",
        "Spain",
        "Finland",
        "France",
        "Italy",
        "Netherlands",
        "Poland",
        "Sweden",
        "United Kingdom",
        "All of Europe",
    ]
    assert 'class="depth-2"' in section(body, 'href="/regions/eu/"', 'href="/regions/gb/"')


def test_its_hub_counts_are_the_statistics_ones(client):
    stats = hub_stats(Hub.objects.published())
    body = get(client, LIST)

    every_row = rows(body)
    for economy in stats.economies:
        region = Region.objects.get(slug=economy.slug)
        assert every_row[region.name_en][0] == str(economy.hubs)
    for continent in stats.continents:
        assert every_row[f"All of {continent.name_en}"][0] == str(continent.hubs)
    assert every_row["European Union"][:2] == ["24", "267 (n=10)"]
    assert f"{stats.total.hubs} published hubs in all" in body


def test_it_counts_no_unpublished_hub(client):
    before = rows(get(client, LIST))["Germany"]
    HubFactory(country="DE", region=Region.objects.get(slug="de"), published=False)

    assert rows(get(client, LIST))["Germany"] == before


def test_it_shows_an_unknown_member_count_as_unknown(client):
    kingdom = rows(get(client, LIST))["United Kingdom"]

    assert kingdom == ["7", "unknown", "unknown", "1"]


def test_the_lists_query_count_does_not_grow_with_the_hubs(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(LIST)
    add_hubs()

    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        body = get(client, LIST)
    assert rows(body)["Germany"][:2] == ["36", "372 (n=31)"]


# -- a region -------------------------------------------------------------------------------


def test_the_eu_page_lists_the_twenty_four_eu_hubs(client):
    body = get(client, "/regions/eu/")

    assert hub_slugs(body) == EU_HUBS
    assert "24 hubs" in body
    assert text(section(body, "<h1>", "</h1>")) == "European Union"


def test_the_eu_page_puts_its_average_beside_the_global_average(client):
    stats = hub_stats(Hub.objects.published())
    eu = next(row for row in stats.economies if row.slug == "eu")
    body = get(client, "/regions/eu/")

    table = rows(section(body, '<table class="average-table">', "</table>"))
    assert table["Published hubs"] == ["24", str(stats.total.hubs)]
    assert table["Hubs with a known member count"] == [
        str(eu.hubs_with_member_count),
        str(stats.total.hubs_with_member_count),
    ]
    assert table["Average members per hub"] == [
        f"{eu.avg_members_per_hub:.1f} (n={eu.hubs_with_member_count})",
        f"{stats.total.avg_members_per_hub:.1f} (n={stats.total.hubs_with_member_count})",
    ]
    report_row = next(value for key, value in table.items() if key.startswith("The 2024 report"))
    assert report_row == ["not given", "28.1"]
    assert "The average counts the 10 hubs of 24 with a known member count." in text(body)


def test_the_eu_page_gives_the_reports_figures_with_their_source(client):
    figures = text(section(get(client, "/regions/eu/"), '<ul class="report-figures">', "</ul>"))

    assert "Share of all the hubs in the world: 37 %" in figures
    assert "EU-wide · Share of the hubs in European Union: 13 %" in figures
    assert "Source: 2024全球量子产业生态系统研究报告" in figures


def test_a_member_states_page_gives_its_share_within_the_eu(client):
    figures = text(section(get(client, "/regions/de/"), '<ul class="report-figures">', "</ul>"))

    assert "Share of the hubs in European Union: ≈33 %" in figures


def test_the_us_page_gives_the_reports_average_beside_its_own(client):
    table = rows(section(get(client, "/regions/us/"), '<table class="average-table">', "</table>"))

    report_row = next(value for key, value in table.items() if key.startswith("The 2024 report"))
    assert report_row == ["42.1", "28.1"]


def test_the_china_page_gives_the_reports_public_investment(client):
    figures = text(section(get(client, "/regions/cn/"), '<ul class="report-figures">', "</ul>"))

    assert "Public quantum investment: more than 1.5 billion USD" in figures


def test_the_eu_page_lists_its_member_states_and_their_incubators(client):
    eu = Region.objects.get(slug="eu")
    RegionFactory(slug="ie", name_en="Ireland", parent=eu, countries=["IE"])
    body = get(client, "/regions/eu/")

    inside = rows(section(body, '<h2 id="inside-title">', "</table>"))
    assert set(inside) >= {"Region", "Germany", "Netherlands", "Italy", "France", "Finland"}
    # Germany's one known count is marked as a figure from fewer than three hubs.
    few = "(n=1) † fewer than 3 hubs: read with care"
    assert inside["Germany"] == ["6", f"12 {few}", f"12.0 {few}", "1"]
    assert "† fewer than 3 hubs: read with care" in text(body)
    assert inside["Netherlands"][:3] == ["1", "unknown", "unknown"]
    assert inside["Ireland"][:3] == ["0", "0", "– no hubs"]
    incubators = section(body, '<h2 id="incubators-title">', "</section>")
    assert set(re.findall(r'href="/incubators/([^/]+)/"', incubators)) == {
        "deep-tech-lab-quantum",
        "quantum-valley-lower-saxony-high-tech-incubator",
    }


def test_a_continents_page_counts_the_hubs_of_everything_inside_it(client):
    body = get(client, "/regions/europe/")

    assert hub_slugs(body) == EU_HUBS | data_hubs(lambda hub: hub["country"] in {"GB", "CH"})
    inside = rows(section(body, '<h2 id="inside-title">', "</table>"))
    assert inside["European Union"][0] == "24"
    assert inside["United Kingdom"][0] == "7"


def test_a_region_page_leaves_out_unpublished_hubs(client):
    HubFactory(
        slug="secret-draft",
        name_en="Secret Draft Hub",
        country="DE",
        region=Region.objects.get(slug="de"),
        published=False,
    )

    body = get(client, "/regions/eu/")

    assert "Secret Draft Hub" not in body
    assert hub_slugs(body) == EU_HUBS


def test_it_answers_404_for_an_unknown_region(client):
    assert client.get("/regions/atlantis/").status_code == 404


def test_the_chinese_page_names_the_region_in_chinese(client):
    body = get(client, "/zh-hans/regions/eu/")

    assert text(section(body, "<h1>", "</h1>")) == "欧盟"
    assert 'href="/zh-hans/hubs/quantum-delta-nl/">量子三角洲</a>' in body


def test_a_region_page_lists_its_first_fifty_hubs_and_counts_them_all(client):
    add_hubs(count=60)

    body = get(client, "/regions/eu/")

    published = Hub.objects.published().filter(region__path__startswith="europe/eu/").count()
    assert published > 50
    assert f"{published} hubs" in body
    assert len(hub_slugs(body)) == 50
    assert 'href="/hubs/?region=eu"' in body


def test_a_region_pages_query_count_does_not_grow_with_the_hubs(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        client.get("/regions/eu/")
    add_hubs()

    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        body = get(client, "/regions/eu/")
    assert len(hub_slugs(body)) == 50  # the first 50 of 54; the directory lists them all
