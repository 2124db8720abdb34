import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What json_script escapes: no "</script>" or "<!--" can close or bend the element.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """A JSON-LD block: a data element browsers never run (so the page's Content-Security-
    Policy needs no nonce for it), escaped as json_script escapes."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True).translate(ESCAPES)
    # Safe: json.dumps output with the three characters HTML could read escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
