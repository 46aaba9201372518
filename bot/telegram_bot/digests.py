"""The weekly digest on Telegram: scheduled per chat on the JobQueue, /digest and /schedule.

The database is the source of truth: jobs are rebuilt from it at start-up (stable ids, so a
restart never doubles them), and a digest missed while the bot was down is sent once when it
comes back, if it is still the same week. Sending at most once per chat and week (claim, build,
send, record or release) is bot.service.digest_delivery's; this module only gives it a `send`.
"""

from __future__ import annotations

import datetime as dtm
import logging
import re
from functools import partial
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import get_day_names
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TimedOut
from telegram.ext import Application

from bot import service
from bot.i18n import CHINESE, _, current_language, use_language
from bot.service.digest_delivery import MaybeDelivered, RecipientGone, week_key
from bot.service.digests import DigestContent
from bot.service.jobs import run_light
from bot.telegram_bot.context import ShopContext, runner_of, settings_of
from bot.telegram_bot.forecasts import EXPORT_AT_RISK, EXPORT_DIGEST_LIST
from bot.telegram_bot.replies.digest import (
    REVENUE_CAPTION,
    SCHEDULE_USAGE,
    TURN_OFF_BUTTON,
    WEEKDAY_NAMES,
    digest_text,
    export_all_label,
    export_sent_list_label,
    schedule_text,
    time_question_text,
)
from bot.telegram_bot.replies.phrases import weekday_short
from bot.telegram_bot.sending import with_retries
from storage.digests import DEFAULT_SCHEDULE

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 6 * 3600  # a busy moment or a short outage never silently skips a digest
# "fri", and Chinese "周五" / "星期五" (Babel's day names), for /schedule's first word.
DAY_WORDS = {name[:3].lower(): index for index, name in enumerate(WEEKDAY_NAMES)} | {
    name: index for width in ("abbreviated", "wide") for index, name in get_day_names(width, locale=CHINESE).items()}
SCHEDULE_PREFIX = "sched:"
OFFERED_TIMES = ((7, 0), (9, 0), (12, 0), (18, 0), (20, 0))


def job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def cancel_digest(application: Application, chat_id: int) -> None:
    """Remove the chat's weekly job (its schedule was turned off, or the chat forgotten)."""
    for job in application.job_queue.get_jobs_by_name(job_name(chat_id)):
        job.schedule_removal()


def schedule_digest(application: Application, schedule: dict) -> None:
    """(Re)register the chat's weekly job from its stored schedule; remove it when off."""
    chat_id = schedule["chat_id"]
    cancel_digest(application, chat_id)
    if not schedule["enabled"]:
        return
    at = dtm.time(schedule["hour"], schedule["minute"], tzinfo=ZoneInfo(schedule["timezone"]))
    application.job_queue.run_daily(
        send_scheduled_digest,
        time=at,
        days=((schedule["weekday"] + 1) % 7,),  # PTB counts days from Sunday = 0
        chat_id=chat_id,
        name=job_name(chat_id),
        job_kwargs={"id": job_name(chat_id), "replace_existing": True,
                    "misfire_grace_time": MISFIRE_GRACE_SECONDS, "coalesce": True},
    )


def last_slot(schedule: dict, now: dtm.datetime) -> dtm.datetime:
    """The most recent scheduled time at or before `now`, in the chat's time zone."""
    zone = ZoneInfo(schedule["timezone"])
    local = now.astimezone(zone)
    days_back = (local.weekday() - schedule["weekday"]) % 7
    day = local.date() - dtm.timedelta(days=days_back)
    slot = dtm.datetime.combine(day, dtm.time(schedule["hour"], schedule["minute"]), tzinfo=zone)
    if slot > local:
        slot -= dtm.timedelta(days=7)
    return slot


