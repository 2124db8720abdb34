"""The hostile-input table: what third-party clients and scanners sent the site (issue 12),
and what each request must get. Every case asserts no 5xx, its status, and its checks.

A case is one line:

    case(id, "METHOD /path?raw query", expected status, *checks, who=..., body=...,
         content_type=..., headers={META name: value}, settings={name: value})

- the query string is sent as written (a character below U+0100 stands for its byte), and
  so is the path, percent-escapes decoded as a server would;
- the expected status is a number, a class ("4xx") or a tuple of numbers;
- `who` is anonymous, curator (staff, curator groups, token), ex-staff (the groups without
  the staff flag, token), inactive (token), reader (no permission, token), staff or
  superuser (a session);
- `{name}` in the path is a value of the module's records (tests/hostile/world.py).

The families at the end cross a small table of values (one line each) with every route,
parameter, page or field the code has, so a new endpoint, filter or field is covered
without a new line."""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from rest_framework.relations import ManyRelatedField
from rest_framework.serializers import ListField

from atlas.middleware import MAX_URL_LENGTH
from hubs.api.organizations import OrganizationListSerializer
from hubs.api.serializers import HubWriteSerializer
from hubs.filters import HubFilterSet
from incubators.api.serializers import IncubatorListSerializer
from incubators.filters import IncubatorFilterSet
from tests.api.endpoints import list_routes

from .checks import (
    allows,
    count,
    detail,
    features_inside,
    location,
    media,
    names,
    neutralised,
    no_hidden_source,
    not_reflected,
    numbers_stay_numbers,
    only_names,
    points_inside,
    same_site_links,
    says,
    security_headers,
    site_page,
)
from .world import FORMULA_SITE, FORMULAS, XSS

# One case a line, as written: the formatter would spread each over several.
# fmt: off

HUB = "quantum-delta-nl"
OTHER_HUB = "chicago-quantum-exchange"
INCUBATOR = "quantum-valley-lower-saxony-high-tech-incubator"
ORGANIZATION = "1qbit"
CHART = "hubs-by-economy"
FORM = "application/x-www-form-urlencoded"
NUL = "a\x00b"
TOO_LONG = f"at most {MAX_URL_LENGTH}"
STATIC = {"WHITENOISE_USE_FINDERS": True, "WHITENOISE_AUTOREFRESH": True}
NOT_FOUND = "There is no page at this address."


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str
    query: str
    expect: object
    checks: tuple = ()
    who: str = "anonymous"
    body: object = None
    content_type: str | None = None
    headers: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)

    def __str__(self):
        return self.id


def case(id, request, expect, *checks, body=None, content_type=None, **options):
    method, _, target = request.partition(" ")
    path, _, query = target.partition("?")
    if body is not None and not isinstance(body, str | bytes):
        body = json.dumps(body)
    if body is not None and content_type is None:
        content_type = "application/json"
    return Case(id, method, path, query, expect, checks, body=body, content_type=content_type,
                **options)


def qs(**params):
    return urlencode(params, doseq=True)


def nested(depth, opening="[", closing="]", inside=""):
    return opening * depth + inside + closing * depth


def short(value):
    """A value as a case's id shows it: a long one by its start and length."""
    return value if len(value) <= 20 else f"{value[:12]}...{len(value)}-characters"


def admin_action(action, *ids):
    return qs(action=action, index="0", _selected_action=list(ids))


# -- the contract (issue 12, points 1, 2, 6, 8, 10-14) ---------------------------------------

