"""The weekly digest through the real JobQueue and the local Bot API."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import logging
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from bot import service
from bot.service.workers import WorkerDied
from bot.telegram_bot.app import build_application
from bot.telegram_bot.digests import deliver_digest, job_name, last_slot, restore_digests, week_key
from tests.conftest import ALICE
from tests.helpers.running import running
from tests.helpers.shop import generic_orders_csv

UTC = dtm.UTC


def _shop_until(day: str) -> bytes:
    """The synthetic shop's export, cut at a day, as an owner would have exported it then."""
    table = pd.read_csv(io.BytesIO(generic_orders_csv(300, seed=4)))
    return table[table["Date"] < day].to_csv(index=False).encode()


async def _upload(bot_api, content: bytes, name="orders.csv"):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, name, content)
    return await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)


def _digests(bot_api, since=0):
    return [s for s in bot_api.sent[since:] if s.method == "sendMessage" and "weekly ShopPulse digest" in (s.text or "")]


async def test_first_upload_schedules_monday_digest_and_the_digest_reports_the_week(bot, bot_api, settings):
    reply = await _upload(bot_api, _shop_until("2024-05-01"))
    assert "Mondays at 09:00 (UTC)" in reply.text
    job = bot.job_queue.get_jobs_by_name(job_name(ALICE))[0]
    assert job.next_t.weekday() == 0 and (job.next_t.hour, job.next_t.minute) == (9, 0)

    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE) == "sent"
    text = _digests(bot_api, mark)[0].text
    assert "Revenue:" in text and "vs last week" in text and "4-week average" in text
    assert "new," in text and "returning" in text
    assert "likely to stop buying</b> (a 50% or higher chance of no order in the next 90 days" in text
    assert re.search(r"Forecast check: last week we expected [\d,]+ orders from existing customers; [\d,]+ came\.", text)
    chart = await bot_api.await_for(lambda s: s.method == "sendPhoto", since=mark)
    assert chart.content.startswith(b"\x89PNG")
    assert _digests(bot_api, mark)[0].buttons()[0]["callback_data"] == "export-at-risk"

    assert await deliver_digest(bot, ALICE) == "already"
    assert len(_digests(bot_api, mark)) == 1


async def test_next_digest_reports_moves_and_new_risks_or_says_nothing_was_uploaded(bot, bot_api):
    await _upload(bot_api, _shop_until("2024-03-01"))
    assert await deliver_digest(bot, ALICE) == "sent"

    next_week = dtm.datetime.now(UTC) + dtm.timedelta(days=7)
    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE, now=next_week) == "sent"
    assert "No new orders were uploaded since the last digest" in _digests(bot_api, mark)[0].text

    await _upload(bot_api, _shop_until("2024-06-01"), name="orders-june.csv")
    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE, now=next_week + dtm.timedelta(days=7)) == "sent"
    text = _digests(bot_api, mark)[0].text
    assert "Segment moves since the last digest" in text and "→" in text
    assert "newly likely to stop buying" in text or "Nobody new is likely to stop buying" in text


async def test_schedule_command_reschedules_in_the_owners_time_zone(bot, bot_api):
    await _upload(bot_api, _shop_until("2024-05-01"))
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/schedule fri 18:30 europe/berlin")
    reply = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "Fridays at 18:30 (Europe/Berlin)" in reply.text
    job = bot.job_queue.get_jobs_by_name(job_name(ALICE))[0]
    local = job.next_t.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.weekday(), local.hour, local.minute) == (4, 18, 30)

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/schedule sometime")
    assert "Use /schedule" in (await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)).text

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/schedule off")
    off = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "digest is off" in off.text and "Pick a day below" in off.text
    assert not bot.job_queue.get_jobs_by_name(job_name(ALICE))
    days = [b["callback_data"] for b in off.buttons()]
    assert days == [f"sched:day:{n}" for n in range(7)]  # the buttons it promises; no "Turn off" while off
    mark = bot_api.mark()
    bot_api.press_button(off, "sched:day:0")
    times = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark)
    mark = bot_api.mark()
    bot_api.press_button(times, times.buttons()[0]["callback_data"])
    await bot_api.await_for(lambda s: s.method == "editMessageText" and "Mondays at" in (s.text or ""), since=mark)
    assert bot.job_queue.get_jobs_by_name(job_name(ALICE))


async def test_schedule_buttons(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/schedule")
    menu = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    mark = bot_api.mark()
    bot_api.press_button(menu, "sched:day:2")
    times = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark)
    assert "Wednesday" in times.text
    mark = bot_api.mark()
    bot_api.press_button(times, times.buttons()[0]["callback_data"])
    done = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark)
    assert "Wednesdays at 07:00" in done.text
    assert bot.job_queue.get_jobs_by_name(job_name(ALICE))


