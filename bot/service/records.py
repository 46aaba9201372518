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


@contextmanager
def storage_failures():
    """Turn the database refusing writes into a message the owner can act on."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "readonly" in text or "read-only" in text or "disk" in text or "full" in text:
            raise StorageUnavailable(
                "I could not save this upload: the server's database cannot be written right now "
                "(the disk is full or the file is read-only). Nothing was saved and your earlier data is "
                "safe. Please tell whoever runs this bot, then send the file again."
            ) from error
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
