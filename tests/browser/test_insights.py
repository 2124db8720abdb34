"""Every chart on /insights/ is drawn with the numbers of /api/v1/stats/."""

import pytest

CHARTS = ["hubs-by-economy", "eu-hubs-by-member-state", "members-by-economy", "average-members"]

DRAWN = """canvasId => {
  const chart = Chart.getChart(document.getElementById(canvasId));
  return {
    labels: chart.data.labels,
    datasets: chart.data.datasets.map(dataset => ({label: dataset.label, data: dataset.data})),
    width: chart.width,
  };
}"""


def drawn(page, slug):
    """{dataset label: {category label: value}} of the chart Chart.js drew."""
    chart = page.evaluate(DRAWN, f"chart-{slug}")
    assert chart["width"] > 0
    return {
        dataset["label"]: dict(zip(chart["labels"], dataset["data"], strict=True))
        for dataset in chart["datasets"]
    }


def report(row, metric):
    figure = row["report"][metric]
    return None if figure is None else figure["value"]


def name(row, language):
    label = row["name_zh"] if language == "zh-hans" and row["name_zh"] else row["name_en"]
    if row["kind"] == "continent":
        label = f"{label} (continent)"
    return label


def expected(stats, language="en"):
    """What each chart must show, from the API's answer."""

    def by_name(rows, value):
        return {name(row, language): value(row) for row in rows}

    economies, eu, total = stats["economies"], stats["eu"]["rows"], stats["total"]
    averaged = economies + [
        row for row in stats["continents"] if row["report"]["avg_members_per_hub"]
    ]
    charts = {
        "hubs-by-economy": {
            "Directory": by_name(economies, lambda row: row["share_of_hubs"]),
            "2024 report": by_name(economies, lambda row: report(row, "share_of_hubs")),
        },
        "eu-hubs-by-member-state": {
            "Directory": by_name(eu, lambda row: row["share_of_hubs"]),
            "2024 report": by_name(eu, lambda row: report(row, "share_of_hubs")),
        },
        "members-by-economy": {
            # An economy none of whose hubs reports a count has unknown members, not 0 %.
            "Directory": by_name(
                economies,
                lambda row: row["share_of_members"] if row["hubs_with_member_count"] else None,
            ),
        },
        "average-members": {
            "Directory": by_name(averaged, lambda row: row["avg_members_per_hub"]),
            "2024 report": by_name(averaged, lambda row: report(row, "avg_members_per_hub")),
            "Global average, directory": by_name(
                averaged, lambda row: total["avg_members_per_hub"]
            ),
            "Global average, 2024 report": by_name(
                averaged, lambda row: report(total, "avg_members_per_hub")
            ),
        },
    }
    for datasets in charts.values():
        for label in [label for label, values in datasets.items() if not any(values.values())]:
            del datasets[label]  # the page draws no report bars where the report has none
    return charts


def open_insights(page, url):
    # Without animation the charts are final as soon as they exist (and so are screenshots).
    page.emulate_media(reduced_motion="reduce")
    page.goto(url)
    page.wait_for_function(
        "ids => ids.every(id => window.Chart && Chart.getChart(document.getElementById(id)))",
        arg=[f"chart-{slug}" for slug in CHARTS],
    )


@pytest.mark.parametrize("query", ["", "?technology=computing", "?grouping=report"])
def test_every_insights_chart_is_drawn_with_the_numbers_of_the_stats_api(page, site_url, query):
    stats = page.request.get(f"{site_url}/api/v1/stats/{query}").json()

    open_insights(page, f"{site_url}/insights/{query}")

    want = expected(stats)
    for slug in CHARTS:
        assert drawn(page, slug) == want[slug], slug


def test_the_chinese_insights_page_draws_the_same_numbers_under_chinese_names(page, site_url):
    stats = page.request.get(f"{site_url}/api/v1/stats/").json()

    open_insights(page, f"{site_url}/zh-hans/insights/")

    want = expected(stats, language="zh-hans")
    chart = drawn(page, "hubs-by-economy")
    assert list(chart.values())[0] == want["hubs-by-economy"]["Directory"]
    assert "美国" in list(chart.values())[0]


def test_the_insights_technology_filter_is_a_form_a_keyboard_can_use(page, site_url):
    open_insights(page, f"{site_url}/insights/")

    page.get_by_label("Technology area").select_option("sensing")
    page.get_by_role("button", name="Show").press("Enter")

    page.wait_for_url("**/insights/?technology=sensing*")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-hubs-by-economy')")
    stats = page.request.get(f"{site_url}/api/v1/stats/?technology=sensing").json()
    assert drawn(page, "hubs-by-economy") == expected(stats)["hubs-by-economy"]


def test_the_insights_table_view_opens_and_shows_the_numbers(page, site_url):
    open_insights(page, f"{site_url}/insights/")

    figure = page.locator("#average-members")
    figure.get_by_text("Table view").click()

    table = figure.get_by_role("table")
    assert table.is_visible()
    assert "Global average" in table.inner_text()


def test_the_insights_page_fits_a_phone(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})

    open_insights(page, f"{site_url}/insights/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert drawn(page, "average-members")
