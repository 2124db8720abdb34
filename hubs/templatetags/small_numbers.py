"""A figure computed from a few hubs, shown with how many (n) and, below FEW_HUBS, marked:
an average over one hub is one hub's count, not a trend."""

from django import template

from ..charts import FEW_HUBS

register = template.Library()


@register.inclusion_tag("hubs/includes/counted.html")
def counted(value, n):
    """`value` (already formatted) followed by "(n=…)" and the few-hubs marker."""
    return {"value": value, "n": n, "few": n is not None and n < FEW_HUBS}


@register.inclusion_tag("hubs/includes/few_hubs_note.html")
def few_hubs_note():
    return {"few_hubs": FEW_HUBS}
