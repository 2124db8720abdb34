"""Every page answers hostile input with a 400 or a 404 and a message a person can act on:
the site's own page (the CSV downloads a line of text, the API JSON), never a 500.

The tables say what each case must answer and which words the answer must hold (the
parameter's name or label, or what is wrong). Run them on SQLite and on PostgreSQL: a NUL
byte that reached a query would pass on the one and fail on the other.
"""

import html
import re

import pytest

from atlas.middleware import MAX_URL_LENGTH
from hubs.templatetags.links import web_url

pytestmark = pytest.mark.django_db

HUB = "quantum-delta-nl"
OTHER_HUB = "chicago-quantum-exchange"
INCUBATOR = "quantum-valley-lower-saxony-high-tech-incubator"
CHART = "hubs-by-economy"

PAGES = {
    "home": "/",
    "directory": "/hubs/",
    "hub": f"/hubs/{HUB}/",
    "incubators": "/incubators/",
    "incubator": f"/incubators/{INCUBATOR}/",
    "regions": "/regions/",
    "region": "/regions/eu/",
    "insights": "/insights/",
    "insights-csv": f"/insights/{CHART}.csv",
    "compare": "/compare/",
    "embed": "/embed/map/",
}
LANGUAGES = {"en": "", "zh": "/zh-hans"}


def text(response):
    body = response.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def in_language(language, says):
    """The words to look for on a page in `language`: in Chinese only the parameter's name
    (“q”) stays as it is, the rest is translated."""
    return says if language == "en" else [words for words in says if words.startswith("“")]


def assert_answers(response, status, says, language="en"):
    assert response.status_code == status, (response.status_code, text(response)[:500])
    content_type = response["Content-Type"]
    if content_type.startswith("text/html"):
        # The site's own page (its styles and map settings), not Django's bare one.
        body = response.content.decode()
        assert "<script>alert(1)" not in body
        assert 'href="//' not in body and 'href="/\\' not in body  # no link off the site
        assert "/static/css/atlas.css" in body
        assert 'id="map-config"' in body
        assert f'<html lang="{"en" if language == "en" else "zh-hans"}">' in body
    else:
        assert content_type.startswith("text/csv" if status == 200 else "text/plain")
    for words in in_language(language, says):
        assert words in text(response), (words, text(response)[:500])


# -- what no page should take, whatever parameters it reads -------------------------------------

TOO_LONG = f"at most {MAX_URL_LENGTH}"
# (query string, status, words the answer holds)
REFUSED_QUERIES = {
    "lone-percent": ("%", 400, ["“%”", "percent sign"]),
    "bad-escape-in-name": ("%zz=1", 400, ["“%zz”", "percent sign"]),
    "bad-escape-in-value": ("q=100%", 400, ["“q”", "percent sign"]),
    "latin-1-byte": ("a=%ff", 400, ["“a”", "not valid UTF-8"]),
    "broken-two-byte-sequence": ("q=%C3%28", 400, ["“q”", "not valid UTF-8"]),
    "raw-latin-1-byte": ("q=\xff", 400, ["“q”", "not valid UTF-8"]),
    "nul-in-value": ("q=a%00b", 400, ["“q”", "NUL byte"]),
    "nul-in-name": ("q%00=1", 400, ["“q”", "NUL byte"]),
    "raw-nul": ("q=a\x00b", 400, ["“q”", "NUL byte"]),
    "100-kb-query": ("q=" + "x" * 100_000, 400, ["too long", TOO_LONG, "“q”"]),
    "1001-parameters": ("&".join(["a"] * 1001), 400, ["too many parameters", "“a”"]),
}


def refused_cases():
    for language, prefix in LANGUAGES.items():
        for page, path in PAGES.items():
            for case, (query, status, says) in REFUSED_QUERIES.items():
                yield pytest.param(
                    language, prefix + path, query, status, says, id=f"{language}-{page}-{case}"
                )


@pytest.mark.parametrize(("language", "path", "query", "status", "says"), list(refused_cases()))
def test_every_page_refuses_a_malformed_query(client, language, path, query, status, says):
    assert_answers(client.get(path, QUERY_STRING=query), status, says, language)


