"""Browser tests: Playwright driving Debian's Chromium against a live server.

The live server and the tests share the session's test database, which holds the curated
dataset loaded once (conftest.py at the root). pytest-django's `live_server` would make each
test transactional and empty the database after it, and loading the dataset again took
most of the session's time; so the server here is started once, the tests run outside a
transaction, and only a test that changed the data has the dataset put back after it (from
a snapshot on SQLite, by loading it again elsewhere).
"""

import io
import os
import re
import sqlite3
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import modify_settings
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from atlas.cache import data_version_bump

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


def screenshot_dir():
    """Where screenshots go: the directory SCREENSHOT_DIR names (.ci/run keeps one as an
    artifact), or None: without it the tests take none, which saves CI their time."""
    name = os.environ.get("SCREENSHOT_DIR", "")
    if not name:
        return None
    directory = Path(name)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def screenshot_name(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


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


def pytest_collection_modifyitems(items):
    """The browser tests are slow, and the pages they drive answer the same on every
    database (the API and page tests check that on both): CI runs them on SQLite only."""
    browser_tests = Path(__file__).parent
    for item in items:
        if browser_tests in item.path.parents:
            item.add_marker(pytest.mark.slow)


def row_counts():
    """Rows per table. Saving a tracked record adds a history row, so an edit shows too."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture(scope="session")
def dataset_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return row_counts()


@pytest.fixture(scope="session")
def dataset_snapshot(dataset_rows, django_db_blocker):
    """On SQLite, a copy of the loaded database (SQLite's backup API), put back in
    milliseconds where loading the dataset again takes seconds; None on another database."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            yield None
            return
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        yield snapshot
        snapshot.close()


def restore_dataset(snapshot):
    if snapshot is None:
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_dataset", stdout=io.StringIO())
        return
    # The live server's thread shares this connection: it reads the restored rows too.
    snapshot.backup(connection.connection)
    # As a load does: cached responses and derived rows were made from the test's data.
    data_version_bump()


# What signing in to the admin leaves behind: users, their groups and sessions, django-axes's
# records of the attempts, admin log entries. The dataset has none of them.
SIGN_IN_TABLES = {
    "auth.User",
    "auth.User_groups",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "admin.LogEntry",
}


@pytest.fixture(autouse=True)
def dataset_as_loaded(dataset_rows, dataset_snapshot, django_db_blocker):
    """Database access for the test and the live server, outside a transaction so that each
    sees the other's writes; afterwards the dataset is loaded anew if the test changed it.
    Autouse fixtures are set up first and torn down last: the page is closed by then."""
    with django_db_blocker.unblock():
        yield
        changed = {label for label, count in row_counts().items() if count != dataset_rows[label]}
        if changed and changed <= SIGN_IN_TABLES:
            # A test that only signed someone in: remove what that left, not the whole dataset
            # (a reload takes half a minute).
            for label in SIGN_IN_TABLES:
                apps.get_model(label)._base_manager.all().delete()
        if row_counts() != dataset_rows:
            restore_dataset(dataset_snapshot)
            assert row_counts() == dataset_rows, "the dataset did not load as before"


@pytest.fixture(scope="session")
def site_url(dataset_rows):
    # The in-memory SQLite test database is shared with the server's thread by LiveServer.
    server = LiveServer("localhost")
    with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        yield server.url
    server.stop()


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
    directory = screenshot_dir()
    try:
        if directory is not None and not page.is_closed():
            name = screenshot_name(request.node.nodeid.split("::", 1)[-1])
            # The first screen as the test left it (a full page is slow to take).
            page.screenshot(path=str(directory / f"{name}.png"))
    finally:
        context.close()
    assert page_watch.dialogs == [], f"dialogs opened: {page_watch.dialogs}"
    assert page_watch.page_errors == [], f"uncaught errors: {page_watch.page_errors}"
    assert page_watch.unexpected_console_errors() == [], (
        f"console errors: {page_watch.unexpected_console_errors()}"
    )
