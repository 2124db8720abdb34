"""Counts of hubs and their members, computed in one place for the API and the pages, so
that the same numbers show everywhere: `economies` (hubs and members per economy, continent
and EU member state), `facets` (what each filter value would select), `comparisons` (a few
hubs or regions side by side).

Every function takes a Hub queryset the caller has already filtered (and limited to what the
reader may see). Callers name them through this package: `stats.hub_stats(hubs)`."""

from .comparisons import (
    HubSummary,
    RegionComparison,
    RegionSummary,
    count_by_type,
    hub_comparison,
    members_by_type,
    region_comparison,
)
from .economies import (
    COMPARED_METRICS,
    DIRECTORY,
    GROUPINGS,
    REPORT,
    UNKNOWN_UNIT,
    WORLD,
    Breakdown,
    HubStats,
    Row,
    Table,
    Tally,
    Total,
    count_each,
    hub_stats,
    tally_by_region,
)
from .facets import country_facet, filtered_without, hub_facets
from .unions import union_part

__all__ = [
    "UNKNOWN_UNIT",
    "COMPARED_METRICS",
    "DIRECTORY",
    "GROUPINGS",
    "REPORT",
    "WORLD",
    "Breakdown",
    "HubStats",
    "HubSummary",
    "RegionComparison",
    "RegionSummary",
    "Row",
    "Table",
    "Tally",
    "Total",
    "count_by_type",
    "count_each",
    "country_facet",
    "filtered_without",
    "hub_comparison",
    "hub_facets",
    "hub_stats",
    "members_by_type",
    "region_comparison",
    "tally_by_region",
    "union_part",
]
