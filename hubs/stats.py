"""Counts of hubs and their members, computed in one place for the API and the pages.

Every function takes a Hub queryset the caller has already filtered (and limited to what the
reader may see). Hubs are grouped by region in the database; the roll-up to economies,
continents and member states walks the region tree in Python with a RegionIndex, so the
number of queries does not grow with the data.

Definitions, the same everywhere:
- `members` is the sum of the member counts hubs report; a hub without one adds nothing.
- `avg_members_per_hub` is `members / hubs_with_member_count`: hubs with no reported count
  are left out of the average rather than counted as empty. None when no hub has a count.
- Shares are percentages rounded to one decimal, of the hubs (or members) in the table.
"""

from dataclasses import dataclass, field

from django.db.models import Aggregate, CharField, Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django_countries import countries

from regions.models import Region, RegionIndex

from .models import Hub, Membership, ReportFigure, TechnologyArea, all_technology_areas

DIRECTORY = "directory"
REPORT = "report"
GROUPINGS = {
    DIRECTORY: "each hub under its own region (the NTU–IBM hub in Taiwan)",
    REPORT: "each hub where the 2024 report counts it (the NTU–IBM hub under China)",
}
WORLD = "world"
COMPARED_METRICS = (ReportFigure.Metric.SHARE_OF_HUBS, ReportFigure.Metric.AVG_MEMBERS_PER_HUB)


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def average(total, count):
    return round(total / count, 1) if count else None


@dataclass
class Tally:
    hubs: int = 0
    members: int = 0
    hubs_with_member_count: int = 0

    def add(self, other):
        self.hubs += other.hubs
        self.members += other.members
        self.hubs_with_member_count += other.hubs_with_member_count

    @property
    def avg_members_per_hub(self):
        return average(self.members, self.hubs_with_member_count)


@dataclass
class Total(Tally):
    report: dict = field(default_factory=dict)


@dataclass
class Row(Tally):
    """One economy, continent or member state. `slug` is a region's, except for the row of
    hubs placed at an economy itself rather than inside one of its members ("eu-wide")."""

    slug: str = ""
    name_en: str = ""
    name_zh: str = ""
    kind: str = ""
    parent: str | None = None
    share_of_hubs: float | None = None
    share_of_members: float | None = None
    report: dict = field(default_factory=dict)


@dataclass
class Table:
    """Rows whose shares are taken of `total`, sorted by hubs, most first."""

    total: Total
    rows: list[Row]


@dataclass
class Breakdown(Table):
    """The members of one economy (the EU), with its own hubs as a "<slug>-wide" row."""

    region: Region | None = None


@dataclass
class HubStats:
    grouping: str
    total: Total
    economies: list[Row]
    continents: list[Row]
    eu: Breakdown


def region_row(region, index, **values):
    chain = index.chain(region.pk)
    return Row(
        slug=region.slug,
        name_en=region.name_en,
        name_zh=region.name_zh,
        kind=region.kind,
        parent=chain[-2] if len(chain) > 1 else None,
        **values,
    )


def tally_by_region(queryset, grouping):
    """{region id: Tally} in one query; the region is the report's where `grouping` says so."""
    region = Coalesce("report_region_id", "region_id") if grouping == REPORT else F("region_id")
    grouped = (
        queryset.order_by()
        .annotate(grouped_region=region)
        .values("grouped_region")
        .annotate(
            hubs=Count("pk"),
            members=Sum("member_count"),
            hubs_with_member_count=Count("member_count"),
        )
    )
    return {
        item["grouped_region"]: Tally(
            hubs=item["hubs"],
            members=item["members"] or 0,
            hubs_with_member_count=item["hubs_with_member_count"],
        )
        for item in grouped
    }


def make_table(rows, total, table_class=Table, **extra):
    for row in rows:
        row.share_of_hubs = percent(row.hubs, total.hubs)
        row.share_of_members = percent(row.members, total.members)
    rows.sort(key=lambda row: (-row.hubs, row.slug))
    return table_class(total=total, rows=rows, **extra)


def roll_up(tallies, key):
    """Sums the tallies of regions that `key` maps to the same region id (None: left out)."""
    totals = {}
    for region_id, tally in tallies.items():
        target = key(region_id)
        if target is not None:
            totals.setdefault(target, Tally()).add(tally)
    return totals


def continent_of(index, region_id):
    top = index.by_slug[index.chain(region_id)[0]]
    return top.pk if top.kind == Region.Kind.CONTINENT else None


