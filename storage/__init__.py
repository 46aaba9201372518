"""SQLite through sqlite-utils: the schema, its migrations, and one module per kind of record.

Every table is keyed by chat, so one chat never sees another's data; every import is written
in one transaction, so an upload is either wholly in or wholly out.
"""

from storage.database import open_database

__all__ = ["open_database"]