def test_daylight_saving_keeps_local_time():
    schedule = {"weekday": 0, "hour": 9, "minute": 0, "timezone": "Europe/Berlin"}
    winter = last_slot(schedule, dtm.datetime(2026, 3, 24, 12, tzinfo=UTC))
    summer = last_slot(schedule, dtm.datetime(2026, 3, 31, 12, tzinfo=UTC))
    assert winter.astimezone(UTC).hour == 8 and summer.astimezone(UTC).hour == 7
    assert week_key(dtm.datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "Europe/Berlin") == "2026-W14"
    assert week_key(dtm.datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "America/New_York") == "2026-W13"


async def test_scheduler_fires_across_daylight_saving_at_local_time(bot):
    from bot.telegram_bot.digests import schedule_digest

    schedule_digest(bot, {"chat_id": 77, "weekday": 0, "hour": 9, "minute": 0, "timezone": "Europe/Berlin", "enabled": 1})
    trigger = bot.job_queue.get_jobs_by_name(job_name(77))[0].job.trigger
    before = trigger.get_next_fire_time(None, dtm.datetime(2026, 3, 24, tzinfo=UTC))
    after = trigger.get_next_fire_time(None, dtm.datetime(2026, 3, 31, tzinfo=UTC))
    assert before.astimezone(UTC) == dtm.datetime(2026, 3, 30, 7, tzinfo=UTC)
    assert after.astimezone(UTC) == dtm.datetime(2026, 4, 6, 7, tzinfo=UTC)


async def test_restart_restores_jobs_and_catches_up_once(bot_api, settings, job_runner):
    today = dtm.datetime.now(UTC)
    first = build_application(settings, runner=job_runner)
    async with running(first):
        await _upload(bot_api, _shop_until("2024-05-01"))
        service.set_digest_schedule(settings.db_path, ALICE, weekday=today.weekday(), hour=0, minute=0,
                                    timezone_name="UTC")
    # The bot was down at today's 00:00 slot; starting again sends this week's digest once.
    mark = bot_api.mark()
    second = build_application(settings, runner=job_runner)
    async with running(second):
        await second.bot_data["warming_up"]  # start-up rebuilds the jobs in the background, after the warm-up
        assert second.job_queue.get_jobs_by_name(job_name(ALICE)), "the weekly job is rebuilt from storage"
        await bot_api.await_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=60)
        assert await restore_digests(second) == []
    third = build_application(settings, runner=job_runner)
    async with running(third):
        assert await restore_digests(third) == []
    assert len(_digests(bot_api, mark)) == 1


@pytest.mark.parametrize("fault", ["retry_after", "drop", "bad_gateway"])
async def test_transient_errors_are_retried_and_the_digest_arrives_once(bot, bot_api, fault):
    await _upload(bot_api, _shop_until("2024-05-01"))
    mark = bot_api.mark()
    bot_api.inject("sendMessage", fault)
    assert await deliver_digest(bot, ALICE) == "sent"
    assert len(_digests(bot_api, mark)) == 1


async def test_blocked_chat_pauses_its_schedule_with_a_clear_log_line(bot, bot_api, settings, caplog):
    await _upload(bot_api, _shop_until("2024-05-01"))
    bot_api.block(ALICE)
    with caplog.at_level(logging.WARNING):
        assert await deliver_digest(bot, ALICE) == "blocked"
    assert f"chat {ALICE} has blocked the bot" in caplog.text
    assert service.digest_schedule(settings.db_path, ALICE)["enabled"] == 0
    assert not bot.job_queue.get_jobs_by_name(job_name(ALICE))
    week = week_key(dtm.datetime.now(UTC), "UTC")
    assert not service.digest_week_claimed(settings.db_path, ALICE, week)


async def test_digest_command_shows_it_now_without_using_up_the_week(bot, bot_api, settings):
    await _upload(bot_api, _shop_until("2024-05-01"))
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/digest")
    await bot_api.await_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=60)
    assert not service.digest_week_claimed(settings.db_path, ALICE, week_key(dtm.datetime.now(UTC), "UTC"))