async def restore_digests(application: Application, *, now: dtm.datetime | None = None) -> list[int]:
    """Rebuild every chat's job from storage and queue the digests missed this week; return those chats."""
    now = now or dtm.datetime.now(dtm.UTC)
    settings = settings_of(application)
    schedules = await run_light(service.active_digest_schedules, settings.db_path)
    missed = []
    for schedule in schedules:
        schedule_digest(application, schedule)
        slot = last_slot(schedule, now)
        key = week_key(slot, schedule["timezone"])
        if key == week_key(now, schedule["timezone"]) and not await run_light(
            service.digest_week_claimed, settings.db_path, schedule["chat_id"], key
        ):
            missed.append(schedule["chat_id"])
            # The job queue only starts once the workers are warm, seconds after this: without the
            # grace time APScheduler would find the job overdue and skip it.
            application.job_queue.run_once(send_scheduled_digest, when=1, chat_id=schedule["chat_id"],
                                           name=f"digest-catch-up:{schedule['chat_id']}",
                                           job_kwargs={"misfire_grace_time": MISFIRE_GRACE_SECONDS})
    if missed:
        log.info("sending %d weekly digests missed while the bot was down", len(missed))
    return missed


async def send_scheduled_digest(context: ShopContext) -> None:
    """The job: this chat's digest for the current week, unless it already went out."""
    await deliver_digest(context.application, context.job.chat_id)


async def deliver_digest(application: Application, chat_id: int, *, now: dtm.datetime | None = None) -> str:
    """Send the week's digest at most once (bot.service.digest_delivery), in the chat's language, as
    no incoming update says it; returns "sent", "already", "blocked", "uncertain" or "failed"."""
    settings = settings_of(application)
    language = await run_light(service.chat_language, settings.db_path, chat_id)
    with use_language(language):
        delivery = await service.deliver_digest(runner_of(application), settings.db_path, chat_id,
                                                partial(_send_digest, application.bot, chat_id), now=now)
        if delivery.outcome == "blocked":
            cancel_digest(application, chat_id)
        if delivery.outcome == "sent" and delivery.content.chart is not None:
            try:
                await application.bot.send_photo(chat_id, delivery.content.chart, filename="revenue.png",
                                                 caption=_(REVENUE_CAPTION))
            except Exception as error:  # the digest itself went out; a lost chart is not resent
                log.warning("digest chart for chat %s was not delivered: %s", chat_id, type(error).__name__)
    return delivery.outcome


async def _send_digest(bot: Bot, chat_id: int, content: DigestContent) -> None:
    """The digest's text and button, with Telegram's failures told apart as delivery needs them.

    RetryAfter and connection failures are retried (bot.telegram_bot.sending); a timeout is not: the
    message may have arrived, and a digest must never come twice."""
    text, buttons = digest_text(content), digest_buttons(content)
    try:
        await with_retries(lambda: bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=buttons),
                           repeatable=False, first_delay=1)
    except Forbidden as error:
        raise RecipientGone from error
    except TimedOut as error:
        raise MaybeDelivered from error


def digest_buttons(content: DigestContent) -> InlineKeyboardMarkup | None:
    """The export button under a digest: everyone likely to stop buying, as the file holds; under
    a digest shown again, the customers its list named."""
    if content.stale or not content.likely_to_stop_total:
        return None
    if content.list_sent_at is not None:
        button = InlineKeyboardButton(export_sent_list_label(content.likely_to_stop_total),
                                      callback_data=EXPORT_DIGEST_LIST)
    else:
        button = InlineKeyboardButton(export_all_label(content.likely_to_stop_total), callback_data=EXPORT_AT_RISK)
    return InlineKeyboardMarkup([[button]])


async def start_default_schedule(application: Application, chat_id: int) -> dict | None:
    """After a chat's first upload: Monday 09:00 in SHOPPULSE_TIMEZONE, scheduled at once, in the
    language the upload was answered in."""
    settings = settings_of(application)
    await run_light(service.remember_language, settings.db_path, chat_id, current_language())
    schedule = await run_light(service.ensure_digest_schedule, settings.db_path, chat_id, settings.timezone)
    if schedule is not None:
        schedule_digest(application, schedule)
    return schedule


async def show_digest(update: Update, context: ShopContext) -> None:
    """/digest: this week's digest now, without waiting (and without using up the week's)."""
    settings = context.settings
    chat_id = update.effective_chat.id
    content = await context.run_heavy(partial(service.build_digest, again=True), settings.db_path, chat_id)
    if content.stale:
        await update.effective_message.reply_text(_(service.NO_ANALYSIS))
        return
    await update.effective_message.reply_text(digest_text(content), parse_mode=ParseMode.HTML,
                                              reply_markup=digest_buttons(content))
    if content.chart is not None:
        await update.effective_message.reply_photo(content.chart, filename="revenue.png", caption=_(REVENUE_CAPTION))


