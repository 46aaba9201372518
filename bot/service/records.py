"""Opening the database for one job, moving a chat's rows between SQLite and the canonical
DataFrames, and turning a database that fails (full, read-only, locked, damaged) into a message
the owner can act on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlite_utils import Database

from analytics.analysis import summary_from_json
from analytics.errors import StorageUnavailable
from bot.i18n import N_, _
from storage.database import open_database
from storage.imports import (
    ITEM_FIELDS,
    ORDER_FIELDS,
    iter_items,
    iter_orders,
    iter_reviews,
    load_platform_customer_ids,
)
from storage.runs import latest_run

# Result codes (the low byte of the extended code) that mean the server's storage is at fault,
# not the file: a full disk, a read-only file or mount, an I/O error (SQLite reports a full disk
# as one when it cannot grow its shared-memory file), a file it cannot open; a database another
# process held locked past the busy timeout; a damaged file.
_UNWRITABLE = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN}
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}

STORAGE_UNAVAILABLE = N_(
    "The server's database cannot be written right now (the disk is full or the file is read-only). "
    "Nothing was saved and your earlier data is safe. Please tell whoever runs this bot, then try again."
)
STORAGE_BUSY = N_("The server's database is busy with another job right now, so I did nothing. "
                  "Your data is safe; please try again in a minute.")
STORAGE_DAMAGED = N_("The server's database file is damaged, so I cannot read or save your data right now. "
                     "Nothing was changed. Please tell whoever runs this bot: it needs restoring from a backup.")


def _result_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(error, sqlite3.Error) and code is not None else None


def storage_failure_text(error: BaseException) -> str | None:
    """The owner's words (in their language) for a database failure that is the server's storage, not
    their file; else None."""
    code = _result_code(error)
    if code in _UNWRITABLE:
        return _(STORAGE_UNAVAILABLE)
    if code in _LOCKED:
        return _(STORAGE_BUSY)
    if code in _DAMAGED:
        return _(STORAGE_DAMAGED)
    return None


def is_storage_failure(error: BaseException) -> bool:
    return storage_failure_text(error) is not None


@contextmanager
def storage_failures() -> Iterator[None]:
    """Turn the database failing (full, read-only, locked, damaged) into a message the owner can act on."""
    try:
        yield
    except sqlite3.Error as error:
        if (text := storage_failure_text(error)) is not None:
            raise StorageUnavailable(text) from error
        raise


@contextmanager
def job_database(db_path: Path) -> Iterator[Database]:
    """The database for one service job: opened without migrating (the bot migrated it at start),
    closed afterwards, and with its storage failures in the owner's words. Every service function
    opens the database through this, so no job can leak a raw SQLite error to a chat."""
    with storage_failures(), closing(open_database(db_path, migrate=False)) as db:
        yield db


def newest_run(db: Database, chat_id: int) -> dict | None:
    """The chat's newest run (storage.runs.latest_run), its summary a RunSummary even when an older
    version stored it."""
    run = latest_run(db, chat_id)
    return None if run is None else {**run, "summary": summary_from_json(run["summary"])}


ROWS_PER_CHUNK = 50_000


def rows_of(table: pd.DataFrame, fields) -> list[tuple]:
    """Rows as tuples in storage's column order, missing values as NULL."""
    return list(iter_rows(table, fields))


def iter_rows(table: pd.DataFrame, fields, *, key: list[str] | None = None) -> Iterator[tuple]:
    """Rows as tuples in storage's column order, missing values as NULL, made one chunk at a time
    (column by column, not cell by cell), so a million-row upload never holds a million tuples.

    With `key`, in the order of those columns (a stable sort): SQLite then appends to its B-trees
    instead of inserting all over them."""
    fields = list(fields)
    if key is not None and len(table) > 1:
        table = table.take(_key_order(table, key))
    for start in range(0, len(table), ROWS_PER_CHUNK):
        chunk = table.iloc[start : start + ROWS_PER_CHUNK]
        yield from zip(*(_cells(chunk[name]) for name in fields))