CONTRACT = [
    # 1. A box's map holds only the sites inside it.
    case("geojson-box-only-sites-inside", "GET /api/v1/hubs/geojson/?bbox=3,50,8,54", 200, features_inside(hub="network-hub", cities=["Delft"])),
    case("geojson-box-with-spaces", "GET /api/v1/hubs/geojson/?bbox=%203,50,%208,54%20", 200, features_inside(hub="network-hub", cities=["Delft"])),
    case("geojson-box-across-the-antimeridian", "GET /api/v1/hubs/geojson/?bbox=170,-60,-60,80", 200, features_inside((170, -60, -60, 80), hub="network-hub", cities=["Chicago"])),
    case("map-box-only-points-inside", "GET /api/v1/hubs/map/?bbox=3,50,8,54", 200, points_inside(hub="network-hub", positions=[[4.36, 52.01]])),
    case("incubator-geojson-box-only-inside", "GET /api/v1/incubators/geojson/?bbox=-10,35,30,70", 200, features_inside((-10, 35, 30, 70))),
    # 2. Unknown parameters: the API names them, the pages ignore them.
    case("api-unknown-typo", "GET /api/v1/hubs/?regoin=eu", 400, only_names("regoin")),
    case("api-unknown-tracking", "GET /api/v1/hubs/?region=eu&utm_source=mail&fbclid=x", 400, only_names("fbclid", "utm_source")),
    case("api-unknown-geojson", "GET /api/v1/hubs/geojson/?technlogy=computing", 400, only_names("technlogy")),
    case("api-unknown-map", "GET /api/v1/hubs/map/?q=x&pge=2", 400, only_names("pge")),
    case("api-unknown-incubators", "GET /api/v1/incubators/?kind=hub", 400, only_names("kind")),
    case("api-unknown-organizations", "GET /api/v1/organizations/?region=eu", 400, only_names("region")),
    case("api-unknown-regions", "GET /api/v1/regions/?q=asia", 400, only_names("q")),
    case("api-unknown-sources", "GET /api/v1/sources/?ordering=id", 400, only_names("ordering")),
    case("api-unknown-technologies", "GET /api/v1/technologies/?page=1&limit=5", 400, only_names("limit")),
    case("api-unknown-stats", "GET /api/v1/stats/?groupng=report", 400, only_names("groupng")),
    case("api-unknown-facets", "GET /api/v1/hubs/facets/?utm_source=x", 400, only_names("utm_source")),
    case("api-unknown-on-a-detail", f"GET /api/v1/hubs/{HUB}/?expand=members", 400, only_names("expand")),
    case("api-unknown-in-a-csv-export", "GET /api/v1/hubs/?format=csv&regoin=eu", 400, media("text/csv"), says("regoin")),
    case("api-unknown-formula-name-in-a-csv-export", "GET /api/v1/hubs/?format=csv&%3Dcmd%7C'%20%2FC%20calc'!A0=1", 400, neutralised("=cmd|' /C calc'!A0")),
    case("page-ignores-utm-and-typos", "GET /hubs/?utm_source=mail&utm_campaign=x&regoin=eu", 200, site_page()),
    case("home-ignores-utm", "GET /?utm_source=mail&fbclid=x", 200, site_page()),
    case("hub-page-ignores-utm", f"GET /hubs/{HUB}/?utm_medium=social", 200, site_page()),
    case("incubators-ignore-utm", "GET /incubators/?fbclid=x&gclid=y", 200, site_page()),
    case("region-page-ignores-utm", "GET /regions/eu/?utm_source=x", 200, site_page()),
    case("compare-ignores-utm", "GET /compare/?utm_source=x", 200, site_page()),
    case("insights-csv-ignores-utm", f"GET /insights/{CHART}.csv?utm_source=x", 200, media("text/csv")),
    case("chinese-page-ignores-utm", "GET /zh-hans/hubs/?utm_source=x", 200, site_page("zh")),
    # 6. Error bodies, 405 before 401, no 301 that turns a write into a read, JSON 404s.
    case("geojson-error-is-plain-json", "GET /api/v1/hubs/geojson/?bbox=not-a-box", 400, names("bbox"), headers={"HTTP_ACCEPT": "application/geo+json"}),
    case("geojson-error-is-plain-json-without-accept", "GET /api/v1/hubs/geojson/?bbox=not-a-box", 400, names("bbox")),
    case("incubator-geojson-error-is-plain-json", "GET /api/v1/incubators/geojson/?bbox=not-a-box", 400, names("bbox"), headers={"HTTP_ACCEPT": "application/geo+json"}),
    case("geojson-unknown-parameter-is-plain-json", "GET /api/v1/incubators/geojson/?x=1", 400, names("x")),
    case("delete-stats-405-not-401", "DELETE /api/v1/stats/", 405, allows("GET", not_method="DELETE")),
    case("put-stats-405", "PUT /api/v1/stats/", 405, allows("GET", not_method="PUT")),
    case("post-stats-405", "POST /api/v1/stats/", 405, allows("GET", not_method="POST")),
    case("post-facets-405", "POST /api/v1/hubs/facets/", 405, allows("GET", not_method="POST")),
    case("delete-geojson-405", "DELETE /api/v1/hubs/geojson/", 405, allows("GET", not_method="DELETE")),
    case("post-map-405", "POST /api/v1/hubs/map/", 405, allows("GET", not_method="POST")),
    case("delete-hub-list-405", "DELETE /api/v1/hubs/", 405, allows("GET", not_method="DELETE")),
    case("post-technologies-405", "POST /api/v1/technologies/", 405, allows("GET", not_method="POST")),
    case("delete-sources-405", "DELETE /api/v1/sources/", 405, allows("GET", not_method="DELETE")),
    case("put-regions-405", "PUT /api/v1/regions/", 405, allows("GET", not_method="PUT")),
    case("propfind-405", "PROPFIND /api/v1/hubs/", 405, allows("GET")),
    case("post-without-slash-308", "POST /api/v1/hubs?kind=alliance", 308, location("/api/v1/hubs/?kind=alliance")),
    case("put-without-slash-308", "PUT /api/v1/hubs?kind=alliance", 308, location("/api/v1/hubs/?kind=alliance")),
    case("patch-list-without-slash-308", "PATCH /api/v1/hubs?kind=alliance", 308, location("/api/v1/hubs/?kind=alliance")),
    case("delete-list-without-slash-308", "DELETE /api/v1/hubs?kind=alliance", 308, location("/api/v1/hubs/?kind=alliance")),
    case("patch-without-slash-308", f"PATCH /api/v1/hubs/{HUB}", 308, location(f"/api/v1/hubs/{HUB}/")),
    case("delete-without-slash-308", f"DELETE /api/v1/hubs/{HUB}", 308, location(f"/api/v1/hubs/{HUB}/")),
    case("get-without-slash-308", "GET /api/v1/hubs?kind=alliance", 308, location("/api/v1/hubs/?kind=alliance")),
    case("curator-post-without-slash-308", "POST /api/v1/hubs", 308, location("/api/v1/hubs/"), who="curator", body={"name_en": "x"}),
    case("post-stats-without-slash-308", "POST /api/v1/stats", 308, location("/api/v1/stats/")),
    case("post-api-root-without-slash-308", "POST /api/v1", 308, location("/api/v1/")),
    case("unknown-api-path-json-404", "GET /api/v1/nothing-here/", 404, detail(NOT_FOUND)),
    case("unknown-api-path-without-slash-json-404", "GET /api/v1/nothing/here", 404, detail(NOT_FOUND)),
    case("too-deep-api-path-json-404", "GET /api/v1/hubs/a/b/c/", 404, detail(NOT_FOUND)),
    case("unknown-api-path-json-404-with-debug", "GET /api/v1/nothing-here/", 404, detail(NOT_FOUND), settings={"DEBUG": True}),
    case("unknown-api-path-without-slash-json-404-with-debug", "GET /api/v1/nothing/here", 404, detail(NOT_FOUND), settings={"DEBUG": True}),
    case("too-deep-api-path-json-404-with-debug", "GET /api/v1/hubs/a/b/c/", 404, detail(NOT_FOUND), settings={"DEBUG": True}),
    case("post-to-unknown-api-path-json-404", "POST /api/v1/nothing-here/", 404, detail(NOT_FOUND), body={}),
    case("unknown-hub-json-404", "GET /api/v1/hubs/no-such-hub/", 404, media("application/json")),
    case("non-number-source-id-404", "GET /api/v1/sources/abc/", 404, media("application/json")),
    case("64-bit-source-id-404", "GET /api/v1/sources/9223372036854775808/", 404, media("application/json")),
    case("30-digit-source-id-404", f"GET /api/v1/sources/{'9' * 30}/", 404, media("application/json")),
    case("negative-source-id-404", "GET /api/v1/sources/-1/", 404, media("application/json")),
    # 8. OPTIONS, HEAD and TRACE on the documentation (tests/test_every_url_methods.py walks
    # every other URL).
    case("options-docs", "OPTIONS /api/v1/docs/", 200),
    case("options-redoc", "OPTIONS /api/v1/redoc/", 200),
    case("options-schema", "OPTIONS /api/v1/schema/", 200),
    case("options-api-root", "OPTIONS /api/v1/", 200),
    case("head-docs", "HEAD /api/v1/docs/", 200),
    case("head-docs-script", "HEAD /api/v1/docs/?script", 200),
    case("head-redoc", "HEAD /api/v1/redoc/", 200),
    case("head-schema", "HEAD /api/v1/schema/", 200),
    case("trace-docs", "TRACE /api/v1/docs/", 405),
    case("trace-redoc", "TRACE /api/v1/redoc/", 405),
    case("trace-schema", "TRACE /api/v1/schema/", 405),
    case("trace-hubs", "TRACE /api/v1/hubs/", 405),
    case("options-docs-with-a-script-query", "OPTIONS /api/v1/docs/?script=%3Cscript%3E", 200),
    # 10. The 404 page's language switcher links this site only.
    case("switcher-double-slash", "GET //evil.example/x", 404, same_site_links(), site_page()),
    case("switcher-triple-slash", "GET ///evil.example/x", 404, same_site_links(), site_page()),
    case("switcher-backslash", "GET /\\evil.example/x", 404, same_site_links(), site_page()),
    case("switcher-host-only", "GET //evil.example", 404, same_site_links(), site_page()),
    case("switcher-scheme", "GET /http://evil.example/x", 404, same_site_links(), site_page()),
    case("switcher-chinese-double-slash", "GET /zh-hans//evil.example/x", 404, same_site_links(), site_page("zh")),
    case("switcher-encoded-slashes", "GET /%2F%2Fevil.example/x", 404, same_site_links(), site_page()),
    case("switcher-backslash-slash", "GET /\\/evil.example", 404, same_site_links(), site_page()),
    case("switcher-tab-slashes", "GET /\t//evil.example/x", 404, same_site_links(), site_page()),
    # 11. Slugs the API's routes take are reserved.
    case("post-hub-slug-map", "POST /api/v1/hubs/", 400, names("slug"), who="curator", body={"slug": "map", "name_en": "Map", "kind": "alliance", "country": "US"}),
    case("post-hub-slug-geojson", "POST /api/v1/hubs/", 400, names("slug"), who="curator", body={"slug": "geojson", "name_en": "G", "kind": "alliance", "country": "US"}),
    case("post-hub-slug-facets", "POST /api/v1/hubs/", 400, names("slug"), who="curator", body={"slug": "facets", "name_en": "F", "kind": "alliance", "country": "US"}),
    case("patch-hub-slug-facets", f"PATCH /api/v1/hubs/{HUB}/", 400, names("slug"), who="curator", body={"slug": "facets"}),
    case("post-incubator-slug-geojson", "POST /api/v1/incubators/", 400, names("slug"), who="curator", body={"slug": "geojson", "name_en": "G", "status": "active"}),
    case("post-organization-slug-map", "POST /api/v1/organizations/", 400, names("slug"), who="curator", body={"slug": "map", "name": "Map", "type": "company"}),
    # 12. Writes need an active staff user with the model permission.
    case("curator-writes", f"PATCH /api/v1/hubs/{HUB}/", 200, who="curator", body={"acronym": "QDNL"}),
    case("ex-staff-post-403", "POST /api/v1/hubs/", 403, who="ex-staff", body={"slug": "x", "name_en": "x", "kind": "alliance", "country": "US"}),
    case("ex-staff-patch-403", f"PATCH /api/v1/hubs/{HUB}/", 403, who="ex-staff", body={"acronym": "X"}),
    case("ex-staff-put-403", f"PUT /api/v1/hubs/{HUB}/", 403, who="ex-staff", body={"name_en": "X"}),
    case("ex-staff-delete-403", f"DELETE /api/v1/hubs/{HUB}/", 403, who="ex-staff"),
    case("ex-staff-incubator-403", f"PATCH /api/v1/incubators/{INCUBATOR}/", 403, who="ex-staff", body={"city": "X"}),
    case("ex-staff-organization-403", "POST /api/v1/organizations/", 403, who="ex-staff", body={"slug": "x", "name": "x", "type": "company"}),
    case("ex-staff-still-reads", f"GET /api/v1/hubs/{HUB}/", 200, who="ex-staff"),
    case("inactive-token-401", f"PATCH /api/v1/hubs/{HUB}/", 401, who="inactive", body={"acronym": "X"}),
    case("inactive-token-read-401", "GET /api/v1/hubs/", 401, who="inactive"),
    case("reader-write-403", f"PATCH /api/v1/hubs/{HUB}/", 403, who="reader", body={"acronym": "X"}),
    case("reader-delete-403", f"DELETE /api/v1/organizations/{ORGANIZATION}/", 403, who="reader"),
    case("anonymous-write-401", f"PATCH /api/v1/hubs/{HUB}/", 401, body={"acronym": "X"}),
    case("unknown-token-401", "GET /api/v1/hubs/", 401, headers={"HTTP_AUTHORIZATION": "Token not-a-token"}),
    case("10-kb-token-401", "GET /api/v1/hubs/", 401, headers={"HTTP_AUTHORIZATION": "Token " + "x" * 10_000}),
    case("token-in-three-words-401", "GET /api/v1/hubs/", 401, headers={"HTTP_AUTHORIZATION": "Token a b"}),
    case("empty-token-401", "GET /api/v1/hubs/", 401, headers={"HTTP_AUTHORIZATION": "Token"}),
    case("latin-1-token-401", "GET /api/v1/hubs/", 401, headers={"HTTP_AUTHORIZATION": "Token \xff\xfe"}),
    case("basic-auth-ignored", "GET /api/v1/hubs/", 200, headers={"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="}),
    # 13. Sources only unpublished records cite are not listed.
    case("sources-list-no-hidden", "GET /api/v1/sources/?page_size=500", 200, no_hidden_source()),
    case("sources-csv-no-hidden", "GET /api/v1/sources/?format=csv", 200, no_hidden_source()),
    case("sources-search-no-hidden", "GET /api/v1/sources/?q=Hidden%20source", 200, count(0)),
    case("hidden-source-detail-404", "GET /api/v1/sources/{hidden_source}/", 404),
    # 14. Security headers on static files and error responses.
    case("static-svg-headers", "GET /static/favicon.svg", 200, security_headers(policy_default="'none'"), settings=STATIC),
    case("static-css-headers", "GET /static/css/atlas.css", 200, security_headers(policy_default="'none'"), settings=STATIC),
    case("static-js-headers", "GET /static/js/atlas-map.js", 200, security_headers(policy_default="'none'"), settings=STATIC),
    case("static-head-headers", "HEAD /static/css/atlas.css", 200, security_headers(policy_default="'none'"), settings=STATIC),
    case("static-missing-404-headers", "GET /static/no-such-file.css", 404, security_headers(), settings=STATIC),
    case("static-traversal-404-headers", "GET /static/../../etc/passwd", 404, security_headers(), settings=STATIC),
    case("static-encoded-traversal-404", "GET /static/%2e%2e/%2e%2e/etc/passwd", 404, security_headers(), settings=STATIC),
    case("bad-host-400-headers", "GET /", 400, security_headers(), site_page(), says("The request could not be understood."), headers={"HTTP_HOST": "evil.example"}),
    case("malformed-query-400-headers", "GET /hubs/?q=%00", 400, security_headers()),
    case("api-malformed-query-400-headers", "GET /api/v1/hubs/?q=%00", 400, security_headers(), names("q")),
    case("page-404-headers", "GET /no-such-page/", 404, security_headers(), site_page()),
    case("api-404-headers", "GET /api/v1/no-such-thing/", 404, security_headers(), headers={"HTTP_ACCEPT": "application/json"}),
    case("api-405-headers", "DELETE /api/v1/stats/", 405, security_headers()),
    case("api-401-headers", "POST /api/v1/hubs/", 401, security_headers(), body={}),
    case("api-403-headers", "POST /api/v1/hubs/", 403, security_headers(), who="ex-staff", body={}),
    case("csv-400-headers", f"GET /insights/{CHART}.csv?grouping=evil", 400, security_headers(), media("text/plain")),
    case("csv-404-headers", "GET /insights/horoscope.csv", 404, security_headers()),
    case("nul-header-400-headers", "GET /hubs/", 400, security_headers(), headers={"HTTP_USER_AGENT": NUL}),
]


