"""The small tables nearly every request reads (regions, technology areas), kept per process.

They change only when a curator edits them, and every write bumps the data version
(atlas/cache.py). A copy here is used only while the version it was loaded at is current, so
an edit shows on the next request in every process. Without a cache to hold the version the
rows are read from the database each time.
"""

from atlas.cache import data_version

_copies = {}


def reference_rows(name, load):
    """`load()`'s result, loaded once per data version and process."""
    # Read the version before the rows: a write landing in between leaves this copy under
    # the older version, which the next request sees is stale.
    version = data_version()
    if version is None:
        return load()
    copy = _copies.get(name)
    if copy is not None and copy[0] == version:
        return copy[1]
    rows = load()
    _copies[name] = (version, rows)
    return rows
