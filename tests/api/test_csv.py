import codecs
import csv
import datetime
import io

import pytest

from hubs.models import Hub
from tests.factories import HubFactory, SiteFactory

pytestmark = pytest.mark.django_db

LISTS = [
    ("/api/v1/hubs/", {}),
    ("/api/v1/hubs/", {"region": "eu"}),
    ("/api/v1/hubs/", {"technology": "computing", "ordering": "-founded"}),
    ("/api/v1/incubators/", {}),
    ("/api/v1/incubators/", {"region": "us"}),
    ("/api/v1/organizations/", {}),
    ("/api/v1/organizations/", {"type": "university"}),
    ("/api/v1/regions/", {}),
    ("/api/v1/technologies/", {}),
    ("/api/v1/sources/", {}),
]


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def json_rows(api, path, params):
    """Every row of the JSON list, page after page (the sources are more than one page)."""
    rows = []
    number = 1
    while True:
        page = api.get(path, {**params, "page_size": 500, "page": number}).json()
        rows += page["results"]
        if page["next"] is None:
            return rows
        number += 1


def as_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(as_cell(item) for item in value)
    return str(value)


def as_csv_row(record):
    """What a JSON record becomes in the CSV: flat cells, `location` as two columns."""
    row = {}
    for key, value in record.items():
        if key == "location":
            longitude, latitude = value or (None, None)
            row["longitude"], row["latitude"] = as_cell(longitude), as_cell(latitude)
        else:
            row[key] = as_cell(value)
    return row


def add_hubs(count):
    for _ in range(count):
        SiteFactory(hub=HubFactory())


@pytest.mark.parametrize(("path", "params"), LISTS)
def test_it_exports_the_rows_of_the_json_list(api, path, params):
    expected = [as_csv_row(record) for record in json_rows(api, path, params)]

    response = api.get(path, {**params, "format": "csv"})

    assert response.status_code == 200
    assert expected
    assert csv_rows(response) == expected
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == list(expected[0])


