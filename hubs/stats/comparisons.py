"""Comparisons: a few hubs, or a few regions, side by side (the compare page, the region
pages), counted as hubs.stats.economies counts them."""

from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, Q, Sum

from regions.models import Region, RegionIndex

from ..models import Hub, Membership, ReportFigure, TechnologyArea, all_technology_areas
from .economies import (
    COMPARED_METRICS,
    WORLD,
    Row,
    Table,
    Tally,
    Total,
    attach_report_figures,
    percent,
    region_row,
)
from .unions import union_part


@dataclass
class HubSummary:
    """One hub's facts for a comparison. `members_by_type` counts the published organisations
    the directory lists as its members, which may be fewer than the count the hub reports."""

    hub: Hub
    region: Region
    economy: Region
    members_by_type: dict
    listed_members: int
    sites: int
    incubators: int


def members_by_type(hub_ids):
    """{hub id: {organisation type: listed members}} in one query; published organisations."""
    counts = {}
    grouped = (
        Membership.objects.filter(hub_id__in=hub_ids, organization__published=True)
        .order_by()
        .values_list("hub_id", "organization__type")
        .annotate(count=Count("pk"))
    )
    for hub_id, kind, count in grouped:
        counts.setdefault(hub_id, {})[kind] = count
    return counts


def count_by_type(memberships):
    """{organisation type: members} of one hub's listed memberships (published organisations,
    loaded with them), as members_by_type counts them, without a query."""
    counts = {}
    for membership in memberships:
        kind = membership.organization.type
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def hub_comparison(queryset):
    """A HubSummary per hub of `queryset`, in its order. Two queries whatever the hubs, and
    the regions' and technology areas' when their cached copies are stale."""
    hubs = list(
        queryset.select_related("region")
        .with_technology_areas()
        .annotate(
            site_count=Count("sites", distinct=True),
            incubator_count=Count(
                "incubators", filter=Q(incubators__published=True), distinct=True
            ),
        )
    )
    index = RegionIndex()
    by_type = members_by_type([hub.pk for hub in hubs])
    return [
        HubSummary(
            hub=hub,
            region=index.by_id[hub.region_id],
            economy=index.economy_of(hub.region_id),
            members_by_type=by_type.get(hub.pk, {}),
            listed_members=sum(by_type.get(hub.pk, {}).values()),
            sites=hub.site_count,
            incubators=hub.incubator_count,
        )
        for hub in hubs
    ]


@dataclass
class RegionSummary(Row):
    """A region with every hub inside it (a German hub counts in Germany, the EU, Europe)."""

    incubators: int = 0
    technology: dict = field(default_factory=dict)


@dataclass
class RegionComparison:
    """The regions asked for, in that order; `total` is every hub of the queryset (the world),
    the base of the shares and the global average."""

    total: Total
    rows: list[RegionSummary]
    technology_areas: list[TechnologyArea]


COMPARISON_COLUMNS = {
    "region": IntegerField(),
    "technology": IntegerField(),
    "country": CharField(),
    "count": IntegerField(),
    "members": IntegerField(),
    "with_member_count": IntegerField(),
}


def comparison_counts(queryset, incubators):
    """In one query (a UNION ALL): tally_by_region(queryset), {(region id, technology area
    id): hubs} and {country: incubators}."""
    through = Hub.technology_areas.through
    by_region = union_part(
        queryset,
        "region",
        COMPARISON_COLUMNS,
        region=F("region_id"),
        count=Count("pk"),
        members=Sum("member_count"),
        with_member_count=Count("member_count"),
    )
    by_technology = union_part(
        through.objects.filter(hub__in=queryset.values("pk")),
        "technology",
        COMPARISON_COLUMNS,
        region=F("hub__region_id"),
        technology=F("technologyarea_id"),
        count=Count("hub_id"),
    )
    by_country = union_part(
        incubators, "incubators", COMPARISON_COLUMNS, country=F("country"), count=Count("pk")
    )
    tallies, technology, incubators_by_country = {}, {}, {}
    for label, region_id, area_id, country, count, members, with_member_count in by_region.union(
        by_technology, by_country, all=True
    ):
        if label == "region":
            tallies[region_id] = Tally(
                hubs=count, members=members or 0, hubs_with_member_count=with_member_count
            )
        elif label == "technology":
            technology[region_id, area_id] = count
        else:
            incubators_by_country[country] = count
    return tallies, technology, incubators_by_country


def region_comparison(queryset, slugs, incubators, *, index=None, figures=None):
    """Hubs, members, shares, averages, incubators and technology areas of the regions named
    by `slugs`, each counting everything inside it, beside the report's figures.

    The numbers are hub_stats' for the same regions: a top-level economy's row equals its row
    in `economies`, a member state's its row in `eu`. `incubators` is an Incubator queryset,
    counted by country as the incubators' region filter does. Two queries, one when given
    `figures` (ReportFigures, with their region and source, in their default order: those of
    other metrics are left out), and the regions' and technology areas' when their cached
    copies are stale."""
    tallies, technology, incubators_by_country = comparison_counts(queryset, incubators)
    index = index or RegionIndex()
    areas = list(all_technology_areas())
    total = Total()
    for tally in tallies.values():
        total.add(tally)

    rows = []
    for slug in slugs:
        region = index.by_slug[slug]
        inside = {pk for pk, other in index.by_id.items() if other.path.startswith(region.path)}
        tally = Tally()
        for region_id in inside & tallies.keys():
            tally.add(tallies[region_id])
        row = RegionSummary(
            **vars(region_row(region, index, **vars(tally))),
            incubators=sum(
                incubators_by_country.get(code, 0) for code in index.country_codes_within(region)
            ),
            technology={
                area.slug: sum(technology.get((region_id, area.pk), 0) for region_id in inside)
                for area in areas
            },
        )
        row.share_of_hubs = percent(row.hubs, total.hubs)
        row.share_of_members = percent(row.members, total.members)
        rows.append(row)

    if figures is None:
        figures = ReportFigure.objects.filter(metric__in=COMPARED_METRICS).select_related(
            "region", "source"
        )
    figures = [figure for figure in figures if figure.metric in COMPARED_METRICS]
    attach_report_figures(Table(total=total, rows=rows), WORLD, figures)
    return RegionComparison(total=total, rows=rows, technology_areas=areas)
