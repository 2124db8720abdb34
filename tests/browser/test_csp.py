"""Every kind of page works under the site's Content-Security-Policy: Chromium reports no
violation, neither as a securitypolicyviolation event nor on the console.

The pages are visited in a few tests rather than one test each: every browser test loads the
dataset again, which costs far more than a page."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from hubs.models import Hub

# Runs in every document before its own scripts, so no violation escapes it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
PASSWORD = "a-long-curator-password"  # noqa: S105 - a test account on a throwaway database

# (name, path, an element that shows the page has done its work)
PUBLIC_PAGES = [
    ("home", "/", "#map.leaflet-container"),
    ("home in Chinese", "/zh-hans/", "#map.leaflet-container"),
    ("directory", "/hubs/?region=eu", "#map.leaflet-container"),
    ("hub profile", "/hubs/quantum-delta-nl/", "h1"),
    ("incubator list", "/incubators/", "h1"),
    ("incubator", "/incubators/duality/", "h1"),
    ("region list", "/regions/", "h1"),
    ("region", "/regions/eu/", "h1"),
    ("insights", "/insights/", "canvas"),
    ("compare", "/compare/?regions=us,eu,cn", "h1"),
    ("embedded map", "/embed/map/", "#map.leaflet-container"),
    ("page not found", "/no-such-page/", "h1"),
]
API_PAGES = [
    ("API docs", "/api/v1/docs/", ".swagger-ui .opblock"),
    ("API Redoc", "/api/v1/redoc/", "#redoc-container .api-content h1"),
    ("browsable API list", "/api/v1/hubs/?region=eu", ".response-info"),
    ("browsable API detail", "/api/v1/hubs/quantum-delta-nl/", ".response-info"),
    ("API front page", "/api/v1/", ".api-endpoints"),
]


class Visits:
    """Visits pages and keeps, per page, the violations its document recorded and the console
    messages that mention the policy."""

    def __init__(self, page, site_url):
        self.page = page
        self.site_url = site_url
        self.current = None
        self.violations = {}
        self.off_site_requests = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self.on_console)

    def on_console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.setdefault(self.current, []).append(message.text)

    def visit(self, name, path, ready):
        self.current = name
        self.page.goto(self.site_url + path, wait_until="networkidle")
        # Swagger UI and Redoc render the schema after the load, slowly on a busy machine.
        expect(self.page.locator(ready).first).to_be_visible(timeout=30_000)
        self.record()

    def note_request(self, url):
        if not url.startswith((self.site_url, "data:", "blob:")):
            self.off_site_requests.append((self.current, url))

    def record(self):
        recorded = self.page.evaluate("window.cspViolations")
        if recorded:
            self.violations.setdefault(self.current, []).extend(recorded)


@pytest.fixture
def visits(page, site_url, page_watch):
    # Chromium logs the status of the 404 page as a console error of its own.
    page_watch.allow_console_error(r"404 \(Not Found\)")
    visits = Visits(page, site_url)
    # The site loads nothing from other sites (it works offline): every such request is noted.
    page.on("request", lambda request: visits.note_request(request.url))
    return visits


def test_the_public_pages_run_without_a_policy_violation(visits):
    for name, path, ready in PUBLIC_PAGES:
        visits.visit(name, path, ready)

    assert visits.violations == {}


def test_the_api_pages_run_without_a_policy_violation(visits):
    for name, path, ready in API_PAGES:
        visits.visit(name, path, ready)
    # The browsable API's filter dialog (Bootstrap and jQuery).
    visits.visit("browsable API filters", "/api/v1/hubs/", ".response-info")
    visits.page.get_by_role("button", name="Filters").click()
    expect(visits.page.locator("#filtersModal")).to_be_visible()
    visits.record()

    assert visits.violations == {}
    assert visits.off_site_requests == []


def test_the_admin_runs_without_a_policy_violation(visits):
    get_user_model().objects.create_superuser("curator", password=PASSWORD)
    hub = Hub.objects.get(slug="quantum-delta-nl")
    visits.visit("admin login", "/admin/login/", "#login-form")
    visits.page.fill("#id_username", "curator")
    visits.page.fill("#id_password", PASSWORD)
    visits.page.click("input[type=submit]")
    expect(visits.page.locator("#site-name")).to_be_visible()

    visits.visit("admin hub list", "/admin/hubs/hub/", "#result_list")
    # The map picker of each site of the hub, then a click on the first one.
    visits.visit(
        "admin hub change", f"/admin/hubs/hub/{hub.pk}/change/", ".coordinate-picker .leaflet-tile"
    )
    visits.page.locator(".coordinate-picker").first.click()
    visits.record()
    visits.visit("admin hub history", f"/admin/hubs/hub/{hub.pk}/history/", "#change-history")
    visits.visit(
        "admin incubator add",
        "/admin/incubators/incubator/add/",
        ".coordinate-picker .leaflet-tile",
    )

    assert visits.violations == {}
