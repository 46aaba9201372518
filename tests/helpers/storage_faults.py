"""A database that refuses writes, for tests of what the owner is told when the disk will not take them."""

from __future__ import annotations

from storage import database


def read_only_database(path, *, migrate=True):
    """open_database, with every write refused as SQLite refuses them on a read-only file."""
    db = database.open_database(path, migrate=migrate)
    db.execute("PRAGMA query_only = ON")
    return db