# -- hostile bodies -----------------------------------------------------------------------------

# (body, status for a curator); anonymous clients get a 401 before the body is read.
HOSTILE_BODIES = {
    "1000-deep-lists": (nested(1000), 400),
    "1000-deep-objects": (nested(1000, '{"a":', "}", "1"), 400),
    "100000-deep-lists": (nested(100_000), 400),
    "33-deep-lists": (nested(33), 400),
    "1000-deep-in-a-field": ('{"name_en": ' + nested(1000) + "}", 400),
    "unclosed-object": ('{"name_en": ', 400),
    "trailing-comma": ('{"name_en": "x",}', 400),
    "single-quotes": ("{'name_en': 'x'}", 400),
    "not-json": ("name_en=x", 400),
    "null": ("null", 400),
    "a-list": ("[1, 2]", 400),
    "a-string": ('"x"', 400),
    "nan": ('{"member_count": NaN}', 400),
    "infinity": ('{"member_count": Infinity}', 400),
    "1e999": ('{"member_count": 1e999}', 400),
    "30-digit-number": ('{"member_count": ' + "9" * 30 + "}", 400),
    "lone-surrogate-in-a-choice": ('{"kind": "\\ud800"}', 400),
    "lone-surrogate-in-text": ('{"name_en": "\\udfff"}', 400),
    "lone-surrogate-in-a-key": ('{"\\ud800": 1}', 400),
    "invalid-utf-8": (b'{"name_en": "\xff\xfe"}', 400),
    "nul-escape": ('{"name_en": "a\\u0000b"}', 400),
    "object-as-text": ('{"name_en": {"$gt": ""}}', 400),
    "list-as-text": ('{"name_en": ["x"]}', 400),
    "number-as-text": ('{"name_en": 0}', 400),
    "number-as-yes-no": ('{"published": 0}', 400),
    "object-as-technologies": ('{"technologies": {}}', 400),
    "object-as-technology": ('{"technologies": [{"a": 1}]}', 400),
    "text-as-technologies": ('{"technologies": "computing"}', 400),
    "nul-technology": ('{"technologies": ["a\\u0000b"]}', 400),
    "number-as-region": ('{"region": 5}', 400),
    "100-kb-name": (json.dumps({"name_en": "x" * 100_000}), 400),
    "1000-character-slug": (json.dumps({"slug": "a" * 1000}), 400),
    "slug-with-a-script": (json.dumps({"slug": XSS}), 400),
    "negative-member-count": ('{"member_count": -1}', 400),
    "float-member-count": ('{"member_count": 1.5}', 400),
    "year-10000": ('{"founded": 10000}', 400),
    "javascript-website": ('{"website": "javascript:alert(1)"}', 400),
    "reserved-slug-map": ('{"slug": "map"}', 400),
    "reserved-slug-geojson": ('{"slug": "geojson"}', 400),
    "reserved-slug-facets": ('{"slug": "facets"}', 400),
}


def hostile_body_cases():
    for name, (body, status) in HOSTILE_BODIES.items():
        for method, path in [("POST", "/api/v1/hubs/"), ("PATCH", f"/api/v1/hubs/{HUB}/")]:
            yield case(f"curator-{method.lower()}-{name}", f"{method} {path}", status, media("application/json"), who="curator", body=body)
            if "deep" in name:  # the others, too, are refused before the body is read
                yield case(f"anonymous-{method.lower()}-{name}", f"{method} {path}", 401, body=body)
    yield case("curator-post-empty", "POST /api/v1/hubs/", 400, names("slug", "name_en"), who="curator", body="")
    yield case("curator-patch-empty", f"PATCH /api/v1/hubs/{HUB}/", 200, who="curator", body="")  # no change


