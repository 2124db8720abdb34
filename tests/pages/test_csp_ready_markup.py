"""Every public page keeps to the markup a strict Content-Security-Policy allows: no inline
executable script, no style attribute, no event-handler attribute, nothing from another host."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/hubs/",
    "/hubs/?region=eu&technology=computing",
    "/hubs/quantum-delta-nl/",
    "/hubs/national-taiwan-university-ibm-quantum-hub/",
    "/incubators/",
    "/incubators/duality/",
    "/organizations/",
    "/organizations/argonne-national-laboratory/",
    "/regions/",
    "/regions/eu/",
    "/insights/",
    "/compare/?hubs=chicago-quantum-exchange,quantum-delta-nl",
    "/compare/?regions=us,eu,cn",
    "/embed/map/",
    "/data/",
    "/zh-hans/data/",
    "/zh-hans/",
    "/zh-hans/hubs/quantum-delta-nl/",
]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
OFF_SITE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\s(?:src|href)=["']https?://""", re.I)


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_no_inline_script_or_style(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    for attributes, content in SCRIPT_TAG.findall(body):
        # JSON and JSON-LD are data blocks: a browser never runs them.
        is_data = attributes.strip() == 'type="application/ld+json"' or (
            'type="application/json"' in attributes
        )
        assert is_data or ("src=" in attributes and not content.strip()), attributes
    assert not STYLE_ATTRIBUTE.search(body)
    assert not EVENT_ATTRIBUTE.search(body)
    assert not OFF_SITE.search(body)
