import pytest

from hubs.models import Hub, TechnologyArea
from tests.factories import HubFactory
from tests.test_stats import by_economy, economy_of, expected_rows, published_hubs, within_eu

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"


def get_stats(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def by_slug(rows):
    return {row["slug"]: row for row in rows}


def assert_rows_match(rows, expected):
    total_hubs = sum(row["hubs"] for row in expected.values())
    total_members = sum(row["members"] for row in expected.values())
    assert set(by_slug(rows)) == set(expected)
    for slug, row in by_slug(rows).items():
        want = expected[slug]
        assert row["hubs"] == want["hubs"], slug
        assert row["members"] == want["members"], slug
        assert row["hubs_with_member_count"] == want["known"], slug
        assert row["avg_members_per_hub"] == want["average"], slug
        assert row["share_of_hubs"] == round(100 * want["hubs"] / total_hubs, 1), slug
        assert row["share_of_members"] == round(100 * want["members"] / total_members, 1), slug


def test_it_shares_the_hubs_out_per_economy(api):
    data = get_stats(api)

    economies = by_slug(data["economies"])
    assert data["total"]["hubs"] == 98
    assert (economies["eu"]["hubs"], economies["eu"]["share_of_hubs"]) == (24, 24.5)
    assert (economies["us"]["hubs"], economies["us"]["share_of_hubs"]) == (17, 17.3)
    assert_rows_match(data["economies"], expected_rows(published_hubs(), by_economy))
    assert data["grouping"] == "directory"


def test_it_gives_us_members_and_their_average_from_the_known_counts(api):
    counts = [hub.member_count for hub in Hub.objects.published().filter(region__slug="us")]
    known = [count for count in counts if count is not None]

    us = by_slug(get_stats(api)["economies"])["us"]

    assert us["members"] == sum(known)
    assert us["hubs_with_member_count"] == len(known)
    assert us["avg_members_per_hub"] == round(sum(known) / len(known), 1)


def test_it_gives_the_global_average_beside_the_reports(api):
    known = [hub["member_count"] for hub in published_hubs() if hub["member_count"] is not None]

    total = get_stats(api)["total"]

    assert total["members"] == sum(known)
    assert total["avg_members_per_hub"] == round(sum(known) / len(known), 1)
    assert total["report"]["avg_members_per_hub"]["value"] == 28.1


def test_it_defines_its_numbers(api):
    definitions = get_stats(api)["definitions"]

    assert "hubs_with_member_count" in definitions["avg_members_per_hub"]
    assert "Percent" in definitions["share_of_hubs"]


def test_it_breaks_the_eu_down_by_member_state(api):
    eu = get_stats(api)["eu"]

    assert eu["region"] == "eu"
    assert {row["slug"]: row["hubs"] for row in eu["rows"]} == {
        "de": 6,
        "fr": 3,
        "dk": 2,
        "es": 2,
        "nl": 1,
        "it": 1,
        "fi": 1,
        "se": 1,
        "at": 1,
        "pl": 1,
        "be": 1,
        "eu-wide": 4,
    }
    assert by_slug(eu["rows"])["de"]["share_of_hubs"] == 25.0
    assert_rows_match(eu["rows"], expected_rows(published_hubs(), within_eu))


def test_it_counts_the_ntu_ibm_hub_under_china_with_grouping_report(api):
    directory = by_slug(get_stats(api)["economies"])
    data = get_stats(api, grouping="report")

    report = by_slug(data["economies"])
    assert data["grouping"] == "report"
    assert directory["tw"]["hubs"] == 2
    assert report["tw"]["hubs"] == 1
    assert report["cn"]["hubs"] == directory["cn"]["hubs"] + 1
    assert_rows_match(
        data["economies"],
        expected_rows(
            published_hubs(),
            lambda hub: economy_of(hub["report_region__path"] or hub["region__path"]),
        ),
    )


def test_it_shows_the_reports_figure_beside_the_eu_with_its_source(api):
    economies = by_slug(get_stats(api)["economies"])

    figure = economies["eu"]["report"]["share_of_hubs"]
    assert figure["value"] == 37
    assert figure["unit"] == "percent"
    assert figure["approximate"] is False
    assert "Photon Box" in figure["source"]["publisher"]
    assert set(figure["source"]) >= {"title", "publisher", "url", "date"}
    assert economies["eu"]["report"]["avg_members_per_hub"] is None
    assert economies["us"]["report"]["avg_members_per_hub"]["value"] == 42.1


def test_it_shows_the_reports_europe_average_beside_the_continent(api):
    europe = by_slug(get_stats(api)["continents"])["europe"]

    assert europe["report"]["avg_members_per_hub"]["value"] == 16.5


def test_it_takes_the_hub_filters(api):
    listed = api.get("/api/v1/hubs/", {"technology": "computing"}).json()["count"]

    data = get_stats(api, technology="computing")

    assert data["total"]["hubs"] == listed < 98
    assert_rows_match(
        data["economies"],
        expected_rows(published_hubs(technology_areas__slug="computing"), by_economy),
    )
    assert_rows_match(
        data["eu"]["rows"],
        expected_rows(published_hubs(technology_areas__slug="computing"), within_eu),
    )


def test_it_leaves_out_unpublished_hubs(api):
    before = by_slug(get_stats(api)["economies"])["us"]
    HubFactory(country="US", member_count=1000, published=False)

    after = by_slug(get_stats(api)["economies"])["us"]

    assert after == before


def test_it_rejects_an_unknown_grouping(api):
    response = api.get(URL, {"grouping": "nonsense"})

    assert response.status_code == 400
    assert "grouping" in response.json()


def test_it_rejects_an_unknown_region(api):
    response = api.get(URL, {"region": "nowhere"})

    assert response.status_code == 400
    assert "region" in response.json()


def add_hubs(number):
    areas = list(TechnologyArea.objects.all())
    for index in range(number):
        hub = HubFactory(
            country=["US", "DE", "JP", "TW", "NL"][index % 5], member_count=index % 3 or None
        )
        hub.technology_areas.add(areas[index % len(areas)])


@pytest.mark.parametrize("params", [{}, {"technology": "computing", "region": "europe"}])
def test_it_makes_a_constant_number_of_queries(api, django_assert_max_num_queries, params):
    with django_assert_max_num_queries(5):
        get_stats(api, **params)
    add_hubs(40)
    with django_assert_max_num_queries(5):
        data = get_stats(api, grouping="report", **params)
    assert data["total"]["hubs"] > 0


def test_it_is_documented_in_the_schema(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/stats/"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"grouping", "technology", "region", "country", "kind"} <= parameters
    # Taken, so that a list's query string serves here too, and said to change nothing.
    (ordering,) = [p for p in operation["parameters"] if p["name"] == "ordering"]
    assert "changes nothing" in ordering["description"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][response["$ref"].rsplit("/", 1)[-1]]
    assert {"total", "economies", "continents", "eu", "definitions"} <= set(component["properties"])
