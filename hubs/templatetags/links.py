from urllib.parse import urlsplit

from django import template

register = template.Library()

WEB_SCHEMES = {"http", "https"}


@register.filter
def web_url(value):
    """`value` when it is an http(s) address, else "". The models' URL fields validate that,
    but a value that skipped validation (a raw import, a SQL edit) must still never become a
    javascript: or data: link. urlsplit drops the tabs and newlines a browser would too."""
    url = str(value or "")
    return url if urlsplit(url.strip()).scheme.lower() in WEB_SCHEMES else ""
