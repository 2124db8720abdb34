from contextlib import contextmanager

import pytest
from django.core.cache import cache

from dataset.loader import dataset_import


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the curated dataset, loaded once per session."""
    with django_db_blocker.unblock():
        dataset_import()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test's writes roll back with its transaction, which bumps no data version:
    a response cached in one test must not answer the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def _requests_see_the_test_writes_committed():
    """The data version is bumped when a write commits (atlas/cache.py), and a test's writes
    never commit: they stay in the test's transaction. Yet the next request of the test
    client reads them, on the same connection, as another process would read committed
    rows. So the bumps the writes left waiting move the version as that request starts, as
    the commit would have. A write that left no bump waiting still leaves the cache stale.

    Only the version moves: the writer's refresh of the reference tables after a commit
    (atlas/reference.py) would be counted among the request's queries here; the request
    reads the tables it needs itself, as after a write whose refresh it did not see."""
    from django.core.signals import request_started
    from django.db import connection

    from atlas.cache import _bump, _next_version

    def run_waiting_bumps(**kwargs):
        if not all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            return  # a request made inside the test's own atomic(): nothing committed yet
        waiting = [entry for entry in connection.run_on_commit if entry[1] is _bump]
        if waiting:
            connection.run_on_commit = [
                entry for entry in connection.run_on_commit if entry[1] is not _bump
            ]
            _next_version()

    request_started.connect(run_waiting_bumps, dispatch_uid="tests-waiting-bumps")
    yield
    request_started.disconnect(dispatch_uid="tests-waiting-bumps")


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks):
    """pytest-django's, but the callbacks it executes are no longer waiting afterwards, as
    after a real commit: the next request must not run a bump of the data version again."""
    from django.db import DEFAULT_DB_ALIAS, connections

    @contextmanager
    def capture(*, using=DEFAULT_DB_ALIAS, execute=False):
        connection = connections[using]
        start = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(using=using, execute=execute) as callbacks:
            yield callbacks
        if execute:
            del connection.run_on_commit[start:]

    return capture
