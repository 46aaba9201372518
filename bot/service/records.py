"""Moving a chat's rows between SQLite and the canonical DataFrames, and turning a database
that refuses writes into a message the owner can act on."""

from __future__ import annotations

import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

import pandas as pd

from analytics.errors import StorageUnavailable
from storage.database import open_database
from storage.imports import (
    ORDER_FIELDS,
    iter_items,
    iter_orders,
    iter_reviews,
)

# Result codes (the low byte of the extended code) that mean the server's storage is at fault,
# not the file: a full disk, a read-only file or mount, an I/O error (SQLite reports a full disk
# as one when it cannot grow its shared-memory file), a file it cannot open.
_STORAGE_CODES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN}

STORAGE_UNAVAILABLE = (
    "The server's database cannot be written right now (the disk is full or the file is read-only). "
    "Nothing was saved and your earlier data is safe. Please tell whoever runs this bot, then try again."
)


def is_storage_failure(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.Error) and code is not None and code & 0xFF in _STORAGE_CODES


@contextmanager
def storage_failures():
    """Turn the database refusing writes into a message the owner can act on."""
    try:
        yield
    except sqlite3.Error as error:
        if is_storage_failure(error):
            raise StorageUnavailable(STORAGE_UNAVAILABLE) from error
        raise


def rows_of(table: pd.DataFrame, fields) -> list[tuple]:
    """Rows as tuples in storage's column order, missing values as NULL."""
    selected = table[list(fields)]
    return list(selected.astype(object).where(selected.notna(), None).itertuples(index=False, name=None))


def orders_to_rows(orders: pd.DataFrame):
    """Canonical orders as tuples in storage's column order, dates as UTC ISO text."""
    if orders.empty:
        return []
    return rows_of(orders.assign(ordered_at=orders["ordered_at"].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")),
                   ORDER_FIELDS)


def load_orders(db_path: Path, chat_id: int) -> pd.DataFrame:
    """Every stored order of a chat as the canonical orders table."""
    with closing(open_database(db_path, migrate=False)) as db:
        columns, cursor = iter_orders(db, chat_id)
        orders = pd.DataFrame.from_records(list(cursor), columns=columns)
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"], utc=True, format="ISO8601")
    orders["total"] = orders["total"].astype(float)
    return orders


def load_items(db_path: Path, chat_id: int) -> pd.DataFrame:
    with closing(open_database(db_path, migrate=False)) as db:
        columns, cursor = iter_items(db, chat_id)
        return pd.DataFrame.from_records(list(cursor), columns=columns)


def load_reviews(db_path: Path, chat_id: int) -> pd.DataFrame:
    with closing(open_database(db_path, migrate=False)) as db:
        columns, cursor = iter_reviews(db, chat_id)
        return pd.DataFrame.from_records(list(cursor), columns=columns)
