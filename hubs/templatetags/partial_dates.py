import datetime

from django import template
from django.utils.formats import date_format

from atlas.bilingual import in_chinese

register = template.Library()


@register.filter
def partial_date(value):
    """A YYYY, YYYY-MM or YYYY-MM-DD string (sources, "member count as of") as Chinese pages
    write dates: 2024-08-30 → 2024年8月30日, 2022-12 → 2022年12月. English pages keep the ISO
    form the sources use; a bare year stays as it is."""
    text = str(value or "")
    if not in_chinese():
        return value
    try:
        if len(text) == 10:
            return date_format(datetime.date.fromisoformat(text), "DATE_FORMAT")
        if len(text) == 7:
            return date_format(datetime.date.fromisoformat(f"{text}-01"), "YEAR_MONTH_FORMAT")
    except ValueError:
        pass
    return value
