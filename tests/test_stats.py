"""hubs.stats against numbers recomputed here, in plain Python, from the hubs' own fields."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.http import QueryDict

from hubs.filters import HubFilterSet
from hubs.models import Hub, TechnologyArea
from hubs.stats import hub_facets, hub_stats
from regions.models import Region
from tests.factories import HubFactory, RegionFactory

pytestmark = pytest.mark.django_db


def published_hubs(**lookups):
    return list(
        Hub.objects.filter(published=True, **lookups)
        .distinct()
        .values("slug", "region__path", "report_region__path", "member_count")
    )


def slugs(path):
    return path.strip("/").split("/")


def economy_of(path):
    """The topmost economy in a region path: eu for europe/eu/de/."""
    kinds = dict(Region.objects.values_list("slug", "kind"))
    return next(slug for slug in slugs(path) if kinds[slug] == Region.Kind.ECONOMY)


def expected_rows(hubs, key):
    """{key: {hubs, members, known, average}} summed over the hubs `key` does not map to None."""
    rows = defaultdict(lambda: {"hubs": 0, "members": 0, "known": 0})
    for hub in hubs:
        name = key(hub)
        if name is None:
            continue
        rows[name]["hubs"] += 1
        if hub["member_count"] is not None:
            rows[name]["members"] += hub["member_count"]
            rows[name]["known"] += 1
    for row in rows.values():
        row["average"] = round(row["members"] / row["known"], 1) if row["known"] else None
    return dict(rows)


def by_economy(hub):
    return economy_of(hub["region__path"])


def within_eu(hub):
    chain = slugs(hub["region__path"])
    if "eu" not in chain:
        return None
    below = chain[chain.index("eu") + 1 :]
    return below[0] if below else "eu-wide"


def rows_by_slug(rows):
    return {row.slug: row for row in rows}


def assert_rows_match(rows, expected):
    total_hubs = sum(row["hubs"] for row in expected.values())
    total_members = sum(row["members"] for row in expected.values())
    assert set(rows_by_slug(rows)) == set(expected)
    for slug, row in rows_by_slug(rows).items():
        want = expected[slug]
        assert (row.hubs, row.members, row.hubs_with_member_count) == (
            want["hubs"],
            want["members"],
            want["known"],
        ), slug
        assert row.avg_members_per_hub == want["average"], slug
        assert row.share_of_hubs == round(100 * want["hubs"] / total_hubs, 1), slug
        assert row.share_of_members == round(100 * want["members"] / total_members, 1), slug


def test_it_counts_hubs_and_members_per_economy():
    result = hub_stats(Hub.objects.published())

    assert_rows_match(result.economies, expected_rows(published_hubs(), by_economy))


def test_it_counts_the_eu_as_twenty_four_of_ninety_eight_hubs():
    result = hub_stats(Hub.objects.published())

    eu = rows_by_slug(result.economies)["eu"]
    assert result.total.hubs == len(published_hubs()) == 98
    assert (eu.hubs, eu.share_of_hubs) == (24, 24.5)
    assert rows_by_slug(result.economies)["us"].hubs == 17


def test_it_sorts_rows_by_hubs_most_first():
    result = hub_stats(Hub.objects.published())

    for rows in (result.economies, result.continents, result.eu.rows):
        counts = [row.hubs for row in rows]
        assert counts == sorted(counts, reverse=True)


def test_it_averages_members_over_the_hubs_that_report_a_count():
    hubs = published_hubs()
    known = [hub["member_count"] for hub in hubs if hub["member_count"] is not None]

    result = hub_stats(Hub.objects.published())

    assert result.total.hubs_with_member_count == len(known) < len(hubs)
    assert result.total.members == sum(known)
    assert result.total.avg_members_per_hub == round(sum(known) / len(known), 1)


def test_it_leaves_a_hub_without_a_member_count_out_of_the_average():
    before = rows_by_slug(hub_stats(Hub.objects.published()).economies)["us"]
    HubFactory(country="US", member_count=None)

    after = rows_by_slug(hub_stats(Hub.objects.published()).economies)["us"]

    assert after.hubs == before.hubs + 1
    assert after.hubs_with_member_count == before.hubs_with_member_count
    assert after.avg_members_per_hub == before.avg_members_per_hub


def test_it_breaks_the_eu_down_by_member_state_with_eu_wide_hubs_apart():
    expected = expected_rows(published_hubs(), within_eu)

    result = hub_stats(Hub.objects.published())

    assert {slug: row["hubs"] for slug, row in expected.items()} == {
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
    assert_rows_match(result.eu.rows, expected)
    assert result.eu.total.hubs == 24
    assert rows_by_slug(result.eu.rows)["eu-wide"].parent == "eu"


def test_it_counts_a_hub_in_a_region_inside_a_member_state_under_that_state():
    germany = Region.objects.get(slug="de")
    bavaria = RegionFactory(slug="de-by", name_en="Bavaria", parent=germany)
    HubFactory(country="", region=bavaria)

    result = hub_stats(Hub.objects.published())

    assert rows_by_slug(result.eu.rows)["de"].hubs == 7
    assert rows_by_slug(result.economies)["eu"].hubs == 25
    assert "de-by" not in rows_by_slug(result.eu.rows)


def test_it_rolls_economies_up_to_continents():
    expected = expected_rows(published_hubs(), lambda hub: slugs(hub["region__path"])[0])

    result = hub_stats(Hub.objects.published())

    assert_rows_match(result.continents, expected)
    assert rows_by_slug(result.continents)["europe"].kind == Region.Kind.CONTINENT


def test_it_counts_the_ntu_ibm_hub_under_china_in_the_report_grouping():
    ntu = Hub.objects.get(report_region__slug="cn")
    assert ntu.region.slug == "tw"

    directory = rows_by_slug(hub_stats(Hub.objects.published()).economies)
    report = rows_by_slug(hub_stats(Hub.objects.published(), grouping="report").economies)

    assert report["cn"].hubs == directory["cn"].hubs + 1
    assert report["tw"].hubs == directory["tw"].hubs - 1 == 1
    expected = expected_rows(
        published_hubs(), lambda hub: economy_of(hub["report_region__path"] or hub["region__path"])
    )
    assert_rows_match(report.values(), expected)


def test_it_rejects_an_unknown_grouping():
    with pytest.raises(ValueError, match="grouping"):
        hub_stats(Hub.objects.published(), grouping="nonsense")


def test_it_puts_the_reports_figures_beside_their_rows():
    result = hub_stats(Hub.objects.published())

    economies = rows_by_slug(result.economies)
    eu_share = economies["eu"].report["share_of_hubs"]
    assert eu_share.value == 37
    assert "Photon Box" in eu_share.source.publisher
    assert economies["us"].report["avg_members_per_hub"].value == Decimal("42.1")
    assert economies["ca"].report == {"share_of_hubs": None, "avg_members_per_hub": None}
    assert result.total.report["avg_members_per_hub"].value == Decimal("28.1")
    europe = rows_by_slug(result.continents)["europe"]
    assert europe.report["avg_members_per_hub"].value == Decimal("16.5")
    eu_rows = rows_by_slug(result.eu.rows)
    assert eu_rows["eu-wide"].report["share_of_hubs"].value == 13
    assert eu_rows["de"].report["share_of_hubs"].approximate is True
    assert eu_rows["fr"].report["share_of_hubs"] is None


def test_it_counts_only_the_hubs_it_is_given():
    computing = Hub.objects.published().filter(technology_areas__slug="computing")

    result = hub_stats(computing)

    assert_rows_match(
        result.economies,
        expected_rows(published_hubs(technology_areas__slug="computing"), by_economy),
    )


def test_it_makes_three_queries_whatever_the_data(django_assert_max_num_queries):
    # Three on a cold cache; two once the regions are read (atlas/reference.py).
    with django_assert_max_num_queries(3):
        hub_stats(Hub.objects.published())
    for number in range(40):
        HubFactory(country=["US", "DE", "JP", "TW"][number % 4], member_count=number or None)
    with django_assert_max_num_queries(3):
        hub_stats(Hub.objects.published(), grouping="report")


def facets_for(query):
    filterset = HubFilterSet(QueryDict(query), queryset=Hub.objects.published())
    assert filterset.is_valid()
    return hub_facets(filterset)


def test_it_counts_each_facet_without_its_own_filter():
    everything = facets_for("")
    computing = facets_for("technology=computing")

    assert computing["facets"]["technology"] == everything["facets"]["technology"]
    assert (
        computing["total"]
        == Hub.objects.published().filter(technology_areas__slug="computing").count()
    )
    kinds = {item["value"]: item["count"] for item in computing["facets"]["kind"]}
    for kind in Hub.Kind.values:
        assert kinds[kind] == (
            Hub.objects.published().filter(kind=kind, technology_areas__slug="computing").count()
        )


def test_it_counts_a_hub_in_every_region_above_its_own():
    regions = {item["slug"]: item["count"] for item in facets_for("")["facets"]["region"]}

    assert (regions["de"], regions["eu"], regions["europe"]) == (6, 24, 33)
    assert set(regions) == set(Region.objects.values_list("slug", flat=True))


def test_it_lists_every_technology_and_kind_even_without_hubs():
    facets = facets_for("region=gb")["facets"]

    assert {item["slug"] for item in facets["technology"]} == set(
        TechnologyArea.objects.values_list("slug", flat=True)
    )
    assert {item["value"] for item in facets["kind"]} == set(Hub.Kind.values)
    assert [item["code"] for item in facets["country"]] == ["GB"]