def breakdown_within(tallies, index, economy):
    """Rows for the regions directly inside `economy`, hubs deeper down counted in them."""
    wide = Tally()
    inside = {}
    for region_id, tally in tallies.items():
        chain = index.chain(region_id)
        if economy.slug not in chain:
            continue
        below = chain[chain.index(economy.slug) + 1 :]
        if below:
            inside.setdefault(index.by_slug[below[0]].pk, Tally()).add(tally)
        else:
            wide.add(tally)
    total = Total()
    rows = []
    for region_id, tally in inside.items():
        total.add(tally)
        rows.append(region_row(index.by_id[region_id], index, **vars(tally)))
    if wide.hubs:
        total.add(wide)
        rows.append(
            Row(
                slug=f"{economy.slug}-wide",
                name_en=f"{economy.slug.upper()}-wide",
                name_zh=f"{economy.name_zh}层面" if economy.name_zh else "",
                kind="economy-wide",
                parent=economy.slug,
                **vars(wide),
            )
        )
    return make_table(rows, total, Breakdown, region=economy)


def attach_report_figures(table, scope, figures):
    """Puts each of the report's figures for `scope` beside the row it describes.

    A figure names its region; the ones that name none are the world's average (beside the
    table's total) and the "<economy>-wide" share (beside that row), matched by label."""
    by_slug = {row.slug: row for row in table.rows}
    for holder in [table.total, *table.rows]:
        holder.report = dict.fromkeys(COMPARED_METRICS)
    for figure in figures:
        if figure.scope.lower() != scope:
            continue
        label = figure.label.lower()
        if figure.region is not None:
            holder = by_slug.get(figure.region.slug)
        elif label == WORLD:
            holder = table.total
        else:
            holder = by_slug.get(label)
        if holder is not None:
            holder.report[figure.metric] = figure


def hub_stats(queryset, *, grouping=DIRECTORY):
    """Hubs and members per economy, per continent and per EU member state.

    Three queries: the hubs grouped by region, the regions, the report's figures."""
    if grouping not in GROUPINGS:
        raise ValueError(f"Unknown grouping {grouping!r}; choose from {sorted(GROUPINGS)}.")
    tallies = tally_by_region(queryset, grouping)
    index = RegionIndex()
    total = Total()
    for tally in tallies.values():
        total.add(tally)

    economies = make_table(
        [
            region_row(index.by_id[region_id], index, **vars(tally))
            for region_id, tally in roll_up(tallies, lambda pk: index.economy_of(pk).pk).items()
        ],
        total,
    )
    continents = make_table(
        [
            region_row(index.by_id[region_id], index, **vars(tally))
            for region_id, tally in roll_up(tallies, lambda pk: continent_of(index, pk)).items()
        ],
        total,
    )
    eu = breakdown_within(tallies, index, index.by_slug["eu"])

    figures = list(
        ReportFigure.objects.filter(metric__in=COMPARED_METRICS).select_related("region", "source")
    )
    world = Table(total=total, rows=[*economies.rows, *continents.rows])
    attach_report_figures(world, WORLD, figures)
    attach_report_figures(eu, "eu", figures)
    return HubStats(
        grouping=grouping,
        total=total,
        economies=economies.rows,
        continents=continents.rows,
        eu=eu,
    )


def count_each(**querysets):
    """{name: rows} for each named queryset, in one query (a UNION of their counts)."""
    counts = [
        queryset.order_by()
        .annotate(counted=Value(name))
        .values_list("counted")
        .annotate(count=Count("pk"))
        for name, queryset in querysets.items()
    ]
    return {**dict.fromkeys(querysets, 0), **dict(counts[0].union(*counts[1:], all=True))}


# -- facets: what a filter would leave, each dimension counted without its own filter -------


def filtered_without(filterset, *names):
    """The filterset's queryset with every filter applied except those `names` (and the
    ordering).

    This is FilterSet.filter_queryset minus some filters, so the values are validated once."""
    queryset = filterset.queryset.all()
    for filter_name, value in filterset.form.cleaned_data.items():
        if filter_name not in (*names, "ordering"):
            queryset = filterset.filters[filter_name].filter(queryset, value)
    return queryset.order_by()


def region_rows(counts_by_region_id):
    """The region facet from (region id, hubs) pairs."""
    index = RegionIndex()
    counts = dict.fromkeys(index.by_slug, 0)
    for region_id, count in counts_by_region_id:
        for slug in index.chain(region_id):
            counts[slug] += count
    regions = sorted(index.by_slug.values(), key=lambda region: region.path)
    return [
        {
            "slug": region.slug,
            "name_en": region.name_en,
            "name_zh": region.name_zh,
            "kind": region.kind,
            "parent": index.chain(region.pk)[-2] if region.depth > 1 else None,
            "count": counts[region.slug],
        }
        for region in regions
    ]


def by_count(items, label):
    return sorted(items, key=lambda item: (-item["count"], str(item[label])))


def country_facet(queryset):
    return country_rows(
        queryset.exclude(country="").values_list("country").annotate(count=Count("pk"))
    )


def country_rows(counts_by_country):
    """The country facet from (country code, hubs) pairs; hubs without a country left out."""
    return by_count(
        [
            {"code": code, "name": countries.name(code), "count": count}
            for code, count in counts_by_country
            if code
        ],
        "code",
    )