async def test_digest_command_shows_this_weeks_digest_again_with_the_export_button(bot, bot_api):
    await _upload(bot_api, _shop_until("2024-05-01"))
    assert await deliver_digest(bot, ALICE) == "sent"
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/digest")
    again = await bot_api.await_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=60)
    assert "Shown again: nothing was uploaded since the digest of" in again.text
    assert "Revenue:" in again.text and "No new orders were uploaded" not in again.text
    button = again.buttons()[0]
    assert button["callback_data"] == "export-digest-list"
    mark = bot_api.mark()
    bot_api.press_button(again, button["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    rows = document.content.decode("utf-8-sig").strip().splitlines()[1:]
    assert f"Export these {len(rows):,} (CSV)" in button["text"]


def _newly_list(text: str) -> tuple[int, list[str]]:
    """The digest's "likely to stop buying" heading count and the customer lines under it."""
    heading = re.search(r"<b>([\d,]+) customers? (?:newly )?likely to stop buying</b>[^\n]*\n((?:• [^\n]*\n?)*)", text)
    assert heading, text
    return int(heading[1].replace(",", "")), heading[2].strip().splitlines()


async def test_digest_shown_again_after_more_uploads_lists_the_weeks_own_newly_list_and_exports_it(
        bot, bot_api, settings):
    await _upload(bot_api, _shop_until("2024-04-01"))
    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE) == "sent"
    sent_count, sent_lines = _newly_list(_digests(bot_api, mark)[0].text)
    assert sent_count and sent_lines

    await _upload(bot_api, _shop_until("2024-06-01"), name="orders-june.csv")
    at_risk_now = service.at_risk(settings.db_path, ALICE).customers
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/digest")
    again = await bot_api.await_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=60)
    assert "Shown again: this week's digest went out" in again.text
    assert "likely to stop buying</b> in this week's digest (" in again.text
    count, lines = _newly_list(again.text)
    assert (count, lines) == (sent_count, sent_lines)
    assert count != len(at_risk_now), "the data moved on: everyone at risk today is not the week's list"

    button = again.buttons()[0]
    assert button["text"] == f"⬇️ Export these {sent_count:,} (CSV)"
    mark = bot_api.mark()
    bot_api.press_button(again, button["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    exported = pd.read_csv(io.BytesIO(document.content), encoding="utf-8-sig")
    assert len(exported) == sent_count
    first = exported.iloc[0]
    shown = first["Name"] if isinstance(first["Name"], str) else first["Email"]
    assert sent_lines[0].startswith(f"• {shown}:")


async def test_a_timed_out_digest_is_never_sent_again(bot, bot_api):
    await _upload(bot_api, _shop_until("2024-05-01"))
    mark = bot_api.mark()
    bot_api.inject("sendMessage", "stall", retry_after=7)  # longer than the bot's 5 s read timeout
    assert await deliver_digest(bot, ALICE) == "uncertain"
    await bot_api.await_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=15)
    assert await deliver_digest(bot, ALICE) == "already"
    assert len(_digests(bot_api, mark)) == 1


async def test_a_worker_dying_while_the_digest_is_built_does_not_cost_the_week(bot, bot_api, settings, monkeypatch):
    await _upload(bot_api, _shop_until("2024-05-01"))
    runner = bot.bot_data["runner"]
    real_run = runner.run
    claimed_while_building = []

    async def dies_once(function, *args):
        if function is service.build_digest and not claimed_while_building:
            week = week_key(dtm.datetime.now(UTC), "UTC")
            claimed_while_building.append(service.digest_week_claimed(settings.db_path, ALICE, week))
            raise WorkerDied()
        return await real_run(function, *args)

    monkeypatch.setattr(runner, "run", dies_once)
    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE) == "sent"
    assert claimed_while_building == [False]  # a bot killed at that moment would still send it after a restart
    assert len(_digests(bot_api, mark)) == 1


@pytest.mark.slow
async def test_a_slot_that_passes_while_the_workers_warm_up_is_still_sent(bot_api, settings, job_runner, monkeypatch):
    first = build_application(settings, runner=job_runner)
    async with running(first):
        await _upload(bot_api, _shop_until("2024-05-01"))
    slot = (dtm.datetime.now(UTC) + dtm.timedelta(minutes=1)).replace(second=0, microsecond=0)
    service.set_digest_schedule(settings.db_path, ALICE, weekday=slot.weekday(), hour=slot.hour, minute=slot.minute,
                                timezone_name="UTC")
    real_warm_up = job_runner.warm_up

    async def warm_up_past_the_slot():  # as a cold start on a busy machine does
        await real_warm_up()
        await asyncio.sleep(max(0.0, (slot - dtm.datetime.now(UTC)).total_seconds()) + 2)

    monkeypatch.setattr(job_runner, "warm_up", warm_up_past_the_slot)
    mark = bot_api.mark()
    second = build_application(settings, runner=job_runner)
    async with running(second):
        await bot_api.await_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=60)
    assert len(_digests(bot_api, mark)) == 1
