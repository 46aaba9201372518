"""Build the Telegram application: the one factory used by `shoppulse run` and the tests."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from contextlib import closing, suppress

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.i18n import MENU_LANGUAGE_CODES, use_language
from bot.service.workers import JobRunner
from bot.telegram_bot import (
    basics,
    column_questions,
    digests,
    forecasts,
    insights,
    languages,
    questions,
    reports,
    uploads,
)
from bot.telegram_bot.access import gate
from bot.telegram_bot.commands import COMMANDS
from bot.telegram_bot.context import CONTEXT_TYPES, RUNNER, SETTINGS, runner_of, settings_of
from bot.telegram_bot.fitting import FittingBot
from bot.telegram_bot.pending import after_analysis
from storage.database import open_database

# RetryAfter.retry_after becomes a timedelta in PTB 23; opt in now so nothing changes then.
os.environ.setdefault("PTB_TIMEDELTA", "true")
log = logging.getLogger(__name__)

# Commands that answer from the analysis: sent while an upload is analysed, they wait for it.
WAIT_FOR_ANALYSIS = {"segments", "export", "churn", "value", "customer", "sentiment", "basket", "recommend", "digest", "cohorts"}
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_UPDATES = 16


def build_application(settings: Settings, *, runner: JobRunner | None = None) -> Application:
    """The bot with every handler registered, ready for polling against `settings`' Bot API."""
    with closing(open_database(settings.db_path)):
        pass  # create and migrate once here, before any worker process opens the file
    bot = FittingBot(
        token=settings.token,
        base_url=settings.api_base_url,
        base_file_url=settings.file_base_url,
        request=HTTPXRequest(connection_pool_size=256, media_write_timeout=60),  # the builder's defaults
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        rate_limiter=AIORateLimiter(max_retries=3),
    )
    application = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_start_up)
        .post_shutdown(_shut_down)
        .build()
    )
    application.bot_data[SETTINGS] = settings
    application.bot_data[RUNNER] = runner or JobRunner(memory_mb=settings.job_memory_mb, seconds=settings.job_seconds)
    application.bot_data["owns_runner"] = runner is None
    _add_handlers(application)
    return application


def _add_handlers(application: Application) -> None:
    application.add_handler(TypeHandler(Update, gate), group=-1)
    commands = {
        "start": basics.start,
        "help": basics.show_help,
        "segments": reports.show_segments,
        "export": reports.export_command,
        "churn": forecasts.show_churn,
        "value": forecasts.show_value,
        "customer": forecasts.show_customer,
        "horizon": forecasts.set_horizon,
        "sentiment": insights.show_sentiment,
        "basket": insights.show_basket,
        "recommend": insights.show_recommendations,
        "cohorts": questions.show_cohorts,
        "reports": questions.show_reports,
        "digest": digests.show_digest,
        "schedule": digests.set_schedule,
        "uploads": basics.show_uploads,
        "undo": basics.undo,
        "columns": uploads.forget_columns,
        "stats": basics.stats,
        "forget": basics.forget,
        "language": languages.choose_language,
    }
    assert set(commands) == {c.name for c in COMMANDS}, "every command needs a handler and a /help line"
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, after_analysis(callback) if name in WAIT_FOR_ANALYSIS else callback))
    application.add_handler(MessageHandler(filters.Document.ALL, uploads.receive_export))
    application.add_handler(CallbackQueryHandler(reports.export_button, pattern=f"^{reports.EXPORT_PREFIX}"))
    application.add_handler(CallbackQueryHandler(basics.forget_confirmed, pattern="^forget:"))
    application.add_handler(CallbackQueryHandler(basics.undo_confirmed, pattern="^undo:"))
    application.add_handler(CallbackQueryHandler(languages.language_chosen, pattern=f"^{languages.LANGUAGE_PREFIX}"))
    application.add_handler(CallbackQueryHandler(uploads.column_chosen, pattern=f"^{column_questions.MAP_PREFIX}"))
    application.add_handler(CallbackQueryHandler(digests.schedule_button, pattern=f"^{digests.SCHEDULE_PREFIX}"))
    application.add_handler(CallbackQueryHandler(forecasts.export_at_risk_button, pattern=f"^{forecasts.EXPORT_AT_RISK}$"))
    application.add_handler(CallbackQueryHandler(forecasts.export_digest_list_button,
                                                 pattern=f"^{forecasts.EXPORT_DIGEST_LIST}$"))
    application.add_handler(CallbackQueryHandler(reports.explain, pattern=f"^{reports.HOW_PREFIX}"))
    application.add_handler(CallbackQueryHandler(forecasts.customer_chosen, pattern=f"^{forecasts.CHOICE_PREFIX}customer:"))
    application.add_handler(CallbackQueryHandler(insights.recommend_chosen, pattern=f"^{forecasts.CHOICE_PREFIX}recommend:"))
    application.add_handler(MessageHandler(filters.COMMAND, basics.unknown_command))
    application.add_handler(MessageHandler(filters.PHOTO, basics.photo_instead_of_file))
    application.add_handler(CallbackQueryHandler(questions.choice_pressed, pattern=f"^{questions.CHOICE_PREFIX}"))
    application.add_handler(CallbackQueryHandler(questions.csv_pressed, pattern=f"^{questions.CSV_PREFIX}"))
    application.add_handler(CallbackQueryHandler(questions.standing_removed, pattern=f"^{questions.STANDING_PREFIX}"))
    application.add_handler(MessageHandler(filters.TEXT, after_analysis(questions.answer_message)))
    application.add_error_handler(basics.report_error)