def technology_rows(counts_by_area_id):
    return by_count(
        [
            {
                "slug": area.slug,
                "name_en": area.name_en,
                "name_zh": area.name_zh,
                "count": counts_by_area_id.get(area.pk, 0),
            }
            for area in all_technology_areas()
        ],
        "slug",
    )


def kind_rows(counts):
    return by_count(
        [
            {"value": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in Hub.Kind.choices
        ],
        "value",
    )


def union_part(queryset, label, columns, **given):
    """One part of a UNION ALL of grouped counts: a row (label, *columns) per group. A part
    gives some `columns` (name: output field) as expressions, keys before aggregates; the
    others are NULL, so every part has the same columns."""
    keys = {name: value for name, value in given.items() if not isinstance(value, Aggregate)}

    def column(name):
        # Typed: PostgreSQL takes two untyped NULLs in a UNION for text.
        return given.get(name, Cast(Value(None), columns[name]))

    grouped = (
        queryset.order_by()
        .annotate(union_label=Value(label), **{f"union_{name}": column(name) for name in keys})
        .values_list("union_label", *(f"union_{name}" for name in keys))
    )
    # values_list() fixed the grouping; the NULL keys and the aggregates follow, in order.
    return grouped.annotate(
        **{f"union_{name}": column(name) for name in columns if name not in keys}
    ).values_list("union_label", *(f"union_{name}" for name in columns))


FACET_COLUMNS = {
    "region": IntegerField(),
    "country": CharField(),
    "kind": CharField(),
    "technology": IntegerField(),
    "count": IntegerField(),
}


def hub_facets(filterset, *, map_countries=False):
    """For a bound, valid HubFilterSet: the hubs it selects (`total`) and, per region, country,
    technology and kind, how many hubs each value would select with the other filters kept.

    A hub counts in every region above its own (a German hub in DE, the EU and Europe); every
    region, technology and kind is listed, with 0 where none; countries only where some hub is.

    With `map_countries`, also the hubs per country of a map of them, which leaves out `bbox`
    (and, like the country facet, `country`; its caller keeps the chosen ones).

    One query whatever the data and the filters (with the regions' and technology areas'
    when their cached copies are stale): a UNION ALL of the filtered hubs grouped by region,
    country and kind (which counts the total and every unchosen dimension), a count per
    chosen dimension without its own filter, and the technology areas' hubs."""
    chosen = filterset.form.cleaned_data
    through = Hub.technology_areas.through
    hubs = Count("pk")
    branches = [
        union_part(
            filtered_without(filterset),
            "all",
            FACET_COLUMNS,
            region=F("region_id"),
            country=F("country"),
            kind=F("kind"),
            count=hubs,
        )
    ]
    for name, column in (("region", "region_id"), ("country", "country"), ("kind", "kind")):
        if chosen.get(name):
            without = filtered_without(filterset, name)
            branches.append(
                union_part(without, name, FACET_COLUMNS, **{name: F(column)}, count=hubs)
            )
    branches.append(
        union_part(
            through.objects.filter(hub__in=filtered_without(filterset, "technology").values("pk")),
            "technology",
            FACET_COLUMNS,
            technology=F("technologyarea_id"),
            count=hubs,
        )
    )
    if map_countries and chosen.get("bbox"):
        without = filtered_without(filterset, "bbox", "country")
        branches.append(
            union_part(without, "map_countries", FACET_COLUMNS, country=F("country"), count=hubs)
        )

    total = 0
    counts = {name: {} for name in ("all_region", "all_country", "all_kind", *FACET_COLUMNS)}
    counts["map_countries"] = {}
    for branch, region_id, country, kind, area_id, count in branches[0].union(
        *branches[1:], all=True
    ):
        if branch == "all":
            total += count
            for name, value in (("region", region_id), ("country", country), ("kind", kind)):
                counted = counts[f"all_{name}"]
                counted[value] = counted.get(value, 0) + count
        else:
            value = {
                "region": region_id,
                "country": country,
                "kind": kind,
                "technology": area_id,
                "map_countries": country,
            }[branch]
            counts[branch][value] = count

    def chosen_or_all(name):
        return counts[name] if chosen.get(name) else counts[f"all_{name}"]

    result = {
        "total": total,
        "facets": {
            "region": region_rows(chosen_or_all("region").items()),
            "country": country_rows(chosen_or_all("country").items()),
            "technology": technology_rows(counts["technology"]),
            "kind": kind_rows(chosen_or_all("kind")),
        },
    }
    if map_countries:
        result["map_countries"] = (
            country_rows(counts["map_countries"].items())
            if chosen.get("bbox")
            else result["facets"]["country"]
        )
    return result


# -- comparisons: a few hubs, or a few regions, side by side ----------------------------------


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
