"""A database that fails gives the owner words at every service call, not only at imports.

Before the one open-database helper, only four of the service's database sites translated
storage failures; /schedule, /stats or the digest log leaked a raw SQLite error instead.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from analytics.errors import StorageUnavailable
from bot import service
from bot.service import records
from bot.service.records import STORAGE_BUSY, STORAGE_DAMAGED, STORAGE_UNAVAILABLE
from storage import database
from tests.helpers.storage_faults import read_only_database

CHAT = 7


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "shop.db"
    with closing(database.open_database(path)):
        pass
    return path


def test_a_damaged_database_file_is_said_to_need_restoring(tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not an SQLite file, it is what a bad copy left behind" * 100)
    with pytest.raises(StorageUnavailable) as raised:
        service.chat_stats(damaged, CHAT)
    assert str(raised.value) == STORAGE_DAMAGED


def test_a_schedule_change_on_a_read_only_database_says_nothing_was_saved(db_path, monkeypatch):
    monkeypatch.setattr(records, "open_database", read_only_database)
    with pytest.raises(StorageUnavailable) as raised:
        service.set_digest_schedule(db_path, CHAT, weekday=4, hour=18, minute=0, timezone_name="UTC")
    assert str(raised.value) == STORAGE_UNAVAILABLE


def test_a_database_locked_by_another_job_asks_to_try_again(db_path, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.05)
    with closing(sqlite3.connect(db_path)) as other:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StorageUnavailable) as raised:
            service.ensure_digest_schedule(db_path, CHAT, "UTC")
    assert str(raised.value) == STORAGE_BUSY
    assert service.ensure_digest_schedule(db_path, CHAT, "UTC")["timezone"] == "UTC"  # once the other job let go


def test_a_failure_of_the_query_itself_is_not_blamed_on_the_disk(db_path):
    with pytest.raises(sqlite3.OperationalError), records.job_database(db_path) as db:
        db.execute("SELECT no_such_column FROM orders")
