import csv
import io
import json
import re

import pytest
from django.http import QueryDict

from hubs.filters import HubFilterSet
from hubs.models import Hub
from hubs.stats import hub_stats
from regions.models import Region
from tests.factories import HubFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/insights/"
CHARTS = ["hubs-by-economy", "eu-hubs-by-member-state", "members-by-economy", "average-members"]


def get(client, url=URL, **params):
    return client.get(url, params)


def chart_specs(response):
    """What the page hands its script: {canvas id: spec}."""
    match = re.search(
        r'<script id="insights-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return {chart["canvas"]: chart for chart in json.loads(match.group(1))["charts"]}


def datasets(spec):
    return {dataset["role"]: dataset["data"] for dataset in spec["datasets"]}


def expected_stats(query="", grouping="directory"):
    filterset = HubFilterSet(QueryDict(query), queryset=Hub.objects.published())
    assert filterset.is_valid()
    return hub_stats(filterset.qs, grouping=grouping)


def figure(row, metric):
    value = row.report.get(metric)
    return None if value is None else float(value.value)


def table_of(response, slug):
    """The rows of a chart's text table, as the cells' text."""
    body = response.content.decode()
    section = body.split(f'<figure class="chart-figure" id="{slug}"', 1)[1].split("</figure>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def add_hubs(count=30):
    for hub in HubFactory.create_batch(count, member_count=12):
        SiteFactory(hub=hub)
        MembershipFactory.create_batch(2, hub=hub)


def test_it_draws_the_four_charts_of_the_report(client):
    response = get(client)

    assert response.status_code == 200
    body = response.content.decode()
    for title in (
        "Share of hubs by economy",
        "Share of EU hubs by member state",
        "Share of members by economy",
        "Average members per hub by economy",
    ):
        assert title in body
    for slug in CHARTS:
        assert f'<canvas id="chart-{slug}" role="img" aria-label=' in body
    assert set(chart_specs(response)) == {f"chart-{slug}" for slug in CHARTS}
    assert body.count("Table view") == 4
    assert "vendor/chart.js/chart.umd.min.js" in body
    assert "hubs/insights.js" in body


def test_it_hands_the_script_the_numbers_of_hub_stats(client):
    result = expected_stats()

    specs = chart_specs(get(client))

    by_economy = datasets(specs["chart-hubs-by-economy"])
    assert specs["chart-hubs-by-economy"]["labels"] == [row.name_en for row in result.economies]
    assert by_economy["directory"] == [row.share_of_hubs for row in result.economies]
    assert by_economy["report"] == [figure(row, "share_of_hubs") for row in result.economies]
    eu = datasets(specs["chart-eu-hubs-by-member-state"])
    assert specs["chart-eu-hubs-by-member-state"]["labels"] == [
        row.name_en for row in result.eu.rows
    ]
    assert eu["directory"] == [row.share_of_hubs for row in result.eu.rows]
    assert eu["report"] == [figure(row, "share_of_hubs") for row in result.eu.rows]


def test_it_puts_the_reports_figures_in_the_table_beside_the_directorys(client):
    rows = {row[0]: row for row in table_of(get(client), "hubs-by-economy")}

    assert rows["United States"] == ["United States", "17", "17.3 (n=17)", "25.0"]
    assert rows["European Union"] == ["European Union", "24", "24.5 (n=24)", "37.0"]
    assert rows["Japan"][3] == "not published"
    eu = {row[0]: row for row in table_of(get(client), "eu-hubs-by-member-state")}
    assert eu["Germany"][3] == "≈33.0"
    assert eu["EU-wide"][3] == "13.0"


def test_it_draws_the_global_averages_as_lines_across_the_average_chart(client):
    result = expected_stats()

    spec = chart_specs(get(client))["chart-average-members"]

    lines = datasets(spec)
    assert set(lines["directory-reference"]) == {result.total.avg_members_per_hub}
    assert set(lines["report-reference"]) == {28.1}
    assert "Europe (continent)" in spec["labels"]
    rows = {row[0]: row for row in table_of(get(client), "average-members")}
    known = result.total.hubs_with_member_count
    assert rows["Global average"][3:] == [f"{result.total.avg_members_per_hub} (n={known})", "28.1"]
    assert rows["Europe (continent)"][4] == "16.5"


def test_it_says_how_many_hubs_have_a_known_member_count(client):
    result = expected_stats()

    body = get(client).content.decode()

    known, hubs = result.total.hubs_with_member_count, result.total.hubs
    assert body.count(f"{known} of {hubs} hubs have a known member count.") == 3
    eu = result.eu.total
    assert f"{eu.hubs_with_member_count} of {eu.hubs} hubs have a known member count." in body


def test_it_shows_unknown_members_for_an_economy_whose_hubs_report_no_count(client):
    rows = {row[0]: row for row in table_of(get(client), "members-by-economy")}

    assert rows["United Kingdom"][2:] == ["0", "unknown", "unknown"]
    assert '<span class="unknown">unknown</span>' in get(client).content.decode()


def test_it_cites_the_report_and_the_article_it_is_cited_through(client):
    body = get(client).content.decode()

    assert body.count("2024 Global Quantum Industry Ecosystem Research Report") >= 4
    assert "光子盒 (Photon Box)" in body
    assert body.count('href="https://new.qq.com/rain/a/20240830A08RI300"') == 4


def test_it_follows_the_technology_filter(client):
    result = expected_stats("technology=communication")
    assert result.total.hubs < 98

    response = get(client, technology="communication")

    assert response.status_code == 200
    body = response.content.decode()
    assert f"The charts count {result.total.hubs} published hubs." in body
    assert '<option value="communication" selected>' in body
    spec = chart_specs(response)["chart-hubs-by-economy"]
    assert datasets(spec)["directory"] == [row.share_of_hubs for row in result.economies]
    assert "/insights/hubs-by-economy.csv?technology=communication" in body


def test_it_treats_the_all_option_as_no_filter(client):
    response = get(client, technology="")

    assert response.status_code == 200
    assert "The charts count 98 published hubs." in response.content.decode()


def test_it_counts_the_ntu_ibm_hub_under_china_in_the_reports_grouping(client):
    directory = {row[0]: row for row in table_of(get(client), "hubs-by-economy")}
    report = {row[0]: row for row in table_of(get(client, grouping="report"), "hubs-by-economy")}

    assert directory["China"][1] == "7"
    assert report["China"][1] == "8"
    assert (directory["Taiwan"][1], report["Taiwan"][1]) == ("2", "1")


def test_it_refuses_an_unknown_technology_with_a_400_that_says_why(client):
    response = get(client, technology="alchemy")

    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "alchemy is not one of the available choices" in body
    assert "<canvas" not in body


def test_it_refuses_an_unknown_grouping_with_a_400(client):
    response = get(client, grouping="astrology")

    assert response.status_code == 400
    assert "astrology is not one of the available choices" in response.content.decode()


def test_it_says_so_when_no_hub_matches(client):
    Hub.objects.filter(technology_areas__slug="cryptography").delete()

    response = get(client, technology="cryptography")

    assert response.status_code == 200
    assert "No published hub matches these filters." in response.content.decode()


def test_it_leaves_an_unpublished_hub_out(client):
    HubFactory(name_en="Secret Draft Hub", region=Region.objects.get(slug="jp"), published=False)

    response = get(client)

    assert "The charts count 98 published hubs." in response.content.decode()
    rows = {row[0]: row for row in table_of(response, "hubs-by-economy")}
    assert rows["Japan"][1] == "5"


def test_it_shows_chinese_economy_names_on_chinese_pages(client):
    response = get(client, "/zh-hans/insights/")

    assert response.status_code == 200
    labels = chart_specs(response)["chart-hubs-by-economy"]["labels"]
    assert "美国" in labels and "欧盟" in labels
    assert "欧盟层面" in chart_specs(response)["chart-eu-hubs-by-member-state"]["labels"]
    assert "/zh-hans/insights/average-members.csv" in response.content.decode()


@pytest.mark.parametrize("query", ["", "technology=computing&grouping=report"])
def test_its_query_count_does_not_grow_with_the_hubs(client, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(5):
        assert client.get(f"{URL}?{query}").status_code == 200
    add_hubs()
    with django_assert_max_num_queries(5):
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


# -- CSV downloads ---------------------------------------------------------------------------


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("slug", CHARTS)
def test_it_downloads_each_chart_as_a_csv_of_its_table(client, slug):
    page = get(client)

    response = client.get(f"/insights/{slug}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    rows = read_csv(response)
    table = table_of(page, slug)
    assert len(rows) == len(table)
    assert [row[0] for row in rows] == [row[0] for row in table]
    assert f'href="/insights/{slug}.csv"' in page.content.decode()


def test_it_writes_the_csv_numbers_unformatted_and_unknowns_as_unknown(client):
    rows = read_csv(client.get("/insights/average-members.csv"))

    by_name = {row[0]: row for row in rows}
    assert rows[0] == [
        "Economy",
        "Hubs with a known member count",
        "Members",
        "Average members per hub, directory",
        "Average members per hub, 2024 report",
    ]
    assert by_name["United States"][4] == "42.1"
    assert by_name["United Kingdom"][2:] == ["unknown", "unknown", "26.8"]


def test_it_filters_the_csv_by_technology_and_names_the_file_after_it(client):
    result = expected_stats("technology=sensing")

    response = client.get("/insights/hubs-by-economy.csv?technology=sensing")

    assert response["Content-Disposition"] == 'attachment; filename="hubs-by-economy-sensing.csv"'
    rows = read_csv(response)
    assert rows[-1][:2] == ["All", str(result.total.hubs)]
    assert [row[0] for row in rows[1:-1]] == [row.name_en for row in result.economies]


def test_it_writes_chinese_names_in_the_chinese_csv(client):
    rows = read_csv(client.get("/zh-hans/insights/hubs-by-economy.csv"))

    assert "美国" in [row[0] for row in rows]


def test_it_refuses_a_csv_with_a_bad_technology_with_a_400(client):
    response = client.get("/insights/hubs-by-economy.csv?technology=alchemy")

    assert response.status_code == 400
    assert "alchemy" in response.content.decode()


def test_it_answers_404_for_a_chart_it_does_not_have(client):
    assert client.get("/insights/horoscope.csv").status_code == 404


def test_it_keeps_and_names_another_hub_filter_from_the_address(client):
    result = expected_stats("region=europe")

    response = get(client, region="europe")

    body = response.content.decode()
    assert f"The charts count {result.total.hubs} published hubs." in body
    assert '<input type="hidden" name="region" value="europe">' in body
    assert "The charts also follow these filters from the address:" in body
