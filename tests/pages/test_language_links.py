"""The language switcher links to this site only, whatever path a 404 page was asked for."""

import re

import pytest

from atlas.context_processors import same_site_path

pytestmark = pytest.mark.django_db

HOSTILE_PATHS = [
    "//evil.example/x",
    "///evil.example/x",
    "/\\evil.example/x",
    "//evil.example",
    "/http://evil.example/x",
    "/zh-hans//evil.example/x",
]


def switcher_links(response):
    return re.findall(r'<a href="([^"]*)" lang="[^"]+" hreflang=', response.content.decode())


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_404_page_switches_language_on_this_site(client, path):
    response = client.get("/", PATH_INFO=path)

    assert response.status_code == 404
    links = switcher_links(response)
    assert len(links) == 2
    for link in links:
        assert link.startswith("/")
        assert not link.startswith(("//", "/\\"))
        assert "evil.example" not in link.split("/")[2:3]


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
