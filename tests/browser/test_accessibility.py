"""axe-core (from npm) on every public page, in English and in Chinese: no serious or
critical violation. With SCREENSHOT_DIR set, each page is also kept at a desktop and a phone
size, the shots a reviewer looks through."""

from pathlib import Path

import pytest

from .conftest import screenshot_dir, screenshot_name

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What the site answers for: WCAG 2.1 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Runs axe; a node of an excluded (rule, selector) pair is dropped, and a rule left with
# no node is no violation.
AXE_RUN = """async ({tags, exclude}) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  result.violations.forEach(violation => {
    violation.nodes = violation.nodes.filter(node => !exclude.some(([rule, selector]) =>
      rule === violation.id && document.querySelector(node.target.join(" "))?.matches(selector)));
  });
  result.violations = result.violations.filter(violation => violation.nodes.length);
  return result;
}"""
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}

PAGES = [
    ("home", "/", "#map-status [data-count]"),
    ("directory", "/hubs/", ".hub-card"),
    ("hub profile", "/hubs/quantum-delta-nl/", "h1"),
    ("incubators", "/incubators/", "h1"),
    ("incubator", "/incubators/deep-tech-lab-quantum/", "h1"),
    ("economies", "/regions/", "h1"),
    ("economy", "/regions/eu/", "h1"),
    ("insights", "/insights/", "canvas"),
    ("compare", "/compare/?regions=us,eu,cn", "canvas"),
    ("open data", "/data/", "h1"),
    ("embedded map", "/embed/map/", "#map.leaflet-container"),
]
# The API is not under the language prefix: its front page is checked once.
API_PAGES = [("API front page", "/api/v1/", ".api-endpoints")]


def serious_violations(page, exclude=()):
    """axe's serious and critical violations, as "rule: selector, …" lines. axe is evaluated
    through the DevTools protocol, which the page's Content-Security-Policy does not govern."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(AXE_RUN, {"tags": AXE_TAGS, "exclude": list(exclude)})
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def keep_screenshots(page, name, sizes=SIZES):
    directory = screenshot_dir()
    if directory is None:
        return
    for size, (width, height) in sizes.items():
        page.set_viewport_size({"width": width, "height": height})
        # The first screen, what a reader sees on arriving (a full page is slow to take).
        page.screenshot(path=str(directory / f"{screenshot_name(name)}-{size}.png"))


def check(page, site_url, name, path, ready, sizes=SIZES):
    page.goto(site_url + path)
    page.wait_for_selector(ready)
    assert serious_violations(page) == []
    keep_screenshots(page, name, sizes)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("name", "path", "ready"), PAGES, ids=[name for name, *_ in PAGES])
def test_the_page_has_no_serious_accessibility_violation(
    page, site_url, language, name, path, ready
):
    prefix = "" if language == "en" else "/zh-hans"
    # Each page at both sizes: English on a desktop, Chinese on a phone (the readers the
    # issue tried), which keeps the run short.
    size = "desktop" if language == "en" else "phone"
    check(page, site_url, f"{name}-{language}", prefix + path, ready, {size: SIZES[size]})


@pytest.mark.parametrize(("name", "path", "ready"), API_PAGES, ids=[name for name, *_ in API_PAGES])
def test_the_api_page_has_no_serious_accessibility_violation(page, site_url, name, path, ready):
    check(page, site_url, name, path, ready)


ADMIN_PASSWORD = "a long curator password"
# Django's stock admin markup, which the project does not draw: (rule, CSS selector) left
# out on the admin pages.
STOCK_ADMIN_MARKUP = [
    # The breadcrumbs' links differ from their text by colour only (admin/base.html).
    ["link-in-text-block", ".breadcrumbs > a"],
    # Select2 4 (vendored by Django) puts its chosen items and search box in a <ul> under a
    # role="combobox" span, which axe reads as a broken list.
    ["list", ".select2-selection--multiple > ul"],
]


def test_the_admin_pages_curators_use_have_no_serious_accessibility_violation(
    page, site_url, page_watch
):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from hubs.models import Hub
    from incubators.models import Incubator

    # axe itself applies inline styles while it measures the admin's change forms and lists
    # (none before its run, two per such page after it), which the policy rightly blocks.
    page_watch.allow_console_error(r"^Applying inline style violates")
    User.objects.create_user("curator", password=ADMIN_PASSWORD, is_staff=True, is_superuser=True)
    page.goto(site_url + reverse("admin:login"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    hub = Hub.objects.get(slug="quantum-delta-nl")
    incubator = Incubator.objects.get(slug="deep-tech-lab-quantum")
    pages = {
        "admin hub change": reverse("admin:hubs_hub_change", args=[hub.pk]),
        "admin hubs": reverse("admin:hubs_hub_changelist"),
        "admin incubator change": reverse("admin:incubators_incubator_change", args=[incubator.pk]),
        "admin incubators": reverse("admin:incubators_incubator_changelist"),
        "admin memberships": reverse("admin:hubs_membership_changelist"),
        "admin hub history": reverse("admin:hubs_hub_history", args=[hub.pk]),
    }
    found = []
    for name, path in pages.items():
        page.goto(site_url + path)
        page.wait_for_selector("#content")
        found += [
            f"{name}: {violation}" for violation in serious_violations(page, STOCK_ADMIN_MARKUP)
        ]
        keep_screenshots(page, name)
    assert not found, "\n".join(found)
