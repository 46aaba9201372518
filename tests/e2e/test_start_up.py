"""Start-up: light commands are answered while the workers are still warming up."""

from __future__ import annotations

import asyncio

from bot.telegram_bot.app import build_application
from tests.conftest import ALICE
from tests.helpers.running import running


async def test_help_is_answered_while_the_workers_still_warm_up(bot_api, settings, job_runner, monkeypatch):
    release = asyncio.Event()
    warming = []

    async def slow_warm_up():  # as a cold start on a busy machine does, for up to a minute
        warming.append(True)
        await release.wait()

    monkeypatch.setattr(job_runner, "warm_up", slow_warm_up)
    application = build_application(settings, runner=job_runner)
    async with running(application):
        mark = bot_api.mark()
        bot_api.send_text(ALICE, "/help")
        reply = await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark, timeout=30)
        assert "/segments" in reply.text
        assert warming and not release.is_set(), "the answer came before the warm-up ended"
        release.set()
        await application.bot_data["warming_up"]
