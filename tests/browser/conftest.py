"""Browser tests: Playwright driving Debian's Chromium against a live server.

The live server's database is emptied after every test (pytest-django's transactional
tests), so `site_url` loads the curated dataset again whenever it is missing.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dataset.loader import dataset_import
from hubs.models import Hub

# Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still
# plain synchronous calls, which Django would otherwise refuse next to a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# A 1×1 transparent PNG served in place of map tiles: the machine has no internet.
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def site_url(live_server, transactional_db):
    if not Hub.objects.exists():
        dataset_import()
    return live_server.url


class PageWatch:
    """What a page said that a user would notice: console errors, uncaught errors, dialogs."""

    def __init__(self):
        self.console_errors = []
        self.page_errors = []
        self.dialogs = []
        self.allowed_console_errors = []

    def allow_console_error(self, pattern):
        self.allowed_console_errors.append(re.compile(pattern))

    def unexpected_console_errors(self):
        return [
            message
            for message in self.console_errors
            if not any(pattern.search(message) for pattern in self.allowed_console_errors)
        ]


@pytest.fixture
def page_watch():
    return PageWatch()


@pytest.fixture
def page(browser, page_watch, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            page_watch.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page_watch.page_errors.append(str(error)))

    def on_dialog(dialog):
        page_watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.route(
        re.compile(r"^https?://([a-z0-9-]+\.)*tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert page_watch.dialogs == [], f"dialogs opened: {page_watch.dialogs}"
    assert page_watch.page_errors == [], f"uncaught errors: {page_watch.page_errors}"
    assert page_watch.unexpected_console_errors() == [], (
        f"console errors: {page_watch.unexpected_console_errors()}"
    )
