"""Cells a spreadsheet would run as a formula get an apostrophe; numbers stay numbers. Every
CSV the site writes is checked with such records in tests/hostile/cases.py."""

import pytest

from atlas.csv_cells import spreadsheet_safe

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
        ("1e5", "1e5"),
        ("-inf", "'-inf"),
        ("-nan", "'-nan"),
        ("-1_000", "'-1_000"),
        ("-١٢", "'-١٢"),
        ("- 1", "'- 1"),
        (-4, -4),
        (None, None),
        ("Quantum Delta NL", "Quantum Delta NL"),
    ],
)
def test_formula_cells_get_an_apostrophe_and_numbers_stay_numbers(value, written):
    assert spreadsheet_safe(value) == written