# (content type, body, status) for a curator's POST of a hub
CONTENT_TYPES = {
    "text-plain": ("text/plain", '{"name_en": "x"}', 415),
    "xml": ("application/xml", "<hub><name_en>x</name_en></hub>", 415),
    "csv": ("text/csv", "name_en\nx\n", 415),
    "geojson": ("application/geo+json", '{"name_en": "x"}', 415),
    "no-content-type": ("", '{"name_en": "x"}', 415),
    "json-as-utf-16": ("application/json; charset=utf-16", '{"name_en": "x"}'.encode("utf-16"), 400),
    "json-unknown-charset": ("application/json; charset=bogus", '{"name_en": "x"}', 400),
    "json-with-bom": ("application/json", b'\xef\xbb\xbf{"name_en": "x"}', 400),
    "form-with-nul": (FORM, "slug=form-hub&name_en=a%00b&kind=alliance&country=US", 400),
    "form-with-invalid-utf-8": (FORM, "slug=form-hub&name_en=%ff&kind=alliance&country=US", 400),
    "form-2000-fields": (FORM, "&".join(["a=1"] * 2000), 400),
    "multipart-broken": ("multipart/form-data; boundary=x", "--x\r\nfoo", 400),
    "multipart-without-boundary": ("multipart/form-data", "--x\r\nfoo", 400),
    "multipart-with-nul": ("multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="name_en"\r\n\r\na\x00b\r\n--x--\r\n', 400),
    "multipart-file-named-with-nul": ("multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="name_en"; filename="a\x00.txt"\r\n\r\nab\r\n--x--\r\n', 400),
    "3-mb-json": ("application/json", '{"name_en": "' + "x" * 3_000_000 + '"}', 400),
}


def content_type_cases():
    for name, (content_type, body, status) in CONTENT_TYPES.items():
        yield case(f"content-type-{name}", "POST /api/v1/hubs/", status, who="curator", body=body, content_type=content_type)


# -- bytes no text should hold: NUL in every parameter, field and header --------------------


def api_parameters(route):
    filterset = route.filterset_class
    yield from filterset.base_filters if filterset else ()
    if route.paginated:
        yield from ("page", "page_size")
    yield "format"


def nul_parameter_cases():
    """A NUL byte in each parameter of each list the API has, and of each page."""
    for route in list_routes():
        for parameter in api_parameters(route):
            yield case(f"nul-api-{route.name}-{parameter}", f"GET {route.path}?{parameter}=a%00b", 400, names(parameter))
    for page, path, parameters in [
        ("directory", "/hubs/", [*HubFilterSet.base_filters, "page"]),
        ("incubators", "/incubators/", [*IncubatorFilterSet.base_filters, "page"]),
        ("insights", "/insights/", [*HubFilterSet.base_filters, "grouping"]),
        ("insights-csv", f"/insights/{CHART}.csv", [*HubFilterSet.base_filters, "grouping"]),
        ("embed", "/embed/map/", list(HubFilterSet.base_filters)),
        ("compare", "/compare/", ["hubs", "regions"]),
    ]:
        for parameter in parameters:
            yield case(f"nul-page-{page}-{parameter}", f"GET {path}?{parameter}=a%00b", 400, site_page(), says(f"“{parameter}”", "NUL byte"))


WRITABLE = [
    ("hub", "POST", "/api/v1/hubs/", HubWriteSerializer),
    ("hub", "PATCH", f"/api/v1/hubs/{HUB}/", HubWriteSerializer),
    ("incubator", "PATCH", f"/api/v1/incubators/{INCUBATOR}/", IncubatorListSerializer),
    ("organization", "POST", "/api/v1/organizations/", OrganizationListSerializer),
    ("organization", "PATCH", f"/api/v1/organizations/{ORGANIZATION}/", OrganizationListSerializer),
]


def nul_field_cases():
    """A NUL byte in each field a curator writes, and in each item of a list field
    (PostgreSQL refuses NUL in text: each must be a 400 naming the field before any query)."""
    for kind, method, path, serializer_class in WRITABLE:
        for name, serializer_field in serializer_class().fields.items():
            if serializer_field.read_only:
                continue
            yield case(f"nul-field-{method.lower()}-{kind}-{name}", f"{method} {path}", 400, names(name), who="curator", body={name: NUL})
            if isinstance(serializer_field, ManyRelatedField | ListField):
                yield case(f"nul-in-list-field-{method.lower()}-{kind}-{name}", f"{method} {path}", 400, names(name), who="curator", body={name: ["computing", NUL]})


HEADERS = [
    "HTTP_USER_AGENT",
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_REFERER",
    "HTTP_AUTHORIZATION",
    "HTTP_COOKIE",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_IF_NONE_MATCH",
    "HTTP_ORIGIN",
    "CONTENT_TYPE",
]


def nul_header_cases():
    for header in HEADERS:
        name = header.removeprefix("HTTP_").replace("_", "-").title()
        yield case(f"nul-header-api-{name}", "GET /api/v1/hubs/", 400, names(name), headers={header: NUL})
        yield case(f"nul-header-page-{name}", "GET /hubs/", 400, site_page(), says(f"“{name}”"), headers={header: NUL})
    # django-axes stores the User-Agent and Accept of a failed login (PostgreSQL!)
    for header in ("HTTP_USER_AGENT", "HTTP_ACCEPT"):
        name = header.removeprefix("HTTP_").replace("_", "-").title()
        yield case(f"nul-header-failed-login-{name}", "POST /admin/login/", 400, says(f"“{name}”"), body="username=someone&password=wrong", content_type=FORM, headers={header: NUL})


COOKIES = {
    "session": 'sessionid="abcdefgh\\000ijklmnop"',
    "csrf": 'csrftoken="a\\000b"',
    "language": 'django_language="zh-hans\\000"',
    "10-kb-session": "sessionid=" + "a" * 10_000,
    "unknown-session": "sessionid=" + "a" * 32,
    "quoted-junk": 'sessionid="\\"\\\\\\";"',
}


def cookie_cases():
    """A cookie this site never sets (a NUL byte, a session it never made) is no session."""
    for name, cookie in COOKIES.items():
        for page, path, answer in [("page", "/hubs/", site_page()), ("api", "/api/v1/hubs/", media("application/json")), ("admin", "/admin/", None)]:
            expect = 302 if page == "admin" else 200
            yield case(f"cookie-{name}-{page}", f"GET {path}", expect, *filter(None, [answer]), headers={"HTTP_COOKIE": cookie})


# -- the query string: what no address should hold --------------------------------------------
# The middleware refuses a malformed address before any view: the site's HTML page, even for
# a CSV download, or the API's JSON.

LIST_PATHS = {route.name: route.path for route in list_routes()}

# (raw query, parameter the API's 400 names); one line each, for every API list.
MALFORMED_API_QUERIES = {
    "nul": ("q=a%00b", "q"),
    "nul-alone": ("country=DE&region=%00", "region"),
    "raw-nul": ("q=a\x00b", "q"),
    "nul-in-name": ("a%00b=1", "ab"),
    "ff": ("q=%FF", "q"),
    "broken-utf-8": ("q=%C3%28", "q"),
    "raw-ff": ("q=\xff", "q"),
    "ff-in-name": ("%FF=1", "\ufffd"),
    "overlong-utf-8": ("q=%C0%AF", "q"),
    "encoded-surrogate": ("q=%ED%A0%80", "q"),
    "lone-percent": ("q=100%", "q"),
    "broken-escape-in-name": ("%zz=1", "%zz"),
    "half-escape": ("q=%2", "q"),
    "1001-parameters": ("&".join(["a"] * 1001), "a"),
}


def malformed_api_query_cases():
    """Every query on the hub list, the first two on every other list."""
    for route, path in LIST_PATHS.items():
        queries = list(MALFORMED_API_QUERIES.items())
        for name, (query, parameter) in queries if route == "hub-list" else queries[:2]:
            yield case(f"malformed-api-{route}-{name}", f"GET {path}?{query}", 400, names(parameter))


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

# (raw query, status, words the answer holds: the parameter's name “q” is kept in Chinese)
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


def in_language(language, words):
    return words if language == "en" else [word for word in words if word.startswith("“")]


def refused_query_cases():
    """Every query on every English page; in Chinese, every query on the directory and the
    first on every other page."""
    for language, prefix in LANGUAGES.items():
        for page, path in PAGES.items():
            queries = list(REFUSED_QUERIES.items())
            if language != "en" and page != "directory":
                queries = queries[:1]
            for name, (query, status, words) in queries:
                yield case(f"refused-{language}-{page}-{name}", f"GET {prefix}{path}?{query}", status, site_page(language), says(*in_language(language, words)))


# Odd but harmless: names no page reads, which are ignored as a tracking parameter is.
IGNORED_QUERIES = {
    "empty-pairs": "&&&==",
    "semicolon": ";",
    "brackets-in-name": "country[]=DE",
    "200-unknown-parameters": "&".join(f"x{number}=1" for number in range(200)),
    "sort-is-not-a-parameter": "sort=evil",
    "page-size-is-not-a-page-parameter": "page_size=-1",
}


def ignored_query_cases():
    for page, path in PAGES.items():
        answer = media("text/csv") if path.endswith(".csv") else site_page()
        for name, query in IGNORED_QUERIES.items():
            yield case(f"ignored-{page}-{name}", f"GET {path}?{query}", 200, answer)


# (path, status, words the answer holds)
REFUSED_PATHS = {
    "nul-in-path": ("/hubs/quantum%00delta/", 400, ["NUL byte"]),
    "nul-in-a-page-path": ("/regions/%00/", 400, ["NUL byte"]),
    "10000-character-path": ("/hubs/" + "a" * 10_000 + "/", 400, ["too long", TOO_LONG, "“path”"]),
    "10000-character-path-and-a-query": ("/hubs/" + "a" * 10_000 + "/?q=1", 400, ["too long", TOO_LONG, "“path”"]),
    "unknown-page": ("/no-such-page/", 404, [NOT_FOUND]),
    "unknown-hub": ("/hubs/no-such-hub/", 404, ["There is no published hub"]),
    "unpublished-hub": ("/hubs/unpublished-hub/", 404, ["There is no published hub"]),
    "unknown-incubator": ("/incubators/no-such-incubator/", 404, ["no published incubator"]),
    "unknown-region": ("/regions/atlantis/", 404, ["There is no such economy or continent."]),
    "unknown-chart": ("/insights/horoscope.csv", 404, ["There is no such chart."]),
    "invalid-utf-8-slug": ("/hubs/%C3%28/", 404, [NOT_FOUND]),
    "encoded-surrogate-slug": ("/hubs/%ED%A0%80/", 404, [NOT_FOUND]),
    "latin-1-slug": ("/incubators/%FF/", 404, [NOT_FOUND]),
    "non-ascii-slug": ("/regions/caf%C3%A9/", 404, [NOT_FOUND]),
    "broken-escape-in-path": ("/hubs/%zz/", 404, [NOT_FOUND]),
    "script-in-slug": ("/hubs/%3Cscript%3Ealert(1)%3C/script%3E/", 404, [NOT_FOUND]),
    "dot-dot-slug": ("/hubs/../../etc/passwd", 404, [NOT_FOUND]),
    "other-site-path": ("/%2Fevil.example/x", 404, [NOT_FOUND]),
    "backslash-site-path": ("/\\evil.example/x", 404, [NOT_FOUND]),
    "scheme-in-path": ("/https://evil.example/x", 404, [NOT_FOUND]),
    "sql-in-slug": ("/hubs/x'%20OR%20'1'='1/", 404, [NOT_FOUND]),
}


def refused_path_cases():
    for language, prefix in LANGUAGES.items():
        for name, (path, status, words) in REFUSED_PATHS.items():
            yield case(f"path-{language}-{name}", f"GET {prefix}{path}", status, site_page(language), says(*in_language(language, words)))
    yield case("path-api-nul", "GET /api/v1/hubs/quantum%00delta/", 400, names("path"))
    yield case("path-api-10000-characters", "GET /api/v1/hubs/" + "a" * 10_000 + "/", 400, names("path"))
    yield case("path-admin-nul", "GET /admin/hubs/hub/%00/change/", 400, says("NUL byte"), who="staff")


# -- each parameter's bad values ------------------------------------------------------------

# The API's filters, from the views' FilterSets: every one needs bad values here.
BAD_VALUES = {
    "bbox": ["1,2,3", "1,2,3,4,5", "a,b,c,d", ",,,", "0,95,1,96", "0,-91,1,0", "181,0,182,1", "nan,0,1,1", "0,0,1,NaN", "0,0,inf,1", "-inf,0,1,1", "0,0,1e999,1", ",".join(["1" * 400] * 4)],
    "country": ["XX", "Germany", "D", "../../etc"],
    "region": ["atlantis", "EU ", "eu;", "*"],
    "parent": ["atlantis"],
    "technology": ["teleportation", "computing,sensing"],
    "kind": ["castle"],
    "status": ["sleeping"],
    "type": ["alien"],
    "role": ["overlord", "founding member"],
    "member_count_unit": ["people", "Companies"],
    # Any slug is a fair question (a hub that does not exist has no members): only what no
    # query may hold is refused.
    "hub": [NUL],
    "ordering": ["colour", "-colour", "name,colour", "slug", "--name", "-", "name;drop", "?"],
    "founded_min": ["abc", "20.5", "-1", "1e400", "99999999999999999999", "nan", "²"],
    "founded_max": ["abc", "-1", "inf", "0x7e4"],
    "has_location": ["maybe", "yes please", "2"],
    "in_article": ["maybe", "named", "2"],
    "verified": ["old", "Recent", "yesterday"],
    "q": ["x" * 201, "x" * 10_000],
    "updated_since": ["yesterday", "2026-13-01", "2026-02-30", "2026-01-01T25:00", "1e9", "²", "2026-01-01T00:00:00+99:00"],
}
# An empty value is "not given", as an HTML form sends it, for filters and paging alike.
PAGINATION_BAD_VALUES = {
    "page_size": ["-1", "0", "501", "abc", "1.5", "1e3", "9" * 30, "5_0", "+5", " 5", "١٢"],
    "page": ["0", "-1", "abc", "1.5", "1e3", "²", "١", "1_0", "+1"],
}


def bad_value_cases():
    """Every bad value of a FilterSet's filters on its first paginated list, the first bad
    value of each filter on every other route it serves; every bad page and page size on
    the first paginated list, the first two on every other."""
    routes = sorted(list_routes(), key=lambda route: not route.paginated)
    first_of_filterset, first_paginated = {}, routes[0]
    for route in routes:
        filterset = route.filterset_class
        every = first_of_filterset.setdefault(filterset, route) is route
        for name in filterset.base_filters if filterset else ():
            for value in BAD_VALUES[name] if every else BAD_VALUES[name][:1]:
                yield case(f"bad-{route.name}-{name}={short(value)}", f"GET {route.path}?{qs(**{name: value})}", 400, names(name))
        if route.paginated:
            for name, values in PAGINATION_BAD_VALUES.items():
                for value in values if route is first_paginated else values[:2]:
                    yield case(f"bad-{route.name}-{name}={short(value)}", f"GET {route.path}?{qs(**{name: value})}", 400, names(name))
            for page in ["9999", "1" + "0" * 30]:
                yield case(f"past-the-last-{route.name}-{short(page)}", f"GET {route.path}?page={page}", 404, names("page"))
        yield case(f"unknown-format-{route.name}", f"GET {route.path}?format=xlsx", 400, names("format"))


# Strings scanners (sqlmap, wapiti) send: (value, hubs a search for it finds). A search finds
# only what holds the words (the hub named XSS holds the script); every other parameter
# refuses them; a page never shows markup it was sent.
INJECTIONS = {
    "sql-quote": ("' OR '1'='1", 0),
    "sql-comment": ("1; DROP TABLE hubs_hub;--", 0),
    "sql-union": ("x' UNION SELECT password FROM auth_user--", 0),
    "sql-sleep": ("1) AND SLEEP(5)#", 0),
    "sql-wildcard": ("%_%", 0),
    "xss-script": (XSS, 1),
    "xss-attribute": ('"><img src=x onerror=alert(1)>', 0),
    "template": ("{{7*7}}{% debug %}", 0),
    "mongo": ('{"$gt": ""}', 0),
}
INJECTED_PARAMETERS = ["region", "technology", "ordering", "page", "bbox", "country"]
INJECTED_PAGE_PARAMETERS = ["region", "ordering", "page"]


def injection_cases():
    for name, (value, hits) in INJECTIONS.items():
        injected = quote(value)
        markup = [not_reflected(value)] if "<" in value or '"' in value else []
        yield case(f"inject-api-q-{name}", f"GET /api/v1/hubs/?q={injected}", 200, count(hits))
        yield case(f"inject-page-q-{name}", f"GET /hubs/?q={injected}", 200, site_page(), *markup)
        for parameter in INJECTED_PARAMETERS:
            yield case(f"inject-api-{parameter}-{name}", f"GET /api/v1/hubs/?{parameter}={injected}", 400, names(parameter))
        for parameter in INJECTED_PAGE_PARAMETERS:
            yield case(f"inject-page-{parameter}-{name}", f"GET /hubs/?{parameter}={injected}", 400, site_page(), *markup)


LONG_Q = "x" * 10_000
# (parameters, status, words the answer holds); the labels are the form's.
HUB_FILTERS = {
    "unknown-country": ({"country": "XX"}, 400, ["XX"]),
    "country-name": ({"country": "Germany"}, 400, ["Germany is not one of the available"]),
    "unknown-region": ({"region": "nowhere"}, 400, ["valid choice"]),
    "unknown-technology": ({"technology": "nope"}, 400, ["nope"]),
    "unknown-kind": ({"kind": "castle"}, 400, ["castle"]),
    "unknown-ordering": ({"ordering": "evil"}, 400, ["evil"]),
    "empty-orderings": ({"ordering": ",,,"}, 400, ["Give a field name between each pair of commas."]),
    "year-as-word": ({"founded_min": "abc"}, 400, ["whole number"]),
    "negative-year": ({"founded_max": "-1"}, 400, ["greater than or equal to 0"]),
    "year-in-exponent": ({"founded_min": "1e9"}, 400, ["whole number"]),
    "year-as-list": ({"founded_min": "[]"}, 400, ["whole number"]),
    "bbox-as-list": ({"bbox": "[]"}, 400, ["min_lon,min_lat,max_lon,max_lat"]),
    "bbox-with-nan": ({"bbox": "nan,0,1,1"}, 400, ["min_lon,min_lat,max_lon,max_lat"]),
    "maybe-location": ({"has_location": "maybe"}, 400, ["true or false"]),
    "201-character-search": ({"q": "x" * 201}, 400, ["at most 200 characters"]),
    "10-kb-search": ({"q": LONG_Q}, 400, ["too long", "“q”"]),
    "200-unknown-technologies": ({"technology": [f"nope{number}" for number in range(200)]}, 400, ["Select a valid choice. nope"]),
    "200-times-the-same-country": ({"country": ["DE"] * 200}, 200, []),
    "script-in-search": ({"q": XSS}, 200, []),
}
FILTERED_PAGES = {
    "directory": "/hubs/",
    "embed": "/embed/map/",
    "insights": "/insights/",
    "insights-csv": f"/insights/{CHART}.csv",
}
PAGE_NUMBERS = {
    "word": ("abc", 400, ["Give a page number from 1."]),
    "negative": ("-1", 400, ["Give a page number from 1."]),
    "zero": ("0", 400, ["Give a page number from 1."]),
    "exponent": ("1e9", 400, ["Give a page number from 1."]),
    "float": ("1.5", 400, ["Give a page number from 1."]),
    "list": ("[]", 400, ["Give a page number from 1."]),
    "superscript-two": ("²", 400, ["Give a page number from 1."]),
    "empty": ("", 200, []),
    "past-the-last": ("1000000000", 404, ["There is no page 1000000000"]),
    "thirty-digits": ("9" * 30, 404, ["There is no page"]),
}
INCUBATOR_FILTERS = {
    "unknown-status": ({"status": "sleeping"}, 400, ["sleeping"]),
    "unknown-country": ({"country": "XX"}, 400, ["XX"]),
    "unknown-region": ({"region": "nowhere"}, 400, ["valid choice"]),
    "empty-orderings": ({"ordering": ",,"}, 400, ["Give a field name between each pair of commas."]),
    "201-character-search": ({"q": "x" * 201}, 400, ["at most 200 characters"]),
    "10-kb-search": ({"q": LONG_Q}, 400, ["too long", "“q”"]),
}
INSIGHTS = {
    "unknown-grouping": ({"grouping": "evil"}, 400, ["evil"]),
    "grouping-as-list": ({"grouping": "[]"}, 400, ["[]"]),
}
COMPARISONS = {
    "one-hub": ({"hubs": HUB}, ["at least 2", "1 chosen"]),
    "the-same-hub-twice": ({"hubs": f"{HUB},{HUB}"}, ["at least 2", "1 chosen"]),
    "the-same-hub-repeated": ({"hubs": [HUB, HUB]}, ["at least 2", "1 chosen"]),
    "hubs-as-a-list": ({"hubs": "[]"}, ["at least 2", "1 chosen"]),
    "five-hubs": ({"hubs": "a,b,c,d,e"}, ["at most 4", "5 chosen"]),
    "unknown-hubs": ({"hubs": f"{HUB},nope"}, ["Unknown or unpublished hub: nope."]),
    "unpublished-hub": ({"hubs": f"{HUB},unpublished-hub"}, ["Unknown or unpublished hub: unpublished-hub."]),
    "unknown-economies": ({"regions": "us,atlantis"}, ["Unknown economy: atlantis."]),
    "one-economy": ({"regions": "us"}, ["at least 2"]),
    "hubs-and-economies": ({"hubs": f"{HUB},{OTHER_HUB}", "regions": "us,eu"}, ["not both at once"]),
    "script-as-hub": ({"hubs": f"{HUB},{XSS}"}, [XSS]),
    "10-kb-of-hubs": ({"hubs": ",".join(["a"] * 5000)}, ["too long", "“hubs”"]),
}


def page_filter_cases():
    def answer(path, status, words):
        # An address too long is refused before the view, with the site's page.
        if path.endswith(".csv") and "too long" not in words:
            return media("text/csv" if status == 200 else "text/plain")
        return site_page()

    for page, path in FILTERED_PAGES.items():
        for name, (params, status, words) in HUB_FILTERS.items():
            yield case(f"filter-{page}-{name}", f"GET {path}?{qs(**params)}", status, answer(path, status, words), says(*words))
        for name, (params, status, words) in INSIGHTS.items():
            if page.startswith("insights"):
                yield case(f"filter-{page}-{name}", f"GET {path}?{qs(**params)}", status, answer(path, status, words), says(*words))
    for name, (value, status, words) in PAGE_NUMBERS.items():
        for page, path in {"directory": "/hubs/", "incubators": "/incubators/"}.items():
            yield case(f"page-number-{page}-{name}", f"GET {path}?{qs(page=value)}", status, site_page(), says(*words))
    for name, (params, status, words) in INCUBATOR_FILTERS.items():
        yield case(f"filter-incubators-{name}", f"GET /incubators/?{qs(**params)}", status, site_page(), says(*words))
    for name, (params, words) in COMPARISONS.items():
        yield case(f"compare-{name}", f"GET /compare/?{qs(**params)}", 400, site_page(), says(*words))


# -- CSV formula cells (issue 12, point 9): every CSV the site writes -------------------------

CSV_EXPORTS = {
    "hubs": "/api/v1/hubs/?format=csv",
    "hubs-of-asia": "/api/v1/hubs/?format=csv&region=asia",
    "incubators": "/api/v1/incubators/?format=csv",
    "organizations": "/api/v1/organizations/?format=csv",
    "regions": "/api/v1/regions/?format=csv",
    "technologies": "/api/v1/technologies/?format=csv",
    "sources": "/api/v1/sources/?format=csv",
    "hub": "/api/v1/hubs/formula-{key}/?format=csv",
    "incubator": "/api/v1/incubators/formula-{key}/?format=csv",
    "organization": "/api/v1/organizations/formula-{key}/?format=csv",
    "region": "/api/v1/regions/formula-{key}/?format=csv",
    "technology": "/api/v1/technologies/formula-{key}/?format=csv",
    "hubs-by-accept-header": "/api/v1/hubs/",
    "insights-hubs-by-economy": "/insights/hubs-by-economy.csv",
    "insights-eu-hubs-by-member-state": "/insights/eu-hubs-by-member-state.csv",
    "insights-members-by-economy": "/insights/members-by-economy.csv",
    "insights-average-members": "/insights/average-members.csv",
    "insights-in-chinese": "/zh-hans/insights/hubs-by-economy.csv",
    "insights-by-the-report": "/insights/hubs-by-economy.csv?grouping=report",
}


# The exports every formula is written to; the others take the first.
EVERY_FORMULA = {"hubs", "incubators", "organizations", "regions", "technologies", "sources", "hub", "insights-hubs-by-economy", "insights-eu-hubs-by-member-state", "insights-members-by-economy", "insights-average-members"}


def formula_cases():
    for export, path in CSV_EXPORTS.items():
        headers = {"HTTP_ACCEPT": "text/csv"} if "format=csv" not in path else {}
        formulas = list(FORMULAS.items())
        for key, formula in formulas if export in EVERY_FORMULA else formulas[:1]:
            yield case(f"formula-{export}-{key}", f"GET {path.replace('{key}', key)}", 200, neutralised(formula), headers=headers)
    longitude, latitude = str(FORMULA_SITE["longitude"]), str(FORMULA_SITE["latitude"])
    for export in ("hubs", "incubators", "hub"):
        path = CSV_EXPORTS[export].replace("{key}", "equals")
        yield case(f"csv-numbers-stay-numbers-{export}", f"GET {path}", 200, numbers_stay_numbers(longitude, latitude))


# -- everything else scanners try -------------------------------------------------------------

JSON_ACCEPT = {"HTTP_ACCEPT": "application/json"}

OTHERS = [
    # Accept, language and conditional headers nobody would send.
    case("accept-indent-word", "GET /api/v1/hubs/", 200, media("application/json"), headers={"HTTP_ACCEPT": "application/json; indent=abc"}),
    case("accept-indent-huge", "GET /api/v1/hubs/", 200, media("application/json"), headers={"HTTP_ACCEPT": "application/json; indent=99999"}),
    case("accept-indent-negative", "GET /api/v1/hubs/", 200, media("application/json"), headers={"HTTP_ACCEPT": "application/json; indent=-5"}),
    case("accept-geojson-indent", "GET /api/v1/hubs/geojson/", 200, media("application/geo+json"), headers={"HTTP_ACCEPT": "application/geo+json; indent=4"}),
    case("accept-xml-406", "GET /api/v1/hubs/", 406, headers={"HTTP_ACCEPT": "application/xml"}),
    case("accept-csv-on-geojson-406", "GET /api/v1/hubs/geojson/", 406, headers={"HTTP_ACCEPT": "text/csv"}),
    case("accept-broken-quality", "GET /api/v1/hubs/", 200, headers={"HTTP_ACCEPT": "*/*;q=abc,,;;"}),
    case("accept-10-kb", "GET /api/v1/hubs/", 406, headers={"HTTP_ACCEPT": "a/b," * 2500 + "*/*"}),
    case("accept-language-junk", "GET /", 200, site_page(), headers={"HTTP_ACCEPT_LANGUAGE": "zh-hans;q=abc, *;q=-1, ,,"}),
    case("accept-language-10-kb", "GET /api/v1/hubs/", 200, headers={"HTTP_ACCEPT_LANGUAGE": "x" * 10_000}),
    case("if-none-match-junk", "GET /api/v1/hubs/", 200, headers={"HTTP_IF_NONE_MATCH": 'W/"' + "x" * 5000}),
    case("if-none-match-star", "GET /hubs/", 200, site_page(), headers={"HTTP_IF_NONE_MATCH": "*, W/, \"\""}),
    case("if-modified-since-junk", f"GET /api/v1/hubs/{HUB}/", 200, headers={"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"}),
    case("if-modified-since-word", f"GET /api/v1/hubs/{HUB}/", 200, headers={"HTTP_IF_MODIFIED_SINCE": "garbage"}),
    case("range-junk", "GET /api/v1/hubs/", 200, headers={"HTTP_RANGE": "bytes=abc-def"}),
    case("forwarded-for-junk", "GET /api/v1/hubs/", 200, headers={"HTTP_X_FORWARDED_FOR": "not-an-ip, ::::, 999.1.1.1"}),
    case("forwarded-for-junk-login", "POST /admin/login/", 200, says("Please enter the correct username and password"), body="username=someone&password=wrong", content_type=FORM, headers={"HTTP_X_FORWARDED_FOR": "not-an-ip"}),
    case("host-with-a-huge-port", "GET /", 200, site_page(), headers={"HTTP_HOST": "testserver:99999999"}),
    case("host-300-characters", "GET /", 400, site_page(), headers={"HTTP_HOST": "a" * 300}),
    case("host-with-userinfo", "GET /", 400, site_page(), headers={"HTTP_HOST": "evil.example@testserver"}),
    case("preflight-from-null-origin", "OPTIONS /api/v1/hubs/", 200, headers={"HTTP_ORIGIN": "null", "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET"}),
    case("preflight-asking-delete", "OPTIONS /api/v1/hubs/", 200, headers={"HTTP_ORIGIN": "https://evil.example", "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "DELETE", "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "x-evil, " * 500}),
    # Formats and suffixes.
    case("format-suffix-xml", "GET /api/v1/hubs.xml", 404, media("application/json")),
    case("format-suffix-csv-on-geojson", "GET /api/v1/hubs/geojson.csv", 404),
    case("format-empty", "GET /api/v1/hubs/?format=", 200, media("application/json")),
    case("format-browsable-with-a-script", f"GET /api/v1/hubs/?format=api&q={quote(XSS)}", 200, not_reflected(XSS), headers={"HTTP_ACCEPT": "text/html"}),
    case("format-csv-ignores-a-page", "GET /api/v1/hubs/?format=csv&page=2", 200, media("text/csv")),
    case("format-csv-checks-a-page", "GET /api/v1/hubs/?format=csv&page=0", 400, says("page")),
    case("format-csv-on-stats", "GET /api/v1/stats/?format=csv", 400, names("format")),
    case("schema-unknown-format", "GET /api/v1/schema/?format=evil", 400, says("format")),
    case("schema-unknown-language", "GET /api/v1/schema/?lang=xx", 200),
    case("page-last-of-nothing", "GET /api/v1/hubs/?page=last&q=zzzzzz", 200, count(0)),
    case("page-size-500", "GET /api/v1/hubs/?page_size=500", 200),
    case("ordering-500-times", "GET /api/v1/hubs/?" + qs(ordering=",".join(["name"] * 500)), 200),
    case("ordering-empty-names-api", "GET /api/v1/hubs/?ordering=,,,", 400, names("ordering")),
    case("ordering-empty-names-geojson", "GET /api/v1/hubs/geojson/?ordering=,", 400, names("ordering")),
    case("ordering-empty-names-incubators", "GET /api/v1/incubators/?ordering=name,,", 400, names("ordering")),
    case("ordering-left-empty", "GET /api/v1/hubs/?ordering=", 200),
    # The organizations of a hub there is not (or not for this caller): none.
    case("organizations-of-no-such-hub", "GET /api/v1/organizations/?hub=no-such-hub", 200, count(0)),
    case("organizations-of-an-unpublished-hub", "GET /api/v1/organizations/?hub=unpublished-hub", 200, count(0)),
    case("organizations-of-an-unpublished-hub-curator", "GET /api/v1/organizations/?hub=unpublished-hub", 200, count(1), who="curator"),
    case("organizations-of-a-hub", f"GET /api/v1/organizations/?hub={HUB}", 200),
    # A box's latitudes in either order are the same box.
    case("box-latitudes-north-first", "GET /api/v1/hubs/geojson/?bbox=3,54,8,50", 200, features_inside(hub="network-hub", cities=["Delft"])),
    case("box-latitudes-equal", "GET /api/v1/hubs/?bbox=0,10,1,10", 200),
    # The edges of the valid values pass.
    case("edge-whole-world-box", "GET /api/v1/hubs/?bbox=-180,-90,180,90", 200),
    case("edge-box-with-spaces", "GET /api/v1/hubs/?" + qs(bbox=" 3.3, 51.3, 7.3, 53.6 "), 200),
    case("edge-lower-case-country", "GET /api/v1/hubs/?country=de", 400, names("country")),
    case("edge-location-as-1", "GET /api/v1/hubs/?has_location=1", 200),
    case("edge-one-year", "GET /api/v1/hubs/?founded_min=2020&founded_max=2020", 200),
    case("edge-200-character-search", "GET /api/v1/hubs/?q=" + "x" * 200, 200),
    case("edge-chinese-search", "GET /api/v1/hubs/?" + qs(q="量子"), 200),
    case("edge-last-page-of-500", "GET /api/v1/hubs/?page=last&page_size=500", 200),
    case("edge-two-orderings", "GET /api/v1/hubs/?ordering=-member_count,name", 200),
    case("too-many-api-parameters-say-so", "GET /api/v1/hubs/?" + "&".join(["a"] * 1001), 400, names("a"), says("too many parameters")),
    case("broken-api-escape-says-so", "GET /api/v1/hubs/?q=100%", 400, names("q"), says("percent sign")),
    case("search-for-a-formula", "GET /api/v1/hubs/?" + qs(q="=HYPERLINK"), 200, count(1)),
    case("page-of-hub-named-a-script", "GET /hubs/xss-name/", 200, site_page(), not_reflected(XSS)),
    case("api-hub-named-a-script", "GET /api/v1/hubs/xss-name/?format=api", 200, not_reflected(XSS), headers={"HTTP_ACCEPT": "text/html"}),
    # The admin: ids it cannot read, lookups it does not allow, and its login.
    case("admin-anonymous-redirects-to-login", "GET /admin/hubs/hub/", 302),
    case("admin-ex-staff-redirects-to-login", "GET /admin/", 302, location("/admin/login/?next=/admin/"), who="ex-staff"),
    case("admin-search-sql", f"GET /admin/hubs/hub/?q={quote(INJECTIONS['sql-union'][0])}", 200, who="staff"),
    case("admin-search-script", f"GET /admin/hubs/hub/?q={quote(XSS)}", 200, not_reflected(XSS), who="staff"),
    case("admin-ordering-out-of-range", "GET /admin/hubs/hub/?o=999", 200, who="staff"),
    case("admin-ordering-word", "GET /admin/hubs/hub/?o=a.b", 200, who="staff"),
    case("admin-page-word", "GET /admin/hubs/hub/?p=abc", 200, who="staff"),
    # The hubs fill more than one page of the admin's list (100): a page past the last goes
    # back to the list with ?e=1, as Django's admin answers it.
    case("admin-page-huge", "GET /admin/hubs/hub/?p=999999999999", 302, who="staff"),
    case("admin-filter-maybe", "GET /admin/hubs/hub/?published__exact=maybe", 302, who="staff"),
    case("admin-filter-word-as-id", "GET /admin/hubs/hub/?technology_areas__id__exact=abc", 302, who="staff"),
    case("admin-filter-huge-id", "GET /admin/hubs/hub/?technology_areas__id__exact=99999999999999999999", 200, who="staff"),
    case("admin-lookup-not-allowed", "GET /admin/hubs/hub/?region__path__startswith=x", 400, who="staff"),
    case("admin-to-field-password", "GET /admin/hubs/hub/?_to_field=password", 400, who="staff"),
    case("admin-change-word-id", "GET /admin/hubs/hub/abc/change/", 302, who="staff"),
    case("admin-change-huge-id", "GET /admin/hubs/hub/99999999999999999999/change/", 302, who="staff"),
    case("admin-history-word-id", "GET /admin/hubs/hub/abc/history/", 302, who="staff"),
    case("admin-history-huge-id", "GET /admin/hubs/hub/99999999999999999999/history/", 302, who="staff"),
    case("admin-past-version-word-id", "GET /admin/hubs/hub/{hub_pk}/history/abc/", 302, who="staff"),
    case("admin-past-version-huge-id", "GET /admin/hubs/hub/{hub_pk}/history/99999999999999999999/", 302, who="staff"),
    case("admin-past-version-of-word-id", "GET /admin/hubs/hub/abc/history/{history_id}/", 302, who="staff"),
    case("admin-add-initial-word-ids", "GET /admin/hubs/hub/add/?technology_areas=abc,1", 200, who="staff"),
    case("admin-add-initial-huge-region", "GET /admin/hubs/hub/add/?region=99999999999999999999", 200, who="staff"),
    case("admin-add-with-nul-ids", "POST /admin/hubs/hub/add/", 200, says("Null characters are not allowed."), who="staff", body="name_en=x&slug=x&region=%00&technology_areas=%00", content_type=FORM),
    case("admin-add-with-word-ids", "POST /admin/hubs/hub/add/", 200, says("Select a valid choice"), who="staff", body="name_en=x&slug=x&region=abc&technology_areas=abc", content_type=FORM),
    case("admin-site-with-word-hub", "POST /admin/hubs/site/add/", 200, who="staff", body="hub=abc&sources=abc&city=x&latitude=1&longitude=1", content_type=FORM),
    case("admin-action-on-a-word-id", "POST /admin/hubs/hub/", 302, who="staff", body=admin_action("delete_selected", "abc"), content_type=FORM),
    case("admin-action-on-a-huge-id", "POST /admin/hubs/hub/", 302, who="staff", body=admin_action("delete_selected", "99999999999999999999"), content_type=FORM),
    case("admin-action-on-a-nul-id", "POST /admin/hubs/hub/", 302, who="staff", body=admin_action("delete_selected", "1\x00"), content_type=FORM),
    case("admin-unknown-action", "POST /admin/hubs/hub/", 302, who="staff", body=admin_action("drop_tables", "{hub_pk}"), content_type=FORM),
    case("admin-list-edit-word-id", "POST /admin/hubs/hub/", 200, says("Please correct the errors below."), who="staff", body=qs(**{"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "abc", "form-0-published": "on", "_save": "Save"}), content_type=FORM),
    case("admin-library-action-on-a-word-id", "POST /admin/auth/user/", 302, who="superuser", body=admin_action("delete_selected", "abc"), content_type=FORM),
    case("admin-library-action-on-a-nul-id", "POST /admin/auth/group/", 302, who="superuser", body=admin_action("delete_selected", "1\x00"), content_type=FORM),
    case("admin-autocomplete-unknown-app", "GET /admin/autocomplete/?app_label=evil&model_name=hub&field_name=region", 403, who="staff"),
    case("admin-autocomplete-no-parameters", "GET /admin/autocomplete/", 403, who="staff"),
    case("admin-autocomplete-sql", f"GET /admin/autocomplete/?app_label=incubators&model_name=incubator&field_name=affiliated_hub&term={quote(INJECTIONS['sql-quote'][0])}", 200, who="staff"),
    # The suggestions' review queue: its own filters read only the values they offer.
    case("admin-suggestions-age-unknown", "GET /admin/suggestions/suggestion/?age=forever", 200, who="staff"),
    case("admin-suggestions-about-unknown", "GET /admin/suggestions/suggestion/?about=region", 200, who="staff"),
    case("admin-suggestions-field-unknown", "GET /admin/suggestions/suggestion/?field=password", 200, who="staff"),
    case("admin-suggestions-status-unknown", "GET /admin/suggestions/suggestion/?status=maybe", 200, who="staff"),
    case("admin-suggestions-all-filters-junk", "GET /admin/suggestions/suggestion/?status=all&about=%C3%A9&field=%27--&age=-1&o=999&p=abc", 200, who="staff"),
    case("admin-suggestions-search-script", f"GET /admin/suggestions/suggestion/?q={quote(XSS)}", 200, not_reflected(XSS), who="staff"),
    case("admin-suggestions-lookup-not-allowed", "GET /admin/suggestions/suggestion/?reviewed_by__password__startswith=p", 400, who="staff"),
    case("admin-suggestions-age-nul", "GET /admin/suggestions/suggestion/?age=%00", 400, says("NUL byte"), who="staff"),
    case("admin-suggestions-change-word-id", "GET /admin/suggestions/suggestion/abc/change/", 302, who="staff"),
    case("admin-suggestions-change-huge-id", "GET /admin/suggestions/suggestion/99999999999999999999/change/", 302, who="staff"),
    case("admin-suggestions-add-refused", "GET /admin/suggestions/suggestion/add/", 403, who="staff"),
    case("admin-suggestions-reader-refused", "GET /admin/suggestions/suggestion/", 302, who="reader"),
    case("admin-login-5000-character-username", "POST /admin/login/", 200, says("Ensure this value has at most 150 characters"), body="username=" + "a" * 5000 + "&password=x", content_type=FORM),
    case("admin-login-nul-username", "POST /admin/login/", 200, says("Null characters are not allowed"), body="username=a%00b&password=x", content_type=FORM),
    case("admin-login-invalid-utf-8", "POST /admin/login/", 200, body="username=%ff&password=x", content_type=FORM),
    case("admin-login-next-off-site", "POST /admin/login/?next=//evil.example/x", 200, body="username=someone&password=x", content_type=FORM),
]


def all_cases():
    return [
        *CONTRACT,
        *hostile_body_cases(),
        *content_type_cases(),
        *nul_parameter_cases(),
        *nul_field_cases(),
        *nul_header_cases(),
        *cookie_cases(),
        *malformed_api_query_cases(),
        *refused_query_cases(),
        *ignored_query_cases(),
        *refused_path_cases(),
        *bad_value_cases(),
        *injection_cases(),
        *page_filter_cases(),
        *formula_cases(),
        *OTHERS,
    ]


CASES = all_cases()

# fmt: on
