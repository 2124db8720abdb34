"""Cells a spreadsheet would run as a formula (OWASP "CSV injection"): text that starts with
=, +, -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
text. A number, negative ones included, stays a number."""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as spreadsheets read one. Python's float() takes more ("-inf", "-nan", "-1_000",
# "-١٢" in Arabic-Indic digits), which a spreadsheet would read as a formula.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_number(text):
    return NUMBER.fullmatch(text) is not None


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not is_number(value):
        return "'" + value
    return value


def spreadsheet_safe_rows(rows):
    for row in rows:
        yield [spreadsheet_safe(cell) for cell in row]
