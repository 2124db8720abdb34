"""A chart of the insights and compare pages, built once as a table (columns and rows) and
a Chart.js dataset list: the page shows the table, its script draws the datasets, and the
CSV download writes the same table."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from atlas.bilingual import in_chinese

from .models import ReportFigure

REPORT_CITED_VIA_URL = "https://new.qq.com/rain/a/20240830A08RI300"

SHARE = ReportFigure.Metric.SHARE_OF_HUBS
AVERAGE = ReportFigure.Metric.AVG_MEMBERS_PER_HUB
# A figure computed from fewer hubs than this is marked on the pages and in the charts.
FEW_HUBS = 3


# -- tables a chart is drawn from ------------------------------------------------------------


@dataclass
class Cell:
    """A number (or text) in a table; `missing` says what to show when there is none."""

    value: object = None
    missing: str = ""
    approximate: bool = False
    # How many hubs the directory's figure is computed from; None for a count or the report's.
    n: int | None = None

    @property
    def few(self):
        return self.value is not None and self.n is not None and self.n < FEW_HUBS

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
    def has_few(self):
        return any(cell.few for row in [*self.rows, self.footer] for cell in row)

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


def number_cell(value, n=None):
    return Cell(value, missing=unknown(), n=n)


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


def directory_dataset(data, label=None, n=None):
    """The directory's bars; `n`, one per bar, the hubs each is computed from."""
    dataset = {"label": label or _("Directory"), "data": data, "role": "directory"}
    if n is not None:
        dataset["n"] = n
    return dataset


def report_dataset(data):
    return {"label": _("2024 report"), "data": data, "role": "report"}


def chart_specs(charts):
    """The page script's data: each chart's spec, and the word for a missing value."""
    return {
        "charts": [chart.spec() for chart in charts],
        "unknown": unknown(),
        "fewHubs": FEW_HUBS,
        "fewHubsNote": _("fewer than 3 hubs: read with care"),
    }