def _key_order(table: pd.DataFrame, key: list[str]) -> np.ndarray:
    """Positions of the rows in the stable order of the `key` columns, missing values last, as
    `sort_values(key, kind="stable")` orders them: pyarrow sorts a million lines by order id and
    line number in a seventh of the time pandas takes to factorise and lexsort them (0.07 s)."""
    try:
        keys = pa.table({name: pa.array(table[name], from_pandas=True) for name in key})
    except (pa.ArrowException, TypeError):  # mixed types pyarrow will not put in one column
        return table.reset_index(drop=True).sort_values(key, kind="stable").index.to_numpy()
    return pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in key]).to_numpy()


def _cells(column: pd.Series) -> list:
    """A column's values as Python objects, missing ones as None."""
    return column.to_numpy(dtype=object, na_value=None).tolist()


def orders_to_rows(orders: pd.DataFrame) -> Iterator[tuple]:
    """Canonical orders as tuples in storage's column order and in order id order, dates as UTC
    ISO text."""
    if orders.empty:
        return iter(())
    return iter_rows(orders.assign(ordered_at=utc_iso_text(orders["ordered_at"])), ORDER_FIELDS, key=["order_id"])


def utc_iso_text(instants: pd.Series) -> pd.Series:
    """UTC instants as storage writes them ("2024-05-06T10:12:00+00:00"), <NA> where missing;
    numpy's formatter, several times faster than strftime on a million orders."""
    seconds = instants.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[s]")
    text = pd.Series(np.char.add(np.datetime_as_string(seconds, unit="s"), "+00:00"), index=instants.index,
                     dtype=object)
    return text.where(instants.notna())


def load_orders(db_path: Path, chat_id: int, fields: Sequence[str] = ORDER_FIELDS) -> pd.DataFrame:
    """Every stored order of a chat as the canonical orders table (`fields` of its columns), in
    time order, orders of the same moment by order id."""
    with job_database(db_path) as db:
        columns, cursor = iter_orders(db, chat_id, fields)  # in order id order
        orders = pd.DataFrame.from_records(list(cursor), columns=columns)
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"], utc=True, format="ISO8601")
    orders["total"] = orders["total"].astype(float)
    if not orders["ordered_at"].is_monotonic_increasing:
        orders = orders.sort_values("ordered_at", kind="stable", ignore_index=True)
    return orders


def load_items(db_path: Path, chat_id: int, fields: Sequence[str] = ITEM_FIELDS, *,
               orders_only: bool = True) -> pd.DataFrame:
    """Every stored line item of a chat (`fields` of its columns; storage.imports.iter_items says
    what `orders_only` leaves out)."""
    with job_database(db_path) as db:
        columns, cursor = iter_items(db, chat_id, fields, orders_only=orders_only)
        return pd.DataFrame.from_records(list(cursor), columns=columns)


# What an analysis reads (analytics.analysis): building a column it never uses cost a fifth of
# loading the orders, and the items' other columns and order check two thirds of loading them.
# Its items can include the lines of matched payments: it keeps only paid orders' lines itself.
ANALYSIS_ORDER_FIELDS = ("order_id", "customer_id", "email", "name", "ordered_at", "total", "currency", "status")
ANALYSIS_ITEM_FIELDS = ("order_id", "sku", "product")


def load_platform_ids(db_path: Path, chat_id: int) -> pd.DataFrame:
    """(email, platform_customer_id) of the chat's customers whose platform id is known."""
    with job_database(db_path) as db:
        rows = load_platform_customer_ids(db, chat_id)
    return pd.DataFrame.from_records(rows, columns=["email", "platform_customer_id"])


def load_reviews(db_path: Path, chat_id: int) -> pd.DataFrame:
    with job_database(db_path) as db:
        columns, cursor = iter_reviews(db, chat_id)
        return pd.DataFrame.from_records(list(cursor), columns=columns)
