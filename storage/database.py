"""Open the ShopPulse database: owner-only file, WAL, foreign keys, schema up to date."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from storage.migrations import MIGRATIONS

BUSY_TIMEOUT_SECONDS = 60


def utc_now() -> str:
    """The time stamps every table stores: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at `path`.

    The file is created readable by its owner only, before SQLite touches it, because it holds
    customer names and e-mails. Workers that only read and write rows pass `migrate=False`;
    the bot migrates once at start-up so that two processes never race to alter the schema.
    """
    if str(path) == ":memory:":
        connection = sqlite3.connect(":memory:")
    else:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
    db = Database(connection)
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        MIGRATIONS.apply(db)
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock before its first read.

    Use it where a decision is read and then acted on (is this still the upload the owner was
    asked about?): a second process waits for the first to commit and then reads its result,
    instead of acting on the state both saw before.
    """
    if db.conn.in_transaction:  # already inside the caller's transaction: that one holds the lock
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.execute("COMMIT")


def rows_of_orders(db: Database, chat_id: int, select: str, order_ids: Sequence[str]) -> list[tuple]:
    """`SELECT … FROM … WHERE chat_id = ? AND order_id IN (…)` for any number of order ids: SQLite
    allows only so many parameters in one statement, so the ids go in chunks of 500."""
    found: list[tuple] = []
    for start in range(0, len(order_ids), 500):
        chunk = list(order_ids[start : start + 500])
        found += db.execute(f"{select} WHERE chat_id = ? AND order_id IN ({', '.join('?' * len(chunk))})",
                            [chat_id, *chunk]).fetchall()
    return found
