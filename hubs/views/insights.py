"""The insights page: the 2024 report's four charts, computed from the directory, and
their CSV downloads.

Every number comes from hubs.stats, the functions /api/v1/stats/ uses; each chart is a
hubs.charts.Chart."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from atlas.csv_cells import spreadsheet_safe_rows
from atlas.pages import form_errors, without_empty

from .. import stats
from ..charts import (
    AVERAGE,
    REPORT_CITED_VIA_URL,
    SHARE,
    Cell,
    Chart,
    chart_specs,
    directory_dataset,
    members_known,
    not_published,
    number_cell,
    report_cell,
    report_dataset,
    report_value,
    row_name,
)
from ..filters import HubFilterSet
from ..forms import InsightsForm
from ..models import Hub, MemberCountUnit, Source, all_technology_areas


def share_chart(slug, title, description, region_heading, table):
    """Share of hubs per row of `table` (economies, or the EU's members), beside the report."""
    rows = table.rows
    chart = Chart(
        slug=slug,
        title=title,
        description=description,
        columns=[
            region_heading,
            _("Hubs"),
            _("Share of hubs, directory (%)"),
            _("Share of hubs, 2024 report (%)"),
        ],
        rows=[
            [
                Cell(row_name(row)),
                number_cell(row.hubs),
                number_cell(row.share_of_hubs, n=row.hubs),
                report_cell(row.report.get(SHARE)),
            ]
            for row in rows
        ],
        footer=[
            Cell(_("All")),
            number_cell(table.total.hubs),
            number_cell(100.0 if table.total.hubs else None, n=table.total.hubs),
            Cell(None, missing=not_published()),
        ],
        labels=[row_name(row) for row in rows],
        datasets=[
            directory_dataset([row.share_of_hubs for row in rows], n=[row.hubs for row in rows])
        ],
        value_axis=_("Share of hubs (%)"),
        suffix="%",
        known=(table.total.hubs_with_member_count, table.total.hubs),
    )
    report = [report_value(row.report.get(SHARE)) for row in rows]
    if any(value is not None for value in report):
        chart.datasets.append(report_dataset(report))
    return chart


def members_chart(result):
    rows = result.economies
    shares = [row.share_of_members if members_known(row) else None for row in rows]
    return Chart(
        slug="members-by-economy",
        title=_("Share of members by economy"),
        description=_(
            "The members the hubs report, summed per economy. The report publishes no numbers "
            "for this chart; it finds that members roughly follow the hub counts except in the "
            "EU, that the US holds far more members than any other economy, and that inside the "
            "EU the Netherlands' share of members is clearly lower than its share of hubs. An "
            "economy none of whose hubs reports a count has no bar: its members are unknown."
        ),
        columns=[
            _("Economy"),
            _("Hubs"),
            _("Hubs with a known member count"),
            _("Members"),
            _("Share of members, directory (%)"),
        ],
        rows=[
            [
                Cell(row_name(row)),
                number_cell(row.hubs),
                number_cell(row.hubs_with_member_count),
                number_cell(
                    row.members if members_known(row) else None, n=row.hubs_with_member_count
                ),
                number_cell(share, n=row.hubs_with_member_count),
            ]
            for row, share in zip(rows, shares, strict=True)
        ],
        footer=[
            Cell(_("All")),
            number_cell(result.total.hubs),
            number_cell(result.total.hubs_with_member_count),
            number_cell(
                result.total.members if members_known(result.total) else None,
                n=result.total.hubs_with_member_count,
            ),
            number_cell(
                100.0 if members_known(result.total) else None,
                n=result.total.hubs_with_member_count,
            ),
        ],
        labels=[row_name(row) for row in rows],
        datasets=[directory_dataset(shares, n=[row.hubs_with_member_count for row in rows])],
        value_axis=_("Share of members (%)"),
        suffix="%",
        known=(result.total.hubs_with_member_count, result.total.hubs),
    )


def average_chart(result):
    # The report's averages include one for Europe as a whole, so that continent joins the
    # economies; the two global averages are horizontal lines across the bars.
    rows = result.economies + [row for row in result.continents if row.report.get(AVERAGE)]
    world = result.total.report.get(AVERAGE)
    chart = Chart(
        slug="average-members",
        title=_("Average members per hub by economy"),
        description=_(
            "The members the hubs report divided by the hubs that report a count; hubs without "
            "one are left out of the average, and an economy none of whose hubs reports a count "
            "has no bar. The lines mark the global averages."
        ),
        columns=[
            _("Economy"),
            _("Hubs with a known member count"),
            _("Members"),
            _("Average members per hub, directory"),
            _("Average members per hub, 2024 report"),
        ],
        rows=[
            [
                Cell(row_name(row)),
                number_cell(row.hubs_with_member_count),
                number_cell(
                    row.members if members_known(row) else None, n=row.hubs_with_member_count
                ),
                number_cell(row.avg_members_per_hub, n=row.hubs_with_member_count),
                report_cell(row.report.get(AVERAGE)),
            ]
            for row in rows
        ],
        footer=[
            Cell(_("Global average")),
            number_cell(result.total.hubs_with_member_count),
            number_cell(
                result.total.members if members_known(result.total) else None,
                n=result.total.hubs_with_member_count,
            ),
            number_cell(result.total.avg_members_per_hub, n=result.total.hubs_with_member_count),
            report_cell(world),
        ],
        labels=[row_name(row) for row in rows],
        datasets=[
            directory_dataset(
                [row.avg_members_per_hub for row in rows],
                n=[row.hubs_with_member_count for row in rows],
            )
        ],
        value_axis=_("Members per hub"),
        known=(result.total.hubs_with_member_count, result.total.hubs),
    )
    report = [report_value(row.report.get(AVERAGE)) for row in rows]
    if any(value is not None for value in report):
        chart.datasets.append(report_dataset(report))
    chart.datasets.append(
        {
            "label": _("Global average, directory"),
            "data": [result.total.avg_members_per_hub] * len(rows),
            "role": "directory-reference",
        }
    )
    if world is not None:
        chart.datasets.append(
            {
                "label": _("Global average, 2024 report"),
                "data": [report_value(world)] * len(rows),
                "role": "report-reference",
            }
        )
    return chart


def insight_charts(result):
    return [
        share_chart(
            "hubs-by-economy",
            _("Share of hubs by economy"),
            _(
                "Each economy's share of the hubs, beside the share the 2024 report publishes "
                "where it gives one. A German or Dutch hub counts in the EU."
            ),
            _("Economy"),
            stats.Table(total=result.total, rows=result.economies),
        ),
        share_chart(
            "eu-hubs-by-member-state",
            _("Share of EU hubs by member state"),
            _(
                "The EU's hubs by member state; hubs of the EU as a whole are a bar of their own. "
                "Shares are of the EU's hubs."
            ),
            _("Member state"),
            result.eu,
        ),
        members_chart(result),
        average_chart(result),
    ]


def insights_result(request):
    """The filters, and hub_stats for them when they are valid."""
    params = without_empty(request.GET)
    form = InsightsForm(params)
    filterset = HubFilterSet(params, queryset=Hub.objects.published(), request=request)
    valid = [form.is_valid(), filterset.is_valid()]
    result = None
    if all(valid):
        result = stats.hub_stats(filterset.qs, grouping=form.cleaned_data["grouping"])
    return params, form, filterset, result


def member_count_units(total):
    """[(what the counts count, how many hubs)] of the counts behind the sums and averages."""
    labels = {**dict(MemberCountUnit.choices), stats.UNKNOWN_UNIT: _("unit not stated")}
    return [(labels.get(unit, unit), count) for unit, count in total.member_count_units.items()]


def report_citation(result):
    """The report's Source (from its figures) and the article it is cited through."""
    holders = [result.total, *result.economies, *result.continents, *result.eu.rows]
    report = next(
        (figure.source for holder in holders for figure in holder.report.values() if figure),
        None,
    )
    via = Source.objects.filter(url=REPORT_CITED_VIA_URL).first()
    return {"report": report, "via": via, "via_url": REPORT_CITED_VIA_URL}


def insights(request):
    params, form, filterset, result = insights_result(request)
    charts = insight_charts(result) if result is not None else []
    context = {
        "form": form,
        "errors": form_errors(form, filterset.form),
        "technology_options": [(area.slug, area.display_name) for area in all_technology_areas()],
        "technology_selected": params.getlist("technology"),
        "in_article": filterset.form.cleaned_data["in_article"] if filterset.is_valid() else None,
        "unit_options": MemberCountUnit.choices,
        "unit_selected": params.get("member_count_unit", ""),
        "member_count_units": member_count_units(result.total) if result is not None else [],
        # Any other hub filter in the address (from the directory, say) is kept and named.
        "other_filters": [
            (name, filterset.form[name].label, value)
            for name in params
            if name in filterset.filters
            and name not in ("technology", "member_count_unit", "ordering", "in_article")
            for value in params.getlist(name)
        ],
        "query": params.urlencode(),
        "result": result,
        "charts": charts,
        "chart_specs": chart_specs(charts),
        "citation": report_citation(result) if result is not None else None,
    }
    status = 200 if result is not None else 400
    return render(request, "hubs/insights.html", context, status=status)


def insights_csv(request, chart):
    params, form, filterset, result = insights_result(request)
    if result is None:
        lines = [
            f"{label}: {message}" if label else message
            for label, message in form_errors(form, filterset.form)
        ]
        return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
    found = next((item for item in insight_charts(result) if item.slug == chart), None)
    if found is None:
        raise Http404(_("There is no such chart."))
    suffix = "-".join(["", *params.getlist("technology")])
    if result.grouping != stats.DIRECTORY:
        suffix += f"-{result.grouping}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart}{suffix}.csv"'
    csv.writer(response).writerows(spreadsheet_safe_rows(found.csv_rows()))
    return response
