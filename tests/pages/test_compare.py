import json
import re

import pytest
from django.http import QueryDict
from django.utils.html import escape

from hubs.models import Hub, TechnologyArea
from hubs.stats import hub_stats
from incubators.filters import IncubatorFilterSet
from incubators.models import Incubator
from tests.factories import HubFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/compare/"
QUERY_BOUND = 5
CQE = "chicago-quantum-exchange"
QDNL = "quantum-delta-nl"


def chart_specs(response):
    match = re.search(
        r'<script id="compare-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return {chart["canvas"]: chart for chart in json.loads(match.group(1))["charts"]}


def specs_value(response, canvas):
    return chart_specs(response)[canvas]["datasets"][0]["data"]


def table_rows(response):
    """{row heading: [cell text, ...]} of the first side-by-side table."""
    body = response.content.decode()
    table = body.split('<table class="compare-table">', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def counted(value, n):
    """A figure as the table shows it: its n, and the marker of a figure from few hubs."""
    return f"{value} (n={n})" + ("†fewer than 3 hubs: read with care" if n < 3 else "")


def add_hubs(count=30):
    for hub in HubFactory.create_batch(count, member_count=12):
        SiteFactory(hub=hub)
        MembershipFactory.create_batch(2, hub=hub)


def test_it_offers_pickers_of_every_published_hub_and_every_economy(client):
    HubFactory(slug="secret-draft", name_en="Secret Draft Hub", published=False)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    for slug in Hub.objects.published().values_list("slug", flat=True):
        assert f'name="hubs" value="{slug}"' in body
    assert "secret-draft" not in body
    for slug in ("us", "eu", "cn", "de", "europe"):
        assert f'name="regions" value="{slug}"' in body
    assert "<legend>Hubs</legend>" in body and "<legend>Economies</legend>" in body
    assert "<canvas" not in body


def test_it_compares_two_hubs_side_by_side(client):
    response = client.get(URL, {"hubs": f"{CQE},{QDNL}"})

    assert response.status_code == 200
    rows = table_rows(response)
    assert rows["Fact"] == ["Chicago Quantum Exchange", "Quantum Delta NL"]
    assert rows["Economy"] == ["United States", "Netherlands (European Union)"]
    assert rows["Founded"] == ["2017", "2020"]
    assert rows["Reported member count"] == ["40 corporate partners (as of 2022-12)", "unknown"]
    assert rows["Funding"][0] == "unknown"
    assert rows["Funding"][1].startswith("615,000,000 EUR")
    assert rows["Members listed in the directory"] == ["31", "5"]
    assert rows["… of type university"] == ["10", "5"]
    assert rows["Incubators linked to the hub"] == ["1", "0"]
    assert rows["Sites"] == ["6", "5"]
    assert "not converted" in response.content.decode()


def test_it_marks_each_hubs_technology_areas(client):
    response = client.get(URL, {"hubs": f"{CQE},{QDNL}"})

    body = response.content.decode()
    matrix = body.split("<h2>Technology areas</h2>", 1)[1].split("</table>", 1)[0]
    sensing = re.search(r"Quantum sensing and metrology</th>(.*?)</tr>", matrix, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", sensing, re.S)
    assert [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells] == ["no", "✓ yes"]
    assert TechnologyArea.objects.count() == matrix.count('<th scope="row">')


def test_it_draws_member_counts_members_by_type_and_founding_years(client):
    specs = chart_specs(client.get(URL, {"hubs": f"{QDNL},{CQE}"}))

    assert set(specs) == {"chart-members", "chart-members-by-type", "chart-founded"}
    assert specs["chart-members"]["labels"] == ["Quantum Delta NL", "Chicago Quantum Exchange"]
    assert specs["chart-members"]["datasets"][0]["data"] == [None, 40]
    by_type = {item["label"]: item["data"] for item in specs["chart-members-by-type"]["datasets"]}
    assert by_type == {
        "university": [5, 10],
        "government lab": [0, 2],
        "company": [0, 13],
        "startup": [0, 5],
        "unknown": [0, 1],
    }
    assert specs["chart-members-by-type"]["stacked"] is True
    founded = specs["chart-founded"]["datasets"][0]["data"]
    assert [start for start, end in founded] == [2020, 2017]


def test_it_shows_unknown_for_a_hub_with_no_known_facts(client):
    HubFactory(
        slug="bare-hub", name_en="Bare Hub", founded=None, member_count=None, funding_amount=None
    )

    response = client.get(URL, {"hubs": f"bare-hub,{CQE}"})

    rows = table_rows(response)
    for fact in (
        "Founded",
        "Reported member count",
        "Members listed in the directory",
        "Technology areas",
        "Funding",
    ):
        assert rows[fact][0] == "unknown", fact
    assert specs_value(response, "chart-founded")[0] is None


def test_it_reads_hubs_from_repeated_parameters_as_the_picker_sends_them(client):
    response = client.get(f"{URL}?hubs={CQE}&hubs={QDNL}&hubs=ukquantum")

    assert response.status_code == 200
    assert table_rows(response)["Fact"] == [
        "Chicago Quantum Exchange",
        "Quantum Delta NL",
        "UKQuantum",
    ]
    assert f'name="hubs" value="{CQE}" checked' in response.content.decode()


def test_it_compares_economies_with_the_numbers_of_hub_stats(client):
    result = hub_stats(Hub.objects.published())
    economies = {row.slug: row for row in result.economies}

    response = client.get(URL, {"regions": "us,eu,cn"})

    assert response.status_code == 200
    rows = table_rows(response)
    assert rows["Fact"] == ["United States", "European Union", "China"]
    slugs = ["us", "eu", "cn"]
    assert rows["Hubs"] == [str(economies[slug].hubs) for slug in slugs]
    assert rows["Share of all hubs, directory (%)"] == [
        counted(economies[slug].share_of_hubs, economies[slug].hubs) for slug in slugs
    ]
    assert rows["Average members per hub, directory"] == [
        counted(economies[slug].avg_members_per_hub, economies[slug].hubs_with_member_count)
        for slug in slugs
    ]
    assert rows["Share of all hubs, 2024 report (%)"] == ["25", "37", "not published"]
    assert rows["Average members per hub, 2024 report"] == ["42.1", "not published", "36.8"]
    assert (
        rows["Global average members per hub, directory"]
        == [counted(result.total.avg_members_per_hub, result.total.hubs_with_member_count)] * 3
    )
    assert rows["Global average members per hub, 2024 report"] == ["28.1"] * 3
    known, hubs = result.total.hubs_with_member_count, result.total.hubs
    assert f"{known} of {hubs} hubs have a known member count." in response.content.decode()


def test_it_counts_a_member_states_hubs_as_the_eu_breakdown_does(client):
    germany = next(row for row in hub_stats(Hub.objects.published()).eu.rows if row.slug == "de")

    rows = table_rows(client.get(URL, {"regions": "de,europe"}))

    assert rows["Hubs"][0] == str(germany.hubs)
    assert germany.hubs_with_member_count == 1
    # One hub's count: shown with n=1 and marked, not like an average over many.
    assert rows["Members the hubs report"][0] == counted(germany.members, 1)
    assert rows["Average members per hub, directory"][0] == counted(germany.avg_members_per_hub, 1)
    assert "†fewer than 3 hubs: read with care" in rows["Average members per hub, directory"][0]


def test_it_counts_incubators_as_the_incubator_list_filters_them(client):
    expected = [
        IncubatorFilterSet(
            QueryDict(f"region={slug}"), queryset=Incubator.objects.published()
        ).qs.count()
        for slug in ("us", "eu", "gb")
    ]

    rows = table_rows(client.get(URL, {"regions": "us,eu,gb"}))

    assert rows["Incubators"] == [str(count) for count in expected]
    assert expected[0] > 0


def test_it_counts_hubs_per_technology_area_in_each_economy(client):
    us_computing = (
        Hub.objects.published()
        .filter(region__path__startswith="north-america/us/", technology_areas__slug="computing")
        .count()
    )

    response = client.get(URL, {"regions": "us,cn"})

    assert table_rows(response)["Quantum computing"][0] == str(us_computing)
    spec = chart_specs(response)["chart-technology-areas"]
    assert spec["labels"][0] == "Quantum communication"
    assert [item["label"] for item in spec["datasets"]] == ["United States", "China"]


def test_it_draws_the_global_averages_as_lines_on_the_economies_average_chart(client):
    result = hub_stats(Hub.objects.published())

    spec = chart_specs(client.get(URL, {"regions": "us,eu,cn"}))["chart-average-members"]

    lines = {item["role"]: item["data"] for item in spec["datasets"]}
    assert lines["directory-reference"] == [result.total.avg_members_per_hub] * 3
    assert lines["report-reference"] == [28.1] * 3


def test_it_shows_chinese_names_on_chinese_pages(client):
    response = client.get("/zh-hans/compare/", {"regions": "us,cn", "hubs": ""})

    assert response.status_code == 200
    assert table_rows(response)["项目"] == ["美国", "中国"]
    assert chart_specs(response)["chart-members"]["labels"] == ["美国", "中国"]
    response = client.get("/zh-hans/compare/", {"hubs": f"{CQE},{QDNL}"})
    assert chart_specs(response)["chart-members"]["labels"][0] == "芝加哥量子交易所"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"hubs": CQE}, "Choose at least 2 to compare; 1 chosen."),
        (
            {"hubs": f"{CQE},{QDNL},ukquantum,elevate-quantum,{CQE}-x"},
            "Choose at most 4 to compare; 5 chosen.",
        ),
        ({"hubs": f"{CQE},atlantis"}, "Unknown or unpublished hub: atlantis."),
        ({"regions": "us,eu,cn,jp,gb"}, "Choose at most 4 to compare; 5 chosen."),
        ({"regions": "us,mars,venus"}, "Unknown economies: mars, venus."),
        ({"hubs": f"{CQE},{QDNL}", "regions": "us,eu"}, "Compare hubs or economies, not both"),
    ],
)
def test_it_refuses_a_bad_choice_with_a_400_that_says_why(client, query, message):
    response = client.get(URL, query)

    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert escape(message) in body
    assert "<canvas" not in body


def test_it_does_not_compare_an_unpublished_hub(client):
    HubFactory(slug="secret-draft", name_en="Secret Draft Hub", published=False)

    response = client.get(URL, {"hubs": f"secret-draft,{CQE}"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Unknown or unpublished hub: secret-draft." in body
    assert "Secret Draft Hub" not in body


def test_it_escapes_a_hub_name(client):
    HubFactory(slug="sly-hub", name_en="<script>alert(1)</script>")

    body = client.get(URL, {"hubs": f"sly-hub,{CQE}"}).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in body


@pytest.mark.parametrize(
    "query", ["", f"hubs={CQE},{QDNL},ukquantum,elevate-quantum", "regions=us,eu,cn,europe"]
)
def test_its_query_count_does_not_grow_with_the_hubs(client, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(f"{URL}?{query}").status_code == 200
    add_hubs()
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