async def set_schedule(update: Update, context: ShopContext) -> None:
    """/schedule [off | <day> <HH:MM> [time zone]]; without arguments, buttons."""
    settings = context.settings
    chat_id = update.effective_chat.id
    current = await context.run_light(service.digest_schedule, settings.db_path, chat_id)
    args = context.args or []
    if not args:
        await update.effective_message.reply_text(schedule_text(current),
                                                  reply_markup=_day_buttons(with_off=bool(current and current["enabled"])))
        return
    zone = current["timezone"] if current else settings.timezone
    if len(args) == 1 and args[0].lower() == "off":
        schedule = await _store(context, chat_id, current, zone, enabled=False)
        await update.effective_message.reply_text(schedule_text(schedule), reply_markup=_day_buttons(with_off=False))
        return
    day = DAY_WORDS.get(args[0][:3].lower()) if args else None
    time_match = re.fullmatch(r"(\d{1,2}):(\d{2})", args[1]) if len(args) > 1 else None
    zone = find_zone(args[2]) if len(args) > 2 else zone
    if day is None or time_match is None or int(time_match[1]) > 23 or int(time_match[2]) > 59 \
            or zone is None or len(args) > 3:
        await update.effective_message.reply_text(_(SCHEDULE_USAGE))
        return
    schedule = await _store(context, chat_id, current, zone, weekday=day,
                            hour=int(time_match[1]), minute=int(time_match[2]))
    await update.effective_message.reply_text(schedule_text(schedule))


_ZONES_BY_LOWER = {name.lower(): name for name in available_timezones()}


def find_zone(text: str) -> str | None:
    """A time zone name as the owner typed it ("europe/berlin") -> its real name, or None."""
    return _ZONES_BY_LOWER.get(text.strip().lower())


async def _store(context, chat_id: int, current: dict | None, zone: str, *, enabled: bool = True,
                 weekday: int | None = None, hour: int | None = None, minute: int | None = None) -> dict:
    settings = context.settings
    base = current or DEFAULT_SCHEDULE
    schedule = await context.run_light(service.set_digest_schedule, settings.db_path, chat_id,
        weekday=base["weekday"] if weekday is None else weekday, hour=base["hour"] if hour is None else hour,
        minute=base["minute"] if minute is None else minute, timezone_name=zone, enabled=enabled,
    )
    schedule_digest(context.application, schedule)
    return schedule


def _day_buttons(*, with_off: bool = True) -> InlineKeyboardMarkup:
    """A button per weekday (picking one turns the digest on), and "Turn off" while it is on."""
    days = [InlineKeyboardButton(weekday_short(index), callback_data=f"{SCHEDULE_PREFIX}day:{index}")
            for index in range(len(WEEKDAY_NAMES))]
    off = [[InlineKeyboardButton(_(TURN_OFF_BUTTON), callback_data=f"{SCHEDULE_PREFIX}off")]] if with_off else []
    return InlineKeyboardMarkup([days[:4], days[4:], *off])


async def schedule_button(update: Update, context: ShopContext) -> None:
    """Day, then time buttons under /schedule."""
    query = update.callback_query
    await query.answer()
    settings = context.settings
    chat_id = update.effective_chat.id
    current = await context.run_light(service.digest_schedule, settings.db_path, chat_id)
    zone = current["timezone"] if current else settings.timezone
    parts = query.data.removeprefix(SCHEDULE_PREFIX).split(":")
    if parts[0] == "off":
        schedule = await _store(context, chat_id, current, zone, enabled=False)
        await query.edit_message_text(schedule_text(schedule), reply_markup=_day_buttons(with_off=False))
        return
    elif parts[0] == "day":
        day = int(parts[1])
        times = [InlineKeyboardButton(f"{h:02d}:{m:02d}", callback_data=f"{SCHEDULE_PREFIX}at:{day}:{h}:{m}")
                 for h, m in OFFERED_TIMES]
        await query.edit_message_text(time_question_text(day, zone), reply_markup=InlineKeyboardMarkup([times]))
        return
    else:
        _at, day, hour, minute = parts
        schedule = await _store(context, chat_id, current, zone, weekday=int(day), hour=int(hour), minute=int(minute))
    await query.edit_message_text(schedule_text(schedule))
