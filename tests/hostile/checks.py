"""What a case checks beyond its status: each factory returns a check(response, world) that
fails with the response's words when the answer is wrong."""

import csv
import html
import io
import re
from urllib.parse import urljoin, urlsplit

from atlas.csv_cells import FORMULA_STARTS, is_number

from .world import BOX


def text(response):
    body = body_of(response)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def media_type(response):
    return response.get("Content-Type", "").split(";")[0]


def names(*parameters):
    """A JSON error body holding a message for each parameter (and, as JSON errors of the
    GeoJSON endpoints are, plain JSON)."""

    def check(response, world):
        assert media_type(response) == "application/json", response.get("Content-Type")
        body = response.json()
        for parameter in parameters:
            assert parameter in body, body
            messages = body[parameter]
            assert messages and all(isinstance(message, str) for message in messages), body

    return check


def only_names(*parameters):
    """The JSON error names exactly these parameters, each as unknown."""

    def check(response, world):
        assert "json" in response["Content-Type"], response["Content-Type"]
        assert response.json() == {name: ["Unknown parameter."] for name in parameters}

    return check


def detail(words):
    def check(response, world):
        assert media_type(response) == "application/json", response.get("Content-Type")
        assert response.json() == {"detail": words}

    return check


def says(*words):
    def check(response, world):
        for word in words:
            assert word in text(response), (word, text(response)[:500])

    return check


def media(expected):
    def check(response, world):
        assert media_type(response) == expected, response.get("Content-Type")

    return check


def site_page(language="en"):
    """The site's own HTML page (its styles, its map settings, its language), linking
    nowhere off the site and running no script it was sent."""

    def check(response, world):
        assert media_type(response) == "text/html", response.get("Content-Type")
        body = body_of(response)
        assert "<script>alert(1)" not in body
        assert 'href="//' not in body and 'href="/\\' not in body
        assert "/static/css/atlas.css" in body
        assert 'id="map-config"' in body
        assert f'<html lang="{"en" if language == "en" else "zh-hans"}">' in body

    return check


def not_reflected(raw):
    """`raw` (a script, say) is nowhere in the body as it was sent."""

    def check(response, world):
        assert raw not in body_of(response)

    return check


def location(url):
    def check(response, world):
        assert response["Location"] == url

    return check


def allows(method, *, not_method=None):
    def check(response, world):
        allowed = {part.strip() for part in response["Allow"].split(",")}
        assert method in allowed, allowed
        assert not_method not in allowed, allowed

    return check


def security_headers(*, policy_default="'self'"):
    """CSP without inline scripts, framed by no one, no sniffing: on a page, a static file
    and an error alike."""

    def check(response, world):
        policy = {}
        for directive in re.split(r"[;,]", response["Content-Security-Policy"]):
            if directive.strip():
                name, *sources = directive.split()
                policy.setdefault(name.lower(), sources)
        assert policy["frame-ancestors"] == ["'none'"], policy
        assert policy["default-src"] == [policy_default], policy
        assert "'unsafe-inline'" not in policy.get("script-src", [])
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"

    return check


def same_site_links():
    """The language switcher links both languages, on this site only."""

    def check(response, world):
        links = re.findall(r'<a href="([^"]*)" lang="[^"]+" hreflang=', body_of(response))
        assert len(links) == 2, links
        for link in links:
            # Browsers read a backslash as a slash.
            target = urlsplit(urljoin("https://testserver/", link.replace("\\", "/")))
            assert link.startswith("/") and target.netloc == "testserver", link

    return check


# -- CSV ----------------------------------------------------------------------------------------


def cells(response):
    rows = csv.reader(io.StringIO(body_of(response), newline=""))
    return [cell for row in rows for cell in row]


def neutralised(formula):
    """The CSV writes `formula` behind an apostrophe, and no cell starts a formula."""

    def check(response, world):
        assert media_type(response) == "text/csv", response.get("Content-Type")
        written = cells(response)
        assert "'" + formula in written or any(
            cell.startswith("'" + formula) for cell in written
        ), [cell for cell in written if formula.strip() in cell][:5]
        running = [c for c in written if c.startswith(FORMULA_STARTS) and not is_number(c)]
        assert not running, running[:5]

    return check


def numbers_stay_numbers(*numbers):
    """Numbers, negative ones too, are written as numbers: no apostrophe before them."""

    def check(response, world):
        written = cells(response)
        for number in numbers:
            assert number in written, number
        assert not [c for c in written if c.startswith("'") and is_number(c[1:])]

    return check


# -- the contract ---------------------------------------------------------------------------


def inside(longitude, latitude, box=BOX):
    min_lon, min_lat, max_lon, max_lat = box
    return min_lat <= latitude <= max_lat and (
        min_lon <= longitude <= max_lon
        if min_lon <= max_lon
        else longitude >= min_lon or longitude <= max_lon
    )


def features_inside(box=BOX, *, hub=None, cities=None):
    """Every feature of the GeoJSON is inside the box; `hub`'s are those in `cities`."""

    def check(response, world):
        features = response.json()["features"]
        assert features
        outside = [f for f in features if not inside(*f["geometry"]["coordinates"], box=box)]
        assert not outside, outside[:3]
        if hub:
            mine = [f["properties"] for f in features if f["properties"]["slug"] == hub]
            assert [properties["site_city"] for properties in mine] == cities, mine

    return check


def points_inside(box=BOX, *, hub=None, positions=None):
    """Every point of the compact map is inside the box; `hub`'s are at `positions`."""

    def check(response, world):
        data = response.json()
        points = data["points"]
        assert points
        assert all(inside(longitude, latitude, box) for longitude, latitude, _ in points)
        if hub:
            index = [slug for slug, *_ in data["hubs"]].index(hub)
            assert [point[:2] for point in points if point[2] == index] == positions

    return check


def no_hidden_source():
    """No source cited only by unpublished records shows, as a row or as a title."""

    def check(response, world):
        body = body_of(response)
        for source in world.hidden_sources:
            assert source.title not in body, source.title
        if media_type(response) == "application/json":
            listed = {row["id"] for row in response.json()["results"]}
            assert listed and listed.isdisjoint(s.pk for s in world.hidden_sources)

    return check


def count(expected):
    def check(response, world):
        assert response.json()["count"] == expected, response.json()["count"]

    return check