@pytest.mark.parametrize(
    ("path", "filename"),
    [
        ("/api/v1/hubs/", "atlas-hubs-2026-12-03.csv"),
        ("/api/v1/incubators/", "atlas-incubators-2026-12-03.csv"),
        ("/api/v1/organizations/", "atlas-organizations-2026-12-03.csv"),
        ("/api/v1/regions/", "atlas-regions-2026-12-03.csv"),
        ("/api/v1/technologies/", "atlas-technologies-2026-12-03.csv"),
        ("/api/v1/sources/", "atlas-sources-2026-12-03.csv"),
        ("/api/v1/hubs.csv", "atlas-hubs-2026-12-03.csv"),
    ],
)
def test_it_downloads_utf8_csv_as_a_named_file(api, path, filename, on_the_third):
    response = api.get(path, {} if path.endswith(".csv") else {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.fixture
def on_the_third(monkeypatch):
    moment = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr("atlas.api.views.timezone.now", lambda: moment)


@pytest.mark.parametrize(
    ("params", "filename"),
    [
        ({"region": "eu"}, "atlas-hubs-eu-2026-12-03.csv"),
        (
            {"technology": ["computing", "software"], "kind": "alliance-consortium"},
            "atlas-hubs-computing-software-alliance-consortium-2026-12-03.csv",
        ),
        # How the rows are sorted or labelled is not what they are.
        ({"ordering": "-founded", "labels": "en", "q": "Quantum Delta"}, None),
    ],
)
def test_a_csv_file_name_says_which_hubs_and_when(api, params, filename, on_the_third):
    response = api.get("/api/v1/hubs/", {**params, "format": "csv"})

    assert response.status_code == 200
    expected = filename or "atlas-hubs-quantum-delta-2026-12-03.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_its_columns_are_named_for_people_on_request_in_english_and_chinese(api):
    keys = csv_rows(api.get("/api/v1/hubs/", {"format": "csv", "region": "eu"}))
    english = csv_rows(api.get("/api/v1/hubs/", {"format": "csv", "region": "eu", "labels": "en"}))
    chinese = csv_rows(
        api.get("/api/v1/hubs/", {"format": "csv", "region": "eu", "labels": "zh-hans"})
    )
    by_accept_language = csv_rows(
        api.get(
            "/api/v1/hubs/",
            {"format": "csv", "region": "eu", "labels": "human"},
            HTTP_ACCEPT_LANGUAGE="zh-Hans",
        )
    )

    assert list(keys[0])[:2] == ["slug", "name_en"]
    assert {"founded", "city", "funding_amount", "funding_currency", "longitude"} <= set(keys[0])
    assert {"Founded", "City", "Funding amount", "Latitude", "Name (English)"} <= set(english[0])
    assert {"成立年份", "城市", "资助金额"} <= set(chinese[0])
    assert list(by_accept_language[0]) == list(chinese[0])
    # The same cells under other names.
    assert [list(row.values()) for row in english] == [list(row.values()) for row in keys]
    assert [list(row.values()) for row in chinese] == [list(row.values()) for row in keys]


def test_it_refuses_labels_it_does_not_know(api):
    response = api.get("/api/v1/hubs/", {"format": "csv", "labels": "french"})

    assert response.status_code == 400
    assert "labels" in response.content.decode()


def test_the_hub_csv_has_the_founding_year_city_and_funding_the_pages_show(api):
    hub = HubFactory(founded=2019, funding_amount="2500000.00", funding_currency="EUR")
    SiteFactory(hub=hub, city="Delft", is_primary=True)

    rows = csv_rows(api.get("/api/v1/hubs/", {"format": "csv", "q": hub.name_en}))

    (row,) = [row for row in rows if row["slug"] == hub.slug]
    assert (row["founded"], row["city"]) == ("2019", "Delft")
    assert (row["funding_amount"], row["funding_currency"]) == ("2500000.00", "EUR")


def test_it_starts_with_a_byte_order_mark_so_excel_reads_utf8(api):
    response = api.get("/api/v1/hubs/", {"format": "csv"})

    assert response.content.startswith(codecs.BOM_UTF8)
    assert response.content[len(codecs.BOM_UTF8) :].startswith(b"slug,")


def test_it_keeps_chinese_names_intact(api):
    response = api.get("/api/v1/hubs/", {"format": "csv", "region": "eu"})

    assert "量子三角洲".encode() in response.content
    (delta,) = [row for row in csv_rows(response) if row["slug"] == "quantum-delta-nl"]
    assert delta["name_zh"] == "量子三角洲"


def test_it_gives_the_header_row_when_nothing_matches(api):
    response = api.get("/api/v1/hubs/", {"format": "csv", "q": "no hub is called this"})

    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [
        "slug,name_en,name_zh,acronym,kind,economy,region,country,longitude,latitude,city,seat,"
        "technologies,founded,member_count,member_count_unit,member_count_approximate,"
        "funding_amount,funding_currency,url,profile_url"
    ]


def test_it_returns_every_row_beyond_one_page(api):
    add_hubs(60)

    response = api.get("/api/v1/hubs/", {"format": "csv"})

    total = api.get("/api/v1/hubs/").json()["count"]
    assert total == Hub.objects.published().count() > 60
    assert len(csv_rows(response)) == total


def test_it_answers_an_accept_header_for_csv_with_every_row(api):
    add_hubs(60)

    response = api.get("/api/v1/hubs/", HTTP_ACCEPT="text/csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv_rows(response)) == Hub.objects.published().count()


@pytest.mark.parametrize("path", ["/api/v1/hubs/?format=csv", "/api/v1/hubs.csv"])
def test_it_links_each_row_to_its_json_record(api, path):
    (delta,) = [row for row in csv_rows(api.get(path)) if row["slug"] == "quantum-delta-nl"]

    record = api.get(delta["url"])

    assert record.status_code == 200
    assert record["Content-Type"] == "application/json"
    assert record.json()["slug"] == "quantum-delta-nl"


def test_it_reports_a_bad_filter_as_an_error_not_as_a_download(api):
    response = api.get("/api/v1/hubs/", {"format": "csv", "region": "atlantis"})

    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert list(csv_rows(response)[0]) == ["region"]


def test_it_leaves_out_unpublished_hubs(api):
    hidden = HubFactory(published=False)

    rows = csv_rows(api.get("/api/v1/hubs/", {"format": "csv"}))

    assert hidden.slug not in {row["slug"] for row in rows}


@pytest.mark.parametrize("extra", [3, 60])
def test_its_query_count_does_not_grow_with_the_hubs(api, django_assert_max_num_queries, extra):
    add_hubs(extra)

    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/hubs/", {"format": "csv"})

    assert len(csv_rows(response)) > extra


@pytest.mark.parametrize("params", [{"page": "first"}, {"page_size": "0"}, {"page_size": "501"}])
def test_a_wrong_page_or_page_size_is_an_error_even_for_csv(api, params):
    response = api.get("/api/v1/hubs/", {"format": "csv", **params})

    assert response.status_code == 400
    assert list(csv_rows(response)[0]) == list(params)
