"""The compare page: two to four hubs, or regions, side by side, from
hubs.stats.comparisons; each chart is a hubs.charts.Chart."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from atlas.pages import form_errors
from incubators.models import Incubator
from regions.models import RegionIndex

from .. import stats
from ..charts import (
    AVERAGE,
    SHARE,
    Chart,
    chart_specs,
    directory_dataset,
    members_known,
    report_dataset,
    report_value,
    row_name,
)
from ..forms import CompareForm
from ..models import Hub, Organization, all_technology_areas


def hub_charts(summaries):
    labels = [summary.hub.display_name for summary in summaries]
    charts = [
        Chart(
            slug="members",
            title=_("Reported member count"),
            labels=labels,
            datasets=[
                directory_dataset([summary.hub.member_count for summary in summaries], _("Members"))
            ],
            value_axis=_("Members"),
        ),
        Chart(
            slug="members-by-type",
            title=_("Members listed in the directory, by type"),
            labels=labels,
            datasets=[
                {
                    "label": str(label),
                    "data": [
                        summary.members_by_type.get(value, 0) if summary.listed_members else None
                        for summary in summaries
                    ],
                    "role": "series",
                }
                for value, label in Organization.Type.choices
                if any(summary.members_by_type.get(value) for summary in summaries)
            ],
            value_axis=_("Members listed"),
            options={"stacked": True},
        ),
    ]
    this_year = timezone.localdate().year
    founded = [summary.hub.founded for summary in summaries if summary.hub.founded]
    charts.append(
        Chart(
            slug="founded",
            title=_("Founding year"),
            labels=labels,
            datasets=[
                directory_dataset(
                    [
                        [summary.hub.founded, this_year] if summary.hub.founded else None
                        for summary in summaries
                    ],
                    _("Founded (bar runs to this year)"),
                )
            ],
            value_axis=_("Year"),
            options={
                "horizontal": True,
                "years": True,
                "min": min(founded) - 1 if founded else None,
                "max": this_year,
            },
        )
    )
    return charts


def region_charts(comparison):
    rows = comparison.rows
    labels = [row_name(row) for row in rows]
    total = comparison.total
    world = total.report.get(AVERAGE)
    share_report = [report_value(row.report.get(SHARE)) for row in rows]
    average_report = [report_value(row.report.get(AVERAGE)) for row in rows]
    share = Chart(
        slug="share-of-hubs",
        title=_("Share of all hubs"),
        labels=labels,
        datasets=[
            directory_dataset([row.share_of_hubs for row in rows], n=[row.hubs for row in rows])
        ],
        value_axis=_("Share of hubs (%)"),
        suffix="%",
    )
    if any(value is not None for value in share_report):
        share.datasets.append(report_dataset(share_report))
    average = Chart(
        slug="average-members",
        title=_("Average members per hub"),
        labels=labels,
        datasets=[
            directory_dataset(
                [row.avg_members_per_hub for row in rows],
                n=[row.hubs_with_member_count for row in rows],
            )
        ],
        value_axis=_("Members per hub"),
    )
    if any(value is not None for value in average_report):
        average.datasets.append(report_dataset(average_report))
    average.datasets.append(
        {
            "label": _("Global average, directory"),
            "data": [total.avg_members_per_hub] * len(rows),
            "role": "directory-reference",
        }
    )
    if world is not None:
        average.datasets.append(
            {
                "label": _("Global average, 2024 report"),
                "data": [report_value(world)] * len(rows),
                "role": "report-reference",
            }
        )
    return [
        Chart(
            slug="hubs-and-incubators",
            title=_("Hubs and incubators"),
            labels=labels,
            datasets=[
                directory_dataset([row.hubs for row in rows], _("Hubs")),
                {
                    "label": _("Incubators"),
                    "data": [row.incubators for row in rows],
                    "role": "series",
                },
            ],
            value_axis=_("Count"),
        ),
        Chart(
            slug="members",
            title=_("Members the hubs report"),
            labels=labels,
            datasets=[
                directory_dataset(
                    [row.members if members_known(row) else None for row in rows],
                    _("Members"),
                    n=[row.hubs_with_member_count for row in rows],
                )
            ],
            value_axis=_("Members"),
        ),
        average,
        share,
        Chart(
            slug="technology-areas",
            title=_("Hubs per technology area"),
            labels=[area.display_name for area in comparison.technology_areas],
            datasets=[
                {
                    "label": row_name(row),
                    "data": [row.technology[area.slug] for area in comparison.technology_areas],
                    "role": "series",
                }
                for row in rows
            ],
            value_axis=_("Hubs"),
            wide=True,
        ),
    ]


def picker_options(form, hubs):
    """The `hubs`, grouped by economy, and the regions in tree order, for the two pickers."""
    index = RegionIndex()
    chosen_hubs = form["hubs"].data or []
    chosen_regions = form["regions"].data or []
    groups = {}
    for hub in hubs:
        economy = index.economy_of(hub.region_id)
        groups.setdefault(economy.pk, (economy, []))[1].append((hub, hub.slug in chosen_hubs))
    hub_groups = sorted(groups.values(), key=lambda group: group[0].path)
    regions = [
        (region, region.slug in chosen_regions)
        for region in sorted(index.by_id.values(), key=lambda region: region.path)
    ]
    return {"hub_groups": hub_groups, "region_options": regions}


def hub_rows(summaries):
    """Rows of the hubs' table the template cannot build: members by type, technology areas."""
    return {
        "type_rows": [
            (
                label,
                [
                    summary.members_by_type.get(value, 0) if summary.listed_members else None
                    for summary in summaries
                ],
            )
            for value, label in Organization.Type.choices
            if any(summary.members_by_type.get(value) for summary in summaries)
        ],
        "technology_rows": [
            (
                area.display_name,
                [area in summary.hub.technology_area_list for summary in summaries],
            )
            for area in all_technology_areas()
        ],
    }


def compare(request):
    published = list(Hub.objects.published().order_by("name_en"))
    form = CompareForm(request.GET, published_hubs={hub.slug for hub in published})
    mode = form.mode
    context = {
        "form": form,
        "errors": form_errors(form),
        "mode": mode,
        **picker_options(form, published),
    }
    charts = []
    if mode == "hubs":
        slugs = form.cleaned_data["hubs"]
        summaries = stats.hub_comparison(Hub.objects.published().filter(slug__in=slugs))
        summaries.sort(key=lambda summary: slugs.index(summary.hub.slug))
        charts = hub_charts(summaries)
        context.update(summaries=summaries, **hub_rows(summaries))
    elif mode == "regions":
        comparison = stats.region_comparison(
            Hub.objects.published(), form.cleaned_data["regions"], Incubator.objects.published()
        )
        charts = region_charts(comparison)
        context.update(
            comparison=comparison,
            region_rows=[(row_name(row), row) for row in comparison.rows],
            technology_rows=[
                (area.display_name, [row.technology[area.slug] for row in comparison.rows])
                for area in comparison.technology_areas
            ],
        )
    context.update(charts=charts, chart_specs=chart_specs(charts))
    return render(request, "hubs/compare.html", context, status=400 if form.errors else 200)
