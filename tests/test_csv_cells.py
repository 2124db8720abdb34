"""Every CSV the site writes neutralises cells a spreadsheet would run as a formula."""

import csv
import io

import pytest

from atlas.csv_cells import spreadsheet_safe
from tests.factories import HubFactory, SiteFactory

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1+2", "'+1+2"),
        ("-1+cmd", "'-1+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12", "-12"),
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        (-4, -4),
        (None, None),
        ("Quantum Delta NL", "Quantum Delta NL"),
    ],
)
def test_formula_cells_get_an_apostrophe_and_numbers_stay_numbers(value, written):
    assert spreadsheet_safe(value) == written


def cells(response):
    text = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))) for cell in row]


@pytest.mark.django_db
def test_the_hub_list_csv_neutralises_a_formula_name(client):
    SiteFactory(hub=HubFactory(name_en=FORMULA))

    response = client.get("/api/v1/hubs/", {"format": "csv"})

    assert response.status_code == 200
    assert "'" + FORMULA in cells(response)
    assert FORMULA not in cells(response)


@pytest.mark.django_db
@pytest.mark.parametrize("chart", ["hubs-by-economy", "members-by-economy", "average-members"])
def test_the_insights_csv_neutralises_a_formula_name(client, monkeypatch, chart):
    # The insights name economies, not hubs; a hostile name reaches them the same way.
    monkeypatch.setattr("hubs.views.insights.row_name", lambda row: FORMULA)
    HubFactory(name_en=FORMULA)

    response = client.get(f"/insights/{chart}.csv")

    assert response.status_code == 200
    written = cells(response)
    assert "'" + FORMULA in written
    assert not [cell for cell in written if cell.startswith(("=", "@", "\t", "\r"))]
