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
