"""Economies and continents: the list with each one's hubs, and a page per region.

Every count comes from hubs.stats.region_comparison, so a region's numbers here are the same
as on the compare page and in the API's statistics.
"""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from hubs import stats
from hubs.models import Hub, ReportFigure
from incubators.models import Incubator

from .models import RegionIndex

AVERAGE = ReportFigure.Metric.AVG_MEMBERS_PER_HUB
# A continent may hold thousands of hubs: the page lists the first ones and links to the
# directory (and the incubators' list) for all of them.
LISTED = 50


def plain_number(value):
    """A stored decimal without its padding zeros: 1.50 → 1.5, 33.00 → 33."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def rows_with_regions(comparison, index, top):
    """The comparison's rows paired with their regions, `depth` counted from `top`'s level."""
    return [
        {
            "region": index.by_slug[row.slug],
            "row": row,
            "depth": index.by_slug[row.slug].depth - top,
        }
        for row in comparison.rows
    ]


def region_list(request):
    index = RegionIndex()
    regions = sorted(index.by_slug.values(), key=lambda region: region.path)
    comparison = stats.region_comparison(
        Hub.objects.published(),
        [region.slug for region in regions],
        Incubator.objects.published(),
        index=index,
    )
    rows = rows_with_regions(comparison, index, top=1)
    groups = [
        {"region": item["region"], "row": item["row"], "inside": []}
        for item in rows
        if item["depth"] == 0
    ]
    by_slug = {group["region"].slug: group for group in groups}
    for item in rows:
        if item["depth"] > 0:
            by_slug[item["region"].path.split("/")[0]]["inside"].append(item)
    return render(
        request,
        "regions/list.html",
        {"groups": groups, "total": comparison.total},
    )


def figures_about(figures, region):
    """ReportFigure.objects.about(region), from `figures` already loaded."""
    wide = f"{region.slug}-wide".lower()
    return [
        figure
        for figure in figures
        if figure.region_id == region.pk
        or (figure.region_id is None and figure.label.lower() == wide)
    ]


def region_detail(request, slug):
    index = RegionIndex()
    region = index.by_slug.get(slug)
    if region is None:
        raise Http404(_("There is no such economy or continent."))
    inside = index.inside(region)
    # One query for the report's figures: the comparison's and the region's own.
    all_figures = list(ReportFigure.objects.select_related("region", "source"))
    comparison = stats.region_comparison(
        Hub.objects.published(),
        [region.slug, *(other.slug for other in inside)],
        Incubator.objects.published(),
        index=index,
        figures=all_figures,
    )
    figures = figures_about(all_figures, region)
    for figure in figures:
        figure.scope_region = index.by_slug.get(figure.scope.lower())
        figure.shown_value = plain_number(figure.value)
    report_average = comparison.rows[0].report.get(AVERAGE)
    report_world_average = comparison.total.report.get(AVERAGE)
    reported = report_world_average or report_average
    context = {
        "region": region,
        "lineage": index.lineage(region.pk),
        "row": comparison.rows[0],
        "total": comparison.total,
        "inside": rows_with_regions(comparison, index, top=region.depth)[1:],
        "figures": figures,
        # The report's averages for the region (where it gives one) and for the world.
        "report_average": report_average,
        "report_world_average": report_world_average,
        "report_source": reported.source if reported else None,
        "hubs": list(
            Hub.objects.published()
            .in_region(region)
            .select_related("region")
            .order_by("name_en")[:LISTED]
        ),
        "incubators": list(
            Incubator.objects.published().in_region(region, index).order_by("name_en")[:LISTED]
        ),
    }
    return render(request, "regions/detail.html", context)
