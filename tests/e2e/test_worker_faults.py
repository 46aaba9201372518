"""Worker processes that die or go over their caps: the owner is told, the bot keeps working."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from bot import service
from bot.service.workers import JobRunner, WorkerDied
from bot.telegram_bot.app import build_application
from tests.conftest import ALICE
from tests.helpers.running import running
from tests.helpers.shop import generic_orders_csv


@contextlib.asynccontextmanager
async def own_workers(settings, memory_mb: int = 800):
    """The bot with a pool of its own, so killing its workers or stopping its jobs leaves the
    shared pool alone."""
    runner = JobRunner(memory_mb=memory_mb)
    application = build_application(settings, runner=runner)
    try:
        async with running(application):
            yield application
    finally:
        runner.close()


async def test_after_every_worker_is_killed_uploads_and_commands_still_work(bot_api, settings):
    async with own_workers(settings) as bot:
        await _killed_workers_are_replaced(bot, bot_api, settings)


async def _killed_workers_are_replaced(bot, bot_api, settings):
    for pid in bot.bot_data["runner"].worker_pids():
        os.kill(pid, signal.SIGKILL)
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(30))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/segments")
    reply = await bot_api.await_for(lambda s: s.chat_id == ALICE and s.method in ("sendMessage", "sendPhoto"),
                                    since=mark, timeout=90)
    assert "went wrong" not in (reply.text or reply.caption or "")
    assert service.chat_stats(settings.db_path, ALICE)["customers"] == 30


@pytest.mark.slow
async def test_an_import_over_the_memory_cap_is_stopped_with_words_and_saves_nothing(bot_api, settings):
    async with own_workers(settings, memory_mb=280):  # a warmed worker holds about 235 MB before any job
        await _over_the_cap_is_stopped(bot_api, settings)


async def _over_the_cap_is_stopped(bot_api, settings):
    data = generic_orders_csv(20_000)  # 13 MB: under Telegram's download limit, far over the cap once read
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "big.csv", data)
    answer = await bot_api.await_for(lambda s: "stopped it" in (s.text or ""), since=mark, timeout=110)
    assert "280 MB" in answer.text and "Nothing from this file was saved" in answer.text
    assert service.chat_stats(settings.db_path, ALICE)["orders"] == 0
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    stats = await bot_api.await_for(lambda s: s.chat_id == ALICE and s.method == "sendMessage", since=mark, timeout=60)
    assert "went wrong" not in stats.text


class _DiesAfterTheUndo(JobRunner):
    """Workers whose undo job dies right after the undo was saved, before it could re-analyse."""

    async def run(self, function, *args):
        result = await super().run(function, *args)
        if function is service.undo_upload:
            raise WorkerDied()
        return result


@pytest.mark.slow
async def test_an_undo_saved_just_before_its_worker_died_is_reported_as_done_and_finished(bot_api, settings):
    runner = _DiesAfterTheUndo()
    try:
        async with running(build_application(settings, runner=runner)):
            for name, orders in (("A.csv", 30), ("B.csv", 40)):
                mark = bot_api.mark()
                bot_api.send_document(ALICE, name, generic_orders_csv(orders, seed=orders))
                await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
            mark = bot_api.mark()
            bot_api.send_text(ALICE, "/undo")
            question = await bot_api.await_for(lambda s: s.reply_markup is not None, since=mark, timeout=60)
            mark = bot_api.mark()
            bot_api.press_button(question, question.button_data("Yes"))
            answer = await bot_api.await_for(
                lambda s: s.method == "editMessageText" and s.message_id == question.message_id, since=mark, timeout=120)
    finally:
        runner.close()
    assert "Undid B.csv" in answer.text and "just before its job was stopped" in answer.text
    assert "the analysis is up to date" in answer.text and "Nothing was" not in answer.text
    assert [row["file_name"] for row in service.uploads(settings.db_path, ALICE)] == ["A.csv"]
    assert service.latest_summary(settings.db_path, ALICE)["customers"] == service.chat_stats(settings.db_path, ALICE)["customers"]
