"""The small tables nearly every request reads (regions, technology areas), kept per process
and in the shared cache.

They change only when a curator edits them, and every write bumps the data version
(atlas/cache.py). A copy is used only while the version it was loaded at is current, so an
edit shows on the next request in every process. Once a write commits and bumps the version,
the writing process reads the tables again and leaves the copies in the shared cache under
the new version, so the requests after a write find them there instead of reading the
database. Without a cache to hold the version the rows are read from the database each time.
"""

from django.conf import settings
from django.core.cache import cache

from atlas.cache import data_version, data_version_bumped

_copies = {}
_loaders = {}


def shared_key(name, version):
    return f"reference:{name}:{version}"


def register(name):
    """Decorator: the function loads a table that a committed write reads again for every
    process."""

    def registered(load):
        _loaders[name] = load
        return load

    return registered


def reference_rows(name, load):
    """`load()`'s result, loaded once per data version (and, where another process or the
    last write left it in the shared cache, not even once here)."""
    # Read the version before the rows: a write landing in between leaves this copy under
    # the older version, which the next request sees is stale.
    version = data_version()
    if version is None:
        return load()
    copy = _copies.get(name)
    if copy is not None and copy[0] == version:
        return copy[1]
    rows = cache.get(shared_key(name, version))
    if rows is None:
        rows = load()
        cache.set(shared_key(name, version), rows, settings.RESPONSE_CACHE_SECONDS)
    _copies[name] = (version, rows)
    return rows


def refresh_after_write(**signal_kwargs):
    """Reads every registered reference table, under the current data version,
    into the shared cache (after each bump of the version, see atlas/cache.py)."""
    version = data_version()
    if version is None:
        return
    for name, load in list(_loaders.items()):
        rows = load()
        cache.set(shared_key(name, version), rows, settings.RESPONSE_CACHE_SECONDS)
        _copies[name] = (version, rows)


data_version_bumped.connect(refresh_after_write, dispatch_uid="reference-rows-refresh")
