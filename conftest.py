import pytest

from hubs.services import dataset_import


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the curated dataset, loaded once per session."""
    with django_db_blocker.unblock():
        dataset_import()
