"""Security headers on every kind of page and on the API, and the Mozilla HTTP Observatory
grade they earn."""

import re
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from hubs.models import Hub
from tests.test_settings import settings_in_a_fresh_process

pytestmark = pytest.mark.django_db

HTML = "text/html,application/xhtml+xml"
PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
SIX_MONTHS = 15768000
EMBED = "/embed/map/"

# (name, path, Accept header, expected status)
PAGES = [
    ("home", "/", HTML, 200),
    ("home in Chinese", "/zh-hans/", HTML, 200),
    ("directory", "/hubs/?region=eu", HTML, 200),
    ("hub profile", "/hubs/quantum-delta-nl/", HTML, 200),
    ("incubator list", "/incubators/", HTML, 200),
    ("incubator", "/incubators/duality/", HTML, 200),
    ("organisation list", "/organizations/", HTML, 200),
    ("organisation", "/organizations/argonne-national-laboratory/", HTML, 200),
    ("region list", "/regions/", HTML, 200),
    ("region", "/regions/eu/", HTML, 200),
    ("insights", "/insights/", HTML, 200),
    ("compare", "/compare/?regions=us,eu,cn", HTML, 200),
    ("embed", EMBED, HTML, 200),
    ("page not found", "/no-such-page/", HTML, 404),
    ("admin login", "/admin/login/", HTML, 200),
    ("API list", "/api/v1/hubs/", "application/json", 200),
    ("API detail", "/api/v1/hubs/quantum-delta-nl/", "application/json", 200),
    ("API not found", "/api/v1/hubs/no-such-hub/", "application/json", 404),
    ("API GeoJSON", "/api/v1/hubs/geojson/", "application/geo+json", 200),
    ("API CSV", "/api/v1/hubs/?format=csv", "text/csv", 200),
    ("API schema", "/api/v1/schema/", "application/vnd.oai.openapi", 200),
    ("API docs", "/api/v1/docs/", HTML, 200),
    ("API docs script", "/api/v1/docs/?script=", "*/*", 200),
    ("API Redoc", "/api/v1/redoc/", HTML, 200),
    ("browsable API list", "/api/v1/hubs/", HTML, 200),
    ("API front page", "/api/v1/", HTML, 200),
]


def parse_csp(header):
    """{directive: [sources]} of a Content-Security-Policy; the first of a repeated directive
    counts, as in browsers."""
    policy = {}
    for directive in re.split(r"[;,]", header):
        if directive.strip():
            name, *sources = directive.split()
            policy.setdefault(name.lower(), sources)
    return policy


def csp_of(response):
    return parse_csp(response.headers["Content-Security-Policy"])


def fetch(client, path, accept, **extra):
    return client.get(path, HTTP_ACCEPT=accept, **extra)


@pytest.mark.parametrize(("name", "path", "accept", "status"), PAGES, ids=[p[0] for p in PAGES])
def test_every_response_carries_the_security_headers(client, name, path, accept, status):
    response = fetch(client, path, accept)

    assert response.status_code == status
    policy = csp_of(response)
    for directive in ("default-src", "script-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in PRIVATE_REFERRER_POLICIES
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    if path == EMBED:
        assert policy["frame-ancestors"] == ["*"]
        assert "X-Frame-Options" not in response.headers
    else:
        assert policy["frame-ancestors"] == ["'none'"]
        assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_load_scripts_and_styles_only_from_the_site(client):
    policy = csp_of(fetch(client, "/", HTML))

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_map_tiles_may_come_from_the_tile_host(client):
    policy = csp_of(fetch(client, "/hubs/", HTML))

    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_tiles_from_lettered_subdomains_are_allowed_by_a_wildcard():
    result = settings_in_a_fresh_process(
        "from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        MAP_TILE_URL="https://{s}.tiles.example.org/light/{z}/{x}/{y}.png",
    )
    assert result.returncode == 0, result.stderr
    assert "'https://*.tiles.example.org'" in result.stdout


def test_only_redoc_allows_inline_styles_and_its_scripts_stay_strict(client):
    policy = csp_of(fetch(client, "/api/v1/redoc/", HTML))

    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["worker-src"] == ["'self'", "blob:"]
    assert not any("redoc.ly" in source for source in policy["img-src"])
    assert policy["script-src"] == ["'self'"]


@pytest.mark.parametrize("path", [EMBED, "/api/v1/redoc/"])
def test_a_cached_response_keeps_the_policy_of_its_view(client, path):
    first = fetch(client, path, HTML)
    second = fetch(client, path, HTML)

    assert "ETag" in second.headers  # served from the response cache
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_the_docs_pages_have_no_inline_script_or_style(client):
    for path in ("/api/v1/docs/", "/api/v1/redoc/", "/api/v1/hubs/"):
        body = fetch(client, path, HTML).content.decode()
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", body)
        assert "<style" not in body
        assert not re.search(r"<[^>]+\sstyle\s*=", body)


def test_the_history_page_has_no_style_attribute(admin_client):
    hub = Hub.objects.get(slug="quantum-delta-nl")
    response = admin_client.get(f"/admin/hubs/hub/{hub.pk}/history/")

    assert response.status_code == 200
    assert not re.search(r"<[^>]+\sstyle\s*=", response.content.decode())


def database_down():
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("connection refused")
    )


