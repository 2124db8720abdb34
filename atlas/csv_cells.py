"""Cells a spreadsheet would run as a formula (OWASP "CSV injection"): text that starts with
=, +, -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
text. A number, negative ones included, stays a number."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not is_number(value):
        return "'" + value
    return value


def spreadsheet_safe_rows(rows):
    for row in rows:
        yield [spreadsheet_safe(cell) for cell in row]
