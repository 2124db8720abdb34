"""Hubs and members per economy, per continent and per EU member state: the tallies behind
the insights page, the home page's figures and /api/v1/stats/.

Hubs are grouped by region in the database; the roll-up to economies, continents and member
states walks the region tree in Python with a RegionIndex, so the number of queries does not
grow with the data.

Definitions, the same everywhere:
- `members` is the sum of the member counts hubs report; a hub without one adds nothing.
- `avg_members_per_hub` is `members / hubs_with_member_count`: hubs with no reported count
  are left out of the average rather than counted as empty. None when no hub has a count.
- Shares are percentages rounded to one decimal, of the hubs (or members) in the table.
- `member_count_units` says what the counts in `members` count: {unit: hubs with a count in
  that unit}, "unknown" for a count whose unit no source states. `mixed_units` is true when
  they are more than one, so that the sum and the average add up different things (the
  member_count_unit filter restricts the hubs to one unit).
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce

from regions.models import Region, RegionIndex

from ..models import ReportFigure

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


UNKNOWN_UNIT = "unknown"


@dataclass
class Tally:
    hubs: int = 0
    members: int = 0
    hubs_with_member_count: int = 0
    member_count_units: dict = field(default_factory=dict)

    def add(self, other):
        self.hubs += other.hubs
        self.members += other.members
        self.hubs_with_member_count += other.hubs_with_member_count
        units = dict(self.member_count_units)
        for unit, count in other.member_count_units.items():
            units[unit] = units.get(unit, 0) + count
        self.member_count_units = dict(sorted(units.items()))

    @property
    def mixed_units(self):
        return len(self.member_count_units) > 1

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
    """{region id: Tally} in one query (grouped by region and the unit of the counts); the
    region is the report's where `grouping` says so."""
    region = Coalesce("report_region_id", "region_id") if grouping == REPORT else F("region_id")
    grouped = (
        queryset.order_by()
        .annotate(grouped_region=region)
        .values("grouped_region", "member_count_unit")
        .annotate(
            hubs=Count("pk"),
            members=Sum("member_count"),
            hubs_with_member_count=Count("member_count"),
        )
    )
    tallies = {}
    for item in grouped:
        counted = item["hubs_with_member_count"]
        unit = item["member_count_unit"] or UNKNOWN_UNIT
        tallies.setdefault(item["grouped_region"], Tally()).add(
            Tally(
                hubs=item["hubs"],
                members=item["members"] or 0,
                hubs_with_member_count=counted,
                member_count_units={unit: counted} if counted else {},
            )
        )
    return tallies


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
    """{name: rows} for each named queryset (the home page's figures), in one query: a UNION
    of their counts, which keeps the home page within six queries on a cold cache."""
    counts = [
        queryset.order_by()
        .annotate(counted=Value(name))
        .values_list("counted")
        .annotate(count=Count("pk"))
        for name, queryset in querysets.items()
    ]
    return {**dict.fromkeys(querysets, 0), **dict(counts[0].union(*counts[1:], all=True))}
