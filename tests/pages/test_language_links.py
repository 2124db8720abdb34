"""The language switcher links to this site only, whatever path a 404 page was asked for
(the hostile paths: tests/hostile/cases.py)."""

import re

import pytest

from atlas.context_processors import same_site_path

pytestmark = pytest.mark.django_db


def switcher_links(response):
    return re.findall(r'<a href="([^"]*)" lang="[^"]+" hreflang=', response.content.decode())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("//evil.example/x", "/evil.example/x"),
        ("/\\/evil.example", "/evil.example"),
        ("/hubs/?q=1", "/hubs/?q=1"),
        ("/", "/"),
    ],
)
def test_same_site_path(path, expected):
    assert same_site_path(path) == expected


def test_an_ordinary_page_still_links_its_translation(client):
    links = switcher_links(client.get("/hubs/"))

    assert links == ["/hubs/", "/zh-hans/hubs/"]
