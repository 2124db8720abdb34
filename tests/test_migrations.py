"""Migrations build an empty database, reverse to zero with the dataset in it, and build it again,
into which a backup restores.

Runs manage.py against a database of its own: a SQLite file, or a fresh PostgreSQL database
beside DATABASE_URL's when that is PostgreSQL."""

import os

import pytest

from bench import servers
from bench.databases import database_of_its_own

UNAPPLY_ALL = """
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
for app in sorted(MigrationLoader(connection).migrated_apps):
    call_command("migrate", app, "zero", verbosity=0)
"""
SHOW_STATE = """
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from hubs.models import Hub
tables = connection.introspection.table_names()
print("applied", len(MigrationRecorder(connection).applied_migrations()))
print("tables", " ".join(sorted(tables)))
if "hubs_hub" in tables:
    print("hubs", Hub.objects.count())
"""


@pytest.fixture
def database_url(tmp_path):
    with database_of_its_own(tmp_path / "migrations.sqlite3", "migrations") as url:
        yield url


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = servers.manage(env, *args, capture=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def state(database_url):
    lines = manage(database_url, "shell", "--no-imports", "-c", SHOW_STATE).splitlines()
    return dict(
        line.split(" ", 1) for line in lines if line.startswith(("applied", "tables", "hubs"))
    )


def test_migrations_reverse_to_zero_and_apply_again(database_url, tmp_path):
    manage(database_url, "migrate", "--no-input")
    manage(database_url, "load_dataset")
    loaded = state(database_url)
    assert int(loaded["hubs"]) > 0
    backup = tmp_path / "atlas.xml.gz"
    manage(database_url, "backup_database", str(backup))

    manage(database_url, "shell", "--no-imports", "-c", UNAPPLY_ALL)
    emptied = state(database_url)
    assert emptied["applied"] == "0"
    assert emptied["tables"].split() == ["django_migrations"]

    manage(database_url, "migrate", "--no-input")
    assert state(database_url)["applied"] == loaded["applied"]
    manage(database_url, "restore_database", str(backup), "--no-input")
    assert state(database_url) == loaded
