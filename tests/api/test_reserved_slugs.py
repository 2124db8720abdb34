"""A slug the API's routes take after a record list (an action such as /hubs/map/, or a path
before the router such as /hubs/facets/) is reserved: a record with it could be created but
then neither read, changed nor deleted at its address. The words come from the routes, so a
new action cannot be forgotten in RESERVED_SLUGS."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from atlas.api.router import router
from hubs.validators import RESERVED_SLUGS
from tests.factories import HubFactory, IncubatorFactory, OrganizationFactory

SLUGGED = {"hubs": HubFactory, "incubators": IncubatorFactory, "organizations": OrganizationFactory}


def action_paths():
    for prefix, viewset, _basename in router.registry:
        for action in viewset.get_extra_actions():
            if not action.detail:
                yield prefix, action.url_path


def paths_under_lists(patterns=None, prefix=""):
    """`<list>/<word>/` paths of the API, the router's and those before it (hubs/facets/)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from paths_under_lists(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/"):
            parts = route.replace("^", "").replace("$", "").strip("/").split("/")
            if len(parts) >= 2 and parts[-2] in SLUGGED and parts[-1].isidentifier():
                yield parts[-2], parts[-1]


def route_words():
    return sorted({*action_paths(), *paths_under_lists()})


def test_the_walk_finds_the_known_actions():
    assert {("hubs", "map"), ("hubs", "geojson"), ("hubs", "facets")} <= set(route_words())
    assert ("incubators", "geojson") in route_words()


@pytest.mark.parametrize(("prefix", "word"), route_words())
def test_every_word_a_route_takes_after_a_list_is_reserved(prefix, word):
    assert word in RESERVED_SLUGS


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
@pytest.mark.parametrize("kind", SLUGGED)
def test_no_record_takes_a_reserved_slug(kind, slug):
    with pytest.raises(ValidationError) as raised:
        SLUGGED[kind].build(slug=slug).full_clean()
    assert "reserved" in raised.value.message_dict["slug"][0]
