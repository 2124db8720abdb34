"""Backup and restore of the whole database as one Django fixture file.

Every table is written with its primary keys, content types and permissions included, and no
natural keys, so a restore reproduces the database row for row:

- history rows keep pointing at the records they describe by id, deleted ones included (a
  natural key of a deleted region cannot even be looked up, so `dumpdata --natural-foreign`
  fails once a curator has deleted one);
- the format is XML because Django's JSON serializer cuts datetimes to milliseconds, which
  would change every history date and the order of same-millisecond records.

Sessions are left out: a restore signs everyone out. Loading a fixture saves with raw=True,
which django-simple-history ignores, so a restore adds no history records of its own.
"""

import os
import re
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, transaction

from atlas.cache import data_version_bump

BACKUP_FORMAT = "xml"
# dumpdata and loaddata read the format and the compression from the file name.
BACKUP_NAME = re.compile(r"\.xml(\.(gz|bz2|xz|lzma))?$")
EXCLUDED_APPS = ["sessions"]


def backup_path_check(path):
    path = Path(path)
    if not BACKUP_NAME.search(path.name):
        raise CommandError(f"A backup is named *.xml or *.xml.gz (.bz2, .xz), not {path.name}.")
    return path


def database_backup(*, path):
    """Writes every table but sessions to `path`; a failed backup leaves no file behind."""
    path = backup_path_check(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The compression suffix must stay last for dumpdata to apply it.
    partial = path.with_name(f".partial-{path.name}")
    try:
        call_command(
            "dumpdata",
            format=BACKUP_FORMAT,
            exclude=EXCLUDED_APPS,
            use_base_manager=True,
            output=str(partial),
            verbosity=0,
        )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def database_restore(*, path):
    """Replaces every row of the database (sessions too) with the backup's. All or nothing:
    if the file cannot be loaded, the database keeps what it had."""
    path = backup_path_check(path)
    if not path.is_file():
        raise CommandError(f"No backup file at {path}.")
    with transaction.atomic():
        # The backup holds the content types and permissions with their ids; recreating
        # them after the flush would take the ids the backup's rows need.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(path), verbosity=0)
    ContentType.objects.clear_cache()
    # Content types and permissions of models newer than the backup.
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    # Cached responses were rendered from the rows the restore replaced.
    data_version_bump()
