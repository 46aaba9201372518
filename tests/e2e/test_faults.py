"""When Telegram or the disk misbehave: one answer, never two; a clear error, never a half import."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

import pytest

from analytics.errors import StorageUnavailable
from bot import service
from bot.service import records
from storage import database
from tests.conftest import ALICE
from tests.helpers.shop import generic_orders_csv
from tests.helpers.storage_faults import read_only_database


def _final_answers(bot_api, since):
    return [s for s in bot_api.sent[since:] if s.chat_id == ALICE and "Send /segments" in (s.text or "")]


@pytest.mark.parametrize("fault", ["retry_after", "bad_gateway", "drop", "stall"])
async def test_upload_reply_survives_telegram_errors_and_arrives_once(bot, bot_api, fault):
    mark = bot_api.mark()
    bot_api.inject("editMessageText", fault, times=1 if fault == "stall" else 2, retry_after=7 if fault == "stall" else 1)
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(40))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=90)
    await asyncio.sleep(1)  # time for a duplicate to show up, if one were coming
    answers = _final_answers(bot_api, mark)
    assert len({a.message_id for a in answers}) == 1
    assert len([s for s in bot_api.sent[mark:] if s.method == "sendMessage" and s.chat_id == ALICE]) == 1


async def test_read_only_database_gives_a_clear_error_and_keeps_earlier_data(bot, bot_api, settings, monkeypatch):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(30))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=90)

    monkeypatch.setattr(records, "open_database", read_only_database)
    with pytest.raises(StorageUnavailable) as raised:
        service.import_upload(settings.db_path, ALICE, "more.csv", generic_orders_csv(50, seed=9))
    assert "cannot be written" in str(raised.value) and "Nothing was saved" in str(raised.value)
    monkeypatch.undo()
    assert service.chat_stats(settings.db_path, ALICE)["customers"] == 30
    with database.open_database(settings.db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_a_command_that_meets_a_full_disk_says_so(bot, bot_api, monkeypatch, tmp_path):
    def full_disk(db_path, chat_id):
        """A real SQLITE_FULL: a database that may not grow past its first page."""
        with closing(sqlite3.connect(tmp_path / "tiny.db")) as db:
            db.execute("PRAGMA max_page_count = 1")
            db.execute("CREATE TABLE t (x TEXT)")

    monkeypatch.setattr(service, "chat_stats", full_disk)
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    reply = await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark, timeout=30)
    assert "disk is full" in reply.text and "earlier data is safe" in reply.text
