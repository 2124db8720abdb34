"""Every URL of the URLconf answers OPTIONS, HEAD and TRACE without a 5xx, anonymously.
The URLs come from walking the URLconf, so a new one is covered without a line here."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hubs.models import Hub, Organization, Source, TechnologyArea
from incubators.models import Incubator
from regions.models import Region

pytestmark = pytest.mark.django_db

METHODS = ["OPTIONS", "HEAD", "TRACE"]


def named_patterns(patterns=None, namespace="", route=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner, here)
        elif isinstance(entry, URLPattern) and entry.name:
            regex = entry.pattern.regex
            yield namespace + entry.name, here, sorted(regex.groupindex), regex.groups


def first_slug(model, **filters):
    return model.objects.filter(**filters).values_list("slug", flat=True).first()


def value_for(parameter, route):
    """An existing record's key for the parameter, chosen by the list the route is under."""
    slugs = {
        "hubs": lambda: first_slug(Hub, published=True),
        "incubators": lambda: first_slug(Incubator, published=True),
        "organizations": lambda: first_slug(Organization),
        "regions": lambda: first_slug(Region),
        "technologies": lambda: first_slug(TechnologyArea),
    }
    fixed = {
        "format": "json",
        "chart": "hubs-by-economy",
        "pk": lambda: str(Source.objects.values_list("pk", flat=True).first()),
        "object_id": "1",
        "app_label": "hubs",
        "content_type_id": "1",
        "uidb64": "MQ",
        "token": "set-password",
    }
    if parameter == "token" and "suggestions" in route:
        return "t" * 43  # a suggestion's status: no such token, a 404
    if parameter == "slug":
        word = next(word for word in re.findall(r"[a-z]+", route) if word in slugs)
        return slugs[word]()
    value = fixed.get(parameter, "1")
    return value() if callable(value) else value


def urls():
    seen = set()
    for name, route, parameters, groups in named_patterns():
        kwargs = {parameter: value_for(parameter, route) for parameter in parameters}
        try:
            # Unnamed groups (simple-history's admin pages) take ids.
            url = (
                reverse(name, kwargs=kwargs)
                if kwargs or not groups
                else reverse(name, args=["1"] * groups)
            )
        except Exception:  # noqa: BLE001 - a pattern this walk cannot fill is listed below
            url = f"unreversible:{name}:{route}"
        if url not in seen:
            seen.add(url)
            yield url


@pytest.mark.parametrize("method", METHODS)
def test_every_url_answers_without_a_5xx(client, method):
    client.raise_request_exception = False  # a 500 is reported with the others
    failures, checked = {}, []
    for url in urls():
        assert not url.startswith("unreversible:"), url
        response = client.generic(method, url)
        checked.append(url)
        if response.status_code >= 500:
            failures[url] = response.status_code
    assert not failures
    assert len(checked) > 100  # the walk reached the API, the pages and the admin