def test_the_unavailable_page_carries_the_policy(client):
    client.raise_request_exception = False
    with database_down():
        response = fetch(client, "/hubs/quantum-delta-nl/", HTML)

    assert response.status_code == 503
    assert csp_of(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_server_error_page_carries_the_policy(client):
    client.raise_request_exception = False
    with mock.patch("hubs.views.directory.stats.hub_stats", side_effect=RuntimeError):
        response = fetch(client, "/", HTML)

    assert response.status_code == 500
    assert csp_of(response)["script-src"] == ["'self'"]
    assert "Permissions-Policy" in response.headers


# --- Production: HTTPS, HSTS and cookies ------------------------------------------------------


@pytest.fixture
def production(settings):
    """The HTTPS settings as they are outside DEBUG (atlas/settings.py), read by a client
    created after them (SecurityMiddleware reads them when it is built)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return Client()


def hsts_max_age(response):
    match = re.search(r"max-age=(\d+)", response.headers.get("Strict-Transport-Security", ""))
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("path", ["/", "/api/v1/hubs/", "/admin/login/"])
def test_https_responses_ask_for_https_for_at_least_six_months(production, path):
    response = production.get(path, secure=True)

    assert response.status_code == 200
    assert hsts_max_age(response) >= SIX_MONTHS


def test_plain_http_is_redirected_to_https_on_the_same_host(production):
    response = production.get("/hubs/", secure=False)

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/hubs/"


def test_cookies_are_secure_http_only_and_same_site(production, admin_user):
    login_page = production.get("/admin/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    signed_in = production.post(
        "/admin/login/",
        {"username": "admin", "password": "password", "csrfmiddlewaretoken": csrf.value},
        secure=True,
        HTTP_REFERER="https://testserver/admin/login/",
    )

    assert signed_in.status_code == 302
    cookies = [csrf, signed_in.cookies["sessionid"]]
    for cookie in cookies:
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


# --- Mozilla HTTP Observatory ---------------------------------------------------------------
#
# The score the MDN HTTP Observatory gives, computed from our responses with its published
# rules: https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring (the modifiers
# below are that page's table; the decisions follow the checks of mdn/mdn-http-observatory).
# Two results need more than the headers and are left out: "hsts-preloaded" (+5, a lookup in
# the browsers' preload list) and certificate errors.

OBSERVATORY_MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-to-https": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    # Subresource Integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-not-implemented": 0,
    "cross-origin-resource-policy-header-invalid": -5,
}
OBSERVATORY_GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
BONUS_THRESHOLD = 90  # bonuses count only when the score after penalties reaches an A
BROAD_SOURCES = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*"}
INLINE_SOURCES = {"'unsafe-inline'", "data:"}
OBSERVATORY_ORIGIN = "https://http-observatory.security.mozilla.org"


def csp_result(response):
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented"
    policy = parse_csp(header)

    def sources(name, fallback="default-src"):
        return set(policy.get(name, policy.get(fallback, ["*"])))

    script, style, objects = sources("script-src"), sources("style-src"), sources("object-src")
    for kind in (script, style):  # a nonce or hash makes browsers ignore 'unsafe-inline'
        if any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in kind):
            kind.discard("'unsafe-inline'")
    active = [
        s for name, values in policy.items() if name not in {"img-src", "media-src"} for s in values
    ]
    passive = [s for name in ("img-src", "media-src") for s in policy.get(name, [])]
    if script & (BROAD_SOURCES | INLINE_SOURCES) or objects & BROAD_SOURCES:
        return "csp-implemented-with-unsafe-inline"
    if any(s.startswith(("http:", "ftp:")) for s in active):
        return "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script | style:
        return "csp-implemented-with-unsafe-eval"
    if any(s.startswith(("http:", "ftp:")) for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if style & (BROAD_SOURCES | INLINE_SOURCES):
        return "csp-implemented-with-unsafe-inline-in-style-src-only"
    if policy.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none"
    return "csp-implemented-with-no-unsafe"


def cookies_result(responses, hsts):
    cookies = [morsel for response in responses for morsel in response.cookies.values()]
    if not cookies:
        return "cookies-not-found"
    found = set()
    for cookie in cookies:
        session = any(word in cookie.key.lower() for word in ("login", "sess"))
        same_site = cookie["samesite"]
        if same_site and same_site.lower() not in {"lax", "strict", "none"}:
            found.add("cookies-samesite-flag-invalid")
        if not cookie["secure"]:
            found.add(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-without-secure-flag"
            )
            if session:
                found.add(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-session-without-secure-flag"
                )
        if "csrf" in cookie.key.lower() and not same_site:
            found.add("cookies-anticsrf-without-samesite-flag")
        if session and not cookie["httponly"]:
            found.add("cookies-session-without-httponly-flag")
    if found:
        return min(found, key=OBSERVATORY_MODIFIERS.get)
    if all(cookie["samesite"] for cookie in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite"
    return "cookies-secure-with-httponly-sessions"


def cors_result(response):
    allowed = response.headers.get("Access-Control-Allow-Origin")
    if allowed is None:
        return "cross-origin-resource-sharing-not-implemented"
    if allowed.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = response.headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
    if allowed.strip() == OBSERVATORY_ORIGIN and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_result(http_response, host):
    if http_response.status_code not in (301, 302, 307, 308):
        return "redirection-missing"
    target = urlsplit(http_response.headers["Location"])
    if target.scheme != "https":
        return "redirection-not-to-https"
    if target.hostname != host:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_policy_result(response):
    header = response.headers.get("Referrer-Policy")
    if header is None:
        return "referrer-policy-not-implemented"
    known = PRIVATE_REFERRER_POLICIES | {
        "origin",
        "origin-when-cross-origin",
        "unsafe-url",
        "no-referrer-when-downgrade",
    }
    values = [value.strip().lower() for value in header.split(",") if value.strip() in known]
    if not values:
        return "referrer-policy-header-invalid"
    if values[-1] in PRIVATE_REFERRER_POLICIES:  # browsers use the last one they know
        return "referrer-policy-private"
    return "referrer-policy-unsafe"


def hsts_result(response):
    header = response.headers.get("Strict-Transport-Security")
    if header is None:
        return "hsts-not-implemented"
    if not re.search(r"(?:^|;)\s*max-age=\d+\s*(?:;|$)", header, re.IGNORECASE):
        return "hsts-header-invalid"
    if hsts_max_age(response) >= SIX_MONTHS:
        return "hsts-implemented-max-age-at-least-six-months"
    return "hsts-implemented-max-age-less-than-six-months"


class ScriptTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("src"):
            self.scripts.append(dict(attrs))


def sri_result(response, host):
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return "sri-not-implemented-response-not-html"
    parser = ScriptTags()
    parser.feed(response.content.decode())
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    external = [s for s in parser.scripts if urlsplit(s["src"]).netloc not in ("", host)]
    all_have_integrity = all(s.get("integrity") for s in parser.scripts)
    if not external:
        if all_have_integrity:
            return "sri-implemented-and-all-scripts-loaded-securely"
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    secure = all(urlsplit(s["src"]).scheme == "https" for s in external)
    has_integrity = all(s.get("integrity") for s in external)
    if secure:
        return (
            "sri-implemented-and-external-scripts-loaded-securely"
            if has_integrity
            else "sri-not-implemented-but-external-scripts-loaded-securely"
        )
    return (
        "sri-implemented-but-external-scripts-not-loaded-securely"
        if has_integrity
        else "sri-not-implemented-and-external-scripts-not-loaded-securely"
    )


def x_content_type_options_result(response):
    header = response.headers.get("X-Content-Type-Options")
    if header is None:
        return "x-content-type-options-not-implemented"
    if header.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def x_frame_options_result(response):
    header = response.headers.get("Content-Security-Policy")
    if header and "frame-ancestors" in parse_csp(header):
        return "x-frame-options-implemented-via-csp"
    value = response.headers.get("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented"
    value = value.strip().lower()
    if value in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_result(response):
    header = response.headers.get("Cross-Origin-Resource-Policy")
    if header is None:
        return "cross-origin-resource-policy-not-implemented"
    value = header.strip().lower()
    if value in ("same-origin", "same-site", "cross-origin"):
        return f"cross-origin-resource-policy-implemented-with-{value}"
    return "cross-origin-resource-policy-header-invalid"


def observatory_results(https_response, http_response, host="testserver"):
    """One result per Observatory test, from the HTTPS response to a page and the answer to
    the same address over plain HTTP."""
    hsts = hsts_result(https_response)
    return {
        "content-security-policy": csp_result(https_response),
        "cookies": cookies_result(
            [http_response, https_response], hsts.endswith("at-least-six-months")
        ),
        "cross-origin-resource-sharing": cors_result(https_response),
        "redirection": redirection_result(http_response, host),
        "referrer-policy": referrer_policy_result(https_response),
        "strict-transport-security": hsts,
        "subresource-integrity": sri_result(https_response, host),
        "x-content-type-options": x_content_type_options_result(https_response),
        "x-frame-options": x_frame_options_result(https_response),
        "cross-origin-resource-policy": corp_result(https_response),
    }


def observatory_score(results):
    modifiers = [OBSERVATORY_MODIFIERS[result] for result in results.values()]
    score = 100 + sum(m for m in modifiers if m < 0)
    if score >= BONUS_THRESHOLD:
        score += sum(m for m in modifiers if m > 0)
    return max(score, 0)


def observatory_grade(score):
    return next(grade for floor, grade in OBSERVATORY_GRADES if score >= floor)


def observe(client, path):
    https = client.get(path, secure=True, HTTP_ORIGIN=OBSERVATORY_ORIGIN)
    http = client.get(path, secure=False, HTTP_ORIGIN=OBSERVATORY_ORIGIN)
    return https, http


@pytest.mark.parametrize("path", ["/", "/hubs/quantum-delta-nl/", "/api/v1/hubs/", EMBED])
def test_the_site_scores_an_a_plus_on_the_observatory(production, path):
    results = observatory_results(*observe(production, path))
    score = observatory_score(results)

    assert observatory_grade(score) == "A+", (score, results)


def test_the_signed_in_admin_scores_an_a_plus_with_its_cookies(production, admin_user):
    login_page = production.get("/admin/login/", secure=True)
    signed_in = production.post(
        "/admin/login/",
        {
            "username": "admin",
            "password": "password",
            "csrfmiddlewaretoken": login_page.cookies["csrftoken"].value,
        },
        secure=True,
        HTTP_REFERER="https://testserver/admin/login/",
    )
    http = production.get("/admin/login/", secure=False)
    results = observatory_results(signed_in, http)

    assert results["cookies"] == "cookies-secure-with-httponly-sessions-and-samesite"
    assert observatory_grade(observatory_score(results)) == "A+"


def test_the_scorer_marks_down_inline_scripts(production):
    https, http = observe(production, "/")
    strict = observatory_score(observatory_results(https, http))
    https["Content-Security-Policy"] = https["Content-Security-Policy"].replace(
        "script-src 'self'", "script-src 'self' 'unsafe-inline'"
    )
    results = observatory_results(https, http)
    unsafe = observatory_score(results)

    assert results["content-security-policy"] == "csp-implemented-with-unsafe-inline"
    assert unsafe < strict
    assert observatory_grade(unsafe) == "B+"


def test_the_scorer_marks_down_a_site_without_headers(production):
    https, http = observe(production, "/")
    for name in ("Content-Security-Policy", "X-Frame-Options", "Strict-Transport-Security"):
        del https[name]

    assert observatory_grade(observatory_score(observatory_results(https, http))) == "D"


# --- A CSRF failure (static files and other errors: tests/hostile/cases.py) ------------------


def assert_locked_down(response):
    assert csp_of(response)["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp_of(response).get("script-src", [])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_csrf_failure_carries_the_security_headers():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})

    assert response.status_code == 403
    assert_locked_down(response)