# Query strings that are odd but harmless: names no page reads, which are ignored as a
# tracking parameter would be. The page answers as without them.
IGNORED_QUERIES = {
    "empty-pairs": "&&&==",
    "semicolon": ";",
    "brackets-in-name": "country[]=DE",
    "200-unknown-parameters": "&".join(f"x{number}=1" for number in range(200)),
    "sort-is-not-a-parameter": "sort=evil",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("query", IGNORED_QUERIES.values(), ids=IGNORED_QUERIES.keys())
def test_every_page_ignores_parameters_it_does_not_read(client, path, query):
    plain = client.get(path)
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code == plain.status_code == 200
    assert response["Content-Type"] == plain["Content-Type"]


# -- paths ------------------------------------------------------------------------------------

# (path, status, words the answer holds)
REFUSED_PATHS = {
    "nul-in-path": ("/hubs/quantum%00delta/", 400, ["NUL byte"]),
    "nul-in-a-page-path": ("/regions/%00/", 400, ["NUL byte"]),
    "10000-character-path": ("/hubs/" + "a" * 10_000 + "/", 400, ["too long", TOO_LONG, "“path”"]),
    "10000-character-path-and-a-query": (
        "/hubs/" + "a" * 10_000 + "/?q=1",
        400,
        ["too long", TOO_LONG, "“path”"],
    ),
    "unknown-page": ("/no-such-page/", 404, ["There is no page at this address."]),
    "unknown-hub": ("/hubs/no-such-hub/", 404, ["There is no published hub"]),
    "unknown-incubator": ("/incubators/no-such-incubator/", 404, ["no published incubator"]),
    "unknown-region": ("/regions/atlantis/", 404, ["There is no such economy or continent."]),
    "unknown-chart": ("/insights/horoscope.csv", 404, ["There is no such chart."]),
    "invalid-utf-8-slug": ("/hubs/%C3%28/", 404, ["There is no page at this address."]),
    "latin-1-slug": ("/incubators/%FF/", 404, ["There is no page at this address."]),
    "non-ascii-slug": ("/regions/caf%C3%A9/", 404, ["There is no page at this address."]),
    "script-in-slug": (
        "/hubs/%3Cscript%3Ealert(1)%3C/script%3E/",
        404,
        ["There is no page at this address."],
    ),
    "dot-dot-slug": ("/hubs/../../etc/passwd", 404, ["There is no page at this address."]),
    "other-site-path": ("/%2Fevil.example/x", 404, ["There is no page at this address."]),
    "backslash-site-path": ("/\\evil.example/x", 404, ["There is no page at this address."]),
    "scheme-in-path": ("/https://evil.example/x", 404, ["There is no page at this address."]),
}


def path_cases():
    for language, prefix in LANGUAGES.items():
        for case, (path, status, says) in REFUSED_PATHS.items():
            yield pytest.param(language, prefix + path, status, says, id=f"{language}-{case}")


@pytest.mark.parametrize(("language", "path", "status", "says"), list(path_cases()))
def test_every_bad_path_gets_the_sites_own_error_page(client, language, path, status, says):
    assert_answers(client.get(path), status, says, language)


def test_an_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page at this address."}


def test_a_malformed_api_query_answers_json_naming_the_parameter(client):
    response = client.get("/api/v1/hubs/", QUERY_STRING="q=100%")
    assert response.status_code == 400
    assert "percent sign" in response.json()["q"][0]


def test_too_many_api_parameters_answer_json(client):
    response = client.get("/api/v1/hubs/", QUERY_STRING="&".join(["a"] * 1001))
    assert response.status_code == 400
    assert "too many parameters" in response.json()["a"][0]


# -- each page's own parameters -----------------------------------------------------------------

LONG_Q = "x" * 10_000
HUB_FILTERS = {
    # (parameter, value, status, words the answer holds); the labels are the form's.
    "unknown-country": ({"country": "XX"}, 400, ["XX"]),
    "country-name": ({"country": "Germany"}, 400, ["Germany is not one of the available"]),
    "unknown-region": ({"region": "nowhere"}, 400, ["valid choice"]),
    "unknown-technology": ({"technology": "nope"}, 400, ["nope"]),
    "unknown-kind": ({"kind": "castle"}, 400, ["castle"]),
    "unknown-ordering": ({"ordering": "evil"}, 400, ["evil"]),
    "year-as-word": ({"founded_min": "abc"}, 400, ["whole number"]),
    "negative-year": ({"founded_max": "-1"}, 400, ["greater than or equal to 0"]),
    "year-in-exponent": ({"founded_min": "1e9"}, 400, ["whole number"]),
    "year-as-list": ({"founded_min": "[]"}, 400, ["whole number"]),
    "bbox-as-list": ({"bbox": "[]"}, 400, ["min_lon,min_lat,max_lon,max_lat"]),
    "bbox-with-nan": ({"bbox": "nan,0,1,1"}, 400, ["min_lon,min_lat,max_lon,max_lat"]),
    "maybe-location": ({"has_location": "maybe"}, 400, ["true or false"]),
    "201-character-search": ({"q": "x" * 201}, 400, ["at most 200 characters"]),
    "10-kb-search": ({"q": LONG_Q}, 400, ["too long", "“q”"]),
    "200-unknown-technologies": (
        {"technology": [f"nope{number}" for number in range(200)]},
        400,
        ["Select a valid choice. nope"],
    ),
    "200-times-the-same-country": ({"country": ["DE"] * 200}, 200, []),
    "script-in-search": ({"q": "<script>alert(1)</script>"}, 200, []),
}
PAGE_NUMBERS = {
    "word": ("abc", 400, ["Give a page number from 1."]),
    "negative": ("-1", 400, ["Give a page number from 1."]),
    "zero": ("0", 400, ["Give a page number from 1."]),
    "exponent": ("1e9", 400, ["Give a page number from 1."]),
    "list": ("[]", 400, ["Give a page number from 1."]),
    "superscript-two": ("²", 400, ["Give a page number from 1."]),
    "empty": ("", 400, ["Give a page number from 1."]),
    "past-the-last": ("1000000000", 404, ["There is no page 1000000000"]),
    "thirty-digits": ("9" * 30, 404, ["There is no page"]),
}
FILTERED_PAGES = {
    "directory": "/hubs/",
    "embed": "/embed/map/",
    "insights": "/insights/",
    "insights-csv": f"/insights/{CHART}.csv",
}


def filter_cases():
    for page, path in FILTERED_PAGES.items():
        for case, (params, status, says) in HUB_FILTERS.items():
            yield pytest.param(path, params, status, says, id=f"{page}-{case}")
    for case, (value, status, says) in PAGE_NUMBERS.items():
        for page, path in {"directory": "/hubs/", "incubators": "/incubators/"}.items():
            yield pytest.param(path, {"page": value}, status, says, id=f"{page}-page-{case}")
    incubator_filters = {
        "unknown-status": ({"status": "sleeping"}, 400, ["sleeping"]),
        "unknown-country": ({"country": "XX"}, 400, ["XX"]),
        "unknown-region": ({"region": "nowhere"}, 400, ["valid choice"]),
        "201-character-search": ({"q": "x" * 201}, 400, ["at most 200 characters"]),
        "10-kb-search": ({"q": LONG_Q}, 400, ["too long", "“q”"]),
    }
    for case, (params, status, says) in incubator_filters.items():
        yield pytest.param("/incubators/", params, status, says, id=f"incubators-{case}")
    insights = {
        "unknown-grouping": ({"grouping": "evil"}, 400, ["evil"]),
        "grouping-as-list": ({"grouping": "[]"}, 400, ["[]"]),
    }
    for case, (params, status, says) in insights.items():
        for page in ("insights", "insights-csv"):
            yield pytest.param(FILTERED_PAGES[page], params, status, says, id=f"{page}-{case}")


@pytest.mark.parametrize(("path", "params", "status", "says"), list(filter_cases()))
def test_a_bad_filter_is_refused_with_a_message_naming_it(client, path, params, status, says):
    assert_answers(client.get(path, params), status, says)


COMPARISONS = {
    "one-hub": ({"hubs": HUB}, ["at least 2", "1 chosen"]),
    "the-same-hub-twice": ({"hubs": f"{HUB},{HUB}"}, ["at least 2", "1 chosen"]),
    "the-same-hub-repeated": ({"hubs": [HUB, HUB]}, ["at least 2", "1 chosen"]),
    "hubs-as-a-list": ({"hubs": "[]"}, ["at least 2", "1 chosen"]),
    "five-hubs": ({"hubs": "a,b,c,d,e"}, ["at most 4", "5 chosen"]),
    "unknown-hubs": ({"hubs": f"{HUB},nope"}, ["Unknown or unpublished hub: nope."]),
    "unknown-economies": ({"regions": "us,atlantis"}, ["Unknown economy: atlantis."]),
    "one-economy": ({"regions": "us"}, ["at least 2"]),
    "hubs-and-economies": (
        {"hubs": f"{HUB},{OTHER_HUB}", "regions": "us,eu"},
        ["not both at once"],
    ),
    "script-as-hub": ({"hubs": f"{HUB},<script>alert(1)</script>"}, ["<script>alert(1)</script>"]),
    "10-kb-of-hubs": ({"hubs": ",".join(["a"] * 5000)}, ["too long", "“hubs”"]),
}


@pytest.mark.parametrize(("params", "says"), COMPARISONS.values(), ids=COMPARISONS.keys())
def test_compare_refuses_a_bad_choice_with_a_message(client, params, says):
    assert_answers(client.get("/compare/", params), 400, says)


def test_a_host_that_is_not_allowed_gets_the_sites_400_page(client):
    response = client.get("/hubs/", HTTP_HOST="evil.example")
    assert_answers(response, 400, ["The request could not be understood."])


# -- stored addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "linked"),
    [
        ("https://example.org/", True),
        ("HTTP://example.org/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/", False),
        ("", False),
    ],
)
def test_only_a_web_address_becomes_a_link(stored, linked):
    assert bool(web_url(stored)) is linked
