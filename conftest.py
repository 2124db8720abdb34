import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.test.utils import setup_databases, teardown_databases


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_modify_db_settings, django_db_blocker
):
    """Every test database starts with the curated dataset, loaded once per session (and per
    pytest-xdist worker). pytest-django's own fixture would set up only the databases that
    marked tests ask for; the browser tests are unmarked (tests/browser/conftest.py)."""
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases={DEFAULT_DB_ALIAS},
            serialized_aliases=set(),
        )
        call_command("load_dataset", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test's writes roll back with its transaction, which bumps no data version:
    a response cached in one test must not answer the next."""
    cache.clear()
