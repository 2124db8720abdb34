"""The insights page (the 2024 report's four charts, computed from the directory) and the
compare page (two to four hubs or economies side by side).

Every number comes from hubs.stats, the functions /api/v1/stats/ uses. Each chart is built
once here as a table (columns and rows) and a Chart.js dataset list: the page shows the
table, its script draws the datasets, and the CSV download writes the same table.
"""

import csv
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from atlas.bilingual import in_chinese
from incubators.models import Incubator
from regions.models import RegionIndex

from .. import stats
from ..filters import HubFilterSet
from ..forms import CompareForm, InsightsForm
from ..models import Hub, Organization, ReportFigure, Source, all_technology_areas

# The report reaches us through a news article; the report's own Source has no URL.
REPORT_CITED_VIA_URL = "https://new.qq.com/rain/a/20240830A08RI300"

SHARE = ReportFigure.Metric.SHARE_OF_HUBS
AVERAGE = ReportFigure.Metric.AVG_MEMBERS_PER_HUB


# -- tables a chart is drawn from ------------------------------------------------------------


@dataclass
class Cell:
    """A number (or text) in a table; `missing` says what to show when there is none."""

    value: object = None
    missing: str = ""
    approximate: bool = False

    def text(self):
        """The cell as the CSV writes it: numbers unformatted, so spreadsheets read them."""
        if self.value is None:
            return self.missing
        return f"≈{self.value}" if self.approximate else str(self.value)


@dataclass
class Chart:
    slug: str
    title: str
    description: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] = field(default_factory=list)
    datasets: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    value_axis: str = ""
    suffix: str = ""
    known: tuple[int, int] | None = None
    options: dict = field(default_factory=dict)
    wide: bool = False

    @property
    def canvas_id(self):
        return f"chart-{self.slug}"

    def spec(self):
        """What the page's script needs to draw the chart."""
        return {
            "canvas": self.canvas_id,
            "labels": self.labels,
            "datasets": self.datasets,
            "valueAxis": self.value_axis,
            "suffix": self.suffix,
            **self.options,
        }

    def csv_rows(self):
        return [
            self.columns,
            *[[cell.text() for cell in row] for row in self.rows],
            *([[cell.text() for cell in self.footer]] if self.footer else []),
        ]


def unknown():
    return _("unknown")


def not_published():
    return _("not published")


def number_cell(value):
    return Cell(value, missing=unknown())


def report_cell(figure):
    if figure is None:
        return Cell(None, missing=not_published())
    return Cell(float(figure.value), missing=not_published(), approximate=figure.approximate)


def report_value(figure):
    return None if figure is None else float(figure.value)


def row_name(row):
    """A stats row's name in the page's language; "Europe (continent)" for a continent."""
    name = row.name_zh if in_chinese() and row.name_zh else row.name_en
    if row.kind == "continent":
        return _("%(name)s (continent)") % {"name": name}
    return name


def members_known(row):
    """A row's members are unknown when none of its hubs reports a member count."""
    return row.hubs_with_member_count > 0


def directory_dataset(data, label=None):
    return {"label": label or _("Directory"), "data": data, "role": "directory"}


def report_dataset(data):
    return {"label": _("2024 report"), "data": data, "role": "report"}


# -- the insights page's four charts ---------------------------------------------------------


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
                number_cell(row.share_of_hubs),
                report_cell(row.report.get(SHARE)),
            ]
            for row in rows
        ],
        footer=[
            Cell(_("All")),
            number_cell(table.total.hubs),
            number_cell(100.0 if table.total.hubs else None),
            Cell(None, missing=not_published()),
        ],
        labels=[row_name(row) for row in rows],
        datasets=[directory_dataset([row.share_of_hubs for row in rows])],
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
                number_cell(row.members if members_known(row) else None),
                number_cell(share),
            ]
            for row, share in zip(rows, shares, strict=True)
        ],
        footer=[
            Cell(_("All")),
            number_cell(result.total.hubs),
            number_cell(result.total.hubs_with_member_count),
            number_cell(result.total.members if members_known(result.total) else None),
            number_cell(100.0 if members_known(result.total) else None),
        ],
        labels=[row_name(row) for row in rows],
        datasets=[directory_dataset(shares)],
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
                number_cell(row.members if members_known(row) else None),
                number_cell(row.avg_members_per_hub),
                report_cell(row.report.get(AVERAGE)),
            ]
            for row in rows
        ],
        footer=[
            Cell(_("Global average")),
            number_cell(result.total.hubs_with_member_count),
            number_cell(result.total.members if members_known(result.total) else None),
            number_cell(result.total.avg_members_per_hub),
            report_cell(world),
        ],
        labels=[row_name(row) for row in rows],
        datasets=[directory_dataset([row.avg_members_per_hub for row in rows])],
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


def chart_specs(charts):
    """The page script's data: each chart's spec, and the word for a missing value."""
    return {"charts": [chart.spec() for chart in charts], "unknown": unknown()}


def without_empty(query):
    """The query string without empty values: an "all" option sends `technology=`."""
    params = query.copy()
    for key in list(params):
        values = [value for value in params.getlist(key) if value.strip()]
        if values:
            params.setlist(key, values)
        else:
            del params[key]
    return params


def form_errors(*forms):
    """(label, message) for every error of the forms, for one error summary."""
    return [
        (form[name].label if name in form.fields else "", message)
        for form in forms
        for name, messages in form.errors.items()
        for message in messages
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
        # Any other hub filter in the address (from the directory, say) is kept and named.
        "other_filters": [
            (name, filterset.form[name].label, value)
            for name in params
            if name in filterset.filters and name not in ("technology", "ordering")
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
    csv.writer(response).writerows(found.csv_rows())
    return response


# -- the compare page ------------------------------------------------------------------------


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
        datasets=[directory_dataset([row.share_of_hubs for row in rows])],
        value_axis=_("Share of hubs (%)"),
        suffix="%",
    )
    if any(value is not None for value in share_report):
        share.datasets.append(report_dataset(share_report))
    average = Chart(
        slug="average-members",
        title=_("Average members per hub"),
        labels=labels,
        datasets=[directory_dataset([row.avg_members_per_hub for row in rows])],
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
                    [row.members if members_known(row) else None for row in rows], _("Members")
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