async def _start_up(application: Application) -> None:
    """Give the phone the command menu in each language, start the workers before the first upload needs them, and
    rebuild digest jobs (queueing the ones missed this week)."""
    # Held open while the bot runs: SQLite deletes its -wal and -shm files when the last
    # connection closes, and on a full disk it could not create them again, so even reading
    # the owner's data back would fail.
    application.bot_data["database_keeper"] = open_database(settings_of(application).db_path, migrate=False)
    for language, code in MENU_LANGUAGE_CODES.items():
        with use_language(language):
            menu = [BotCommand(c.name, c.shown_help()) for c in COMMANDS]
        await application.bot.set_my_commands(menu, language_code=code)
    # In the background: the warm-up can take a minute on a busy machine, and polling starts only
    # when this returns, so /help and /start waited for it (1.6-3.5 s on a quiet machine). A job
    # sent meanwhile starts its worker itself.
    application.bot_data["warming_up"] = asyncio.create_task(_warm_up_then_restore_digests(application))
    _freeze_what_is_loaded()


def _freeze_what_is_loaded() -> None:
    """Take what the bot has loaded so far (pandas, the handlers, some 230,000 objects that live
    as long as it does) out of the garbage collector's sight, once per process. A full collection
    walked them all, 140 ms of CPU on the event loop's thread in the middle of other chats'
    replies (bench.load); now it walks only what was made since. Not collected first: that
    would be the same pause, at start-up."""
    if not gc.get_freeze_count():
        gc.freeze()


async def _warm_up_then_restore_digests(application: Application) -> None:
    """Start the workers, then rebuild the digest jobs. After the warm-up, not before: a slot that
    passes while the workers start then counts as missed and is caught up, rather than firing
    into a cold pool or being skipped for a week."""
    try:
        await runner_of(application).warm_up()
    except Exception:
        log.exception("the workers could not warm up; each starts on its first job")
    await digests.restore_digests(application)


async def _shut_down(application: Application) -> None:
    """Let the database files go, and shut the worker pool down unless it was lent by the caller
    (tests share one)."""
    if (warming := application.bot_data.pop("warming_up", None)) and not warming.done():
        warming.cancel()
        with suppress(asyncio.CancelledError):
            await warming
    if keeper := application.bot_data.pop("database_keeper", None):
        keeper.close()
    if application.bot_data["owns_runner"]:
        runner_of(application).close()
