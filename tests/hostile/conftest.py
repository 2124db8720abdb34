import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The table's records, made once for the module inside a transaction rolled back at its
    end; each case's own transaction (pytest-django's `db`) is a savepoint inside it. Marked
    as a test case's block, so that tests/conftest.py treats the requests as in any test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        with atomic:
            yield build_world()
            transaction.set_rollback(True)
