"""The compare page draws its charts, and its pickers work with a keyboard."""

CQE = "chicago-quantum-exchange"
QDNL = "quantum-delta-nl"

DRAWN = """() => Array.from(document.querySelectorAll("canvas")).map(canvas => {
  const chart = Chart.getChart(canvas);
  return {
    id: canvas.id,
    labels: chart.data.labels,
    datasets: chart.data.datasets.map(dataset => ({label: dataset.label, data: dataset.data})),
    width: chart.width,
  };
})"""


def open_compare(page, url):
    page.emulate_media(reduced_motion="reduce")
    page.goto(url)
    page.wait_for_function(
        "() => window.Chart && document.querySelectorAll('canvas').length > 0 && "
        "Array.from(document.querySelectorAll('canvas')).every(c => Chart.getChart(c))"
    )
    return {chart["id"]: chart for chart in page.evaluate(DRAWN)}


def test_the_compare_page_draws_the_charts_of_two_hubs(page, site_url):
    charts = open_compare(page, f"{site_url}/compare/?hubs={CQE},{QDNL}")

    assert set(charts) == {"chart-members", "chart-members-by-type", "chart-founded"}
    for chart in charts.values():
        assert chart["width"] > 0
        assert chart["labels"] == ["Chicago Quantum Exchange", "Quantum Delta NL"]
    assert charts["chart-members"]["datasets"][0]["data"] == [40, None]
    founded = charts["chart-founded"]["datasets"][0]["data"]
    assert [bar[0] for bar in founded] == [2017, 2020]


def test_the_compare_page_draws_the_charts_of_three_economies(page, site_url):
    stats = page.request.get(f"{site_url}/api/v1/stats/").json()
    economies = {row["slug"]: row for row in stats["economies"]}

    charts = open_compare(page, f"{site_url}/compare/?regions=us,eu,cn")

    assert set(charts) == {
        "chart-hubs-and-incubators",
        "chart-members",
        "chart-average-members",
        "chart-share-of-hubs",
        "chart-technology-areas",
    }
    names = [economies[slug]["name_en"] for slug in ("us", "eu", "cn")]
    average = charts["chart-average-members"]
    assert average["labels"] == names
    drawn = {dataset["label"]: dataset["data"] for dataset in average["datasets"]}
    assert drawn["Directory"] == [
        economies[slug]["avg_members_per_hub"] for slug in ("us", "eu", "cn")
    ]
    assert drawn["Global average, directory"] == [stats["total"]["avg_members_per_hub"]] * 3
    hubs = charts["chart-hubs-and-incubators"]["datasets"][0]["data"]
    assert hubs == [economies[slug]["hubs"] for slug in ("us", "eu", "cn")]


def test_the_hub_picker_compares_the_hubs_ticked_with_the_keyboard(page, site_url):
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{site_url}/compare/")

    picker = page.locator("form.picker").first
    picker.get_by_label("Chicago Quantum Exchange").focus()
    page.keyboard.press("Space")
    picker.get_by_label("Quantum Delta NL").focus()
    page.keyboard.press("Space")
    picker.get_by_role("button", name="Compare hubs").press("Enter")

    # The picker sends the hubs in its own order (by economy): Europe's before America's.
    page.wait_for_url(f"**/compare/?hubs={QDNL}&hubs={CQE}")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-members')")
    assert page.get_by_role("columnheader", name="Quantum Delta NL").first.is_visible()


def test_the_compare_page_says_what_is_wrong_with_one_hub(page, page_watch, site_url):
    page_watch.allow_console_error(r"status of 400")  # the page answers 400, on purpose

    page.goto(f"{site_url}/compare/?hubs={CQE}")

    assert page.get_by_role("alert").inner_text().count("Choose at least 2 to compare") == 1
    assert page.locator("canvas").count() == 0


def test_the_compare_page_fits_a_phone(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})

    charts = open_compare(page, f"{site_url}/compare/?regions=us,eu,cn")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert all(chart["width"] > 0 for chart in charts.values())
