"""Receiving an export: size check, download, import and analysis in a worker, one status message.

The status message is edited as the work moves on, so the owner sees progress without a
stream of messages; it ends as the summary of what was understood.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, FileSizeLimit, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from analytics.errors import MissingColumns, ShopPulseError
from analytics.ingest.mapping import ASKED_FIELDS, FIELD_QUESTIONS
from bot import service
from bot.telegram_bot import digests
from bot.telegram_bot.replies import analysis_teaser, fit, import_text, schedule_text, too_large_text

log = logging.getLogger(__name__)


async def receive_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Import an uploaded export into this chat's history and analyse it."""
    message = update.effective_message
    document = message.document
    name = document.file_name or "export.csv"
    if document.file_size and document.file_size > FileSizeLimit.FILESIZE_DOWNLOAD:
        await message.reply_text(too_large_text(document.file_size))
        return
    chat_id = update.effective_chat.id
    status = await message.reply_text(f"📥 Got {name}. Downloading…")
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        log.warning("download failed for update %s: %s", update.update_id, type(error).__name__)
        await _say(status, "⚠️ I could not download the file from Telegram. Please send it again.")
        return
    await _say(status, f"🔎 Reading {escape(name)} ({len(data) / 1_000_000:.1f} MB)…")
    await import_and_analyse(context, chat_id, status, name, data)


async def import_and_analyse(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, status: Message, name: str, data: bytes
) -> None:
    """Import the bytes in a worker, then analyse; the status message tells each step."""
    settings = context.bot_data["settings"]
    runner = context.bot_data["runner"]
    try:
        report = await runner.run(service.import_upload, settings.db_path, chat_id, name, data)
    except ShopPulseError as error:
        if isinstance(error, MissingColumns) and 0 < len(error.columns) <= MAX_COLUMNS_TO_ASK:
            await ask_for_columns(context, status, name, data, error)
            return
        await _say(status, f"⚠️ {escape(str(error))}\n\nNothing from this file was saved.")
        return
    except Exception:
        log.exception("import failed in chat of status message %s", status.message_id)
        await _say(
            status,
            "⚠️ Something went wrong on my side while reading this file. Nothing from it was saved "
            "and your earlier data is untouched. Please try again, or send it as CSV.",
        )
        return
    summary_text = import_text(report)
    if report.platform == "shopify-customers":
        await _say(status, summary_text)
        return
    await _say(status, summary_text + "\n\n⏳ Analysing your customers…")
    try:
        summary = await runner.run(service.analyse_chat, settings.db_path, chat_id)
    except ShopPulseError as error:
        await _say(status, summary_text + f"\n\n{escape(str(error))}")
        return
    schedule = await digests.start_default_schedule(context.application, chat_id)
    first_digest = f"\n\n{schedule_text(schedule)} Change it with /schedule." if schedule else ""
    await _say(status, summary_text + analysis_teaser(summary) + first_digest)


EDIT_ATTEMPTS = 4


async def _say(status: Message, text: str) -> None:
    """Edit the status message, retrying network failures: an edit is idempotent, so a retry can
    never make the owner see two answers. A final failure is logged, never fatal to the import."""
    for attempt in range(1, EDIT_ATTEMPTS + 1):
        try:
            await status.edit_text(fit(text), parse_mode=ParseMode.HTML)
            return
        except BadRequest as error:
            if "not modified" not in str(error).lower():  # "not modified": the earlier try got through
                log.warning("could not edit status message: %s", type(error).__name__)
            return
        except (NetworkError, RetryAfter) as error:
            if attempt == EDIT_ATTEMPTS:
                log.warning("could not edit status message after %d tries: %s", attempt, type(error).__name__)
                return
            delay = error.retry_after.total_seconds() if isinstance(error, RetryAfter) else 0.5 * attempt
            await asyncio.sleep(delay)
        except TelegramError as error:
            log.warning("could not edit status message: %s", type(error).__name__)
            return


MAX_COLUMNS_TO_ASK = 40
MAP_PREFIX = "map:"
NO_ORDER_ID = "none"


async def ask_for_columns(
    context: ContextTypes.DEFAULT_TYPE, status: Message, name: str, data: bytes, error: MissingColumns
) -> None:
    """Keep the file in memory (never on disk) and ask, column by column, which is which."""
    context.chat_data["pending_mapping"] = {
        "name": name, "data": data, "columns": error.columns, "signature": error.signature, "mapping": {},
    }
    await _ask_next_field(status, context.chat_data["pending_mapping"])


async def _ask_next_field(status: Message, pending: dict) -> None:
    field = ASKED_FIELDS[len(pending["mapping"])]
    chosen = set(pending["mapping"].values())
    buttons = [
        InlineKeyboardButton(column[:30], callback_data=f"{MAP_PREFIX}{index}")
        for index, column in enumerate(pending["columns"])
        if column not in chosen
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if field == "order_id":
        rows.append([InlineKeyboardButton("No order id: one row per purchase", callback_data=MAP_PREFIX + NO_ORDER_ID)])
    intro = (
        f"🤔 I don't recognise the columns of {escape(pending['name'])}. Tell me which is which, once; "
        "I'll remember it for files like this.\n\n" if not pending["mapping"] else ""
    )
    await status.edit_text(
        f"{intro}Which column is <b>{FIELD_QUESTIONS[field]}</b>?",
        parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows),
    )


async def column_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A column button was pressed: record it, ask the next one, or import with the mapping."""
    query = update.callback_query
    await query.answer()
    pending = context.chat_data.get("pending_mapping")
    if pending is None:
        await query.edit_message_text("That question has expired. Please send the file again.")
        return
    choice = query.data.removeprefix(MAP_PREFIX)
    field = ASKED_FIELDS[len(pending["mapping"])]
    if choice == NO_ORDER_ID:
        pending["mapping"][field] = None
    else:
        pending["mapping"][field] = pending["columns"][int(choice)]
    if len(pending["mapping"]) < len(ASKED_FIELDS):
        await _ask_next_field(query.message, pending)
        return
    del context.chat_data["pending_mapping"]
    settings = context.bot_data["settings"]
    chat_id = update.effective_chat.id
    await asyncio.to_thread(service.remember_mapping, settings.db_path, chat_id, pending["signature"], pending["mapping"])
    await _say(query.message, f"👍 Got it. Reading {escape(pending['name'])} with those columns…")
    await import_and_analyse(context, chat_id, query.message, pending["name"], pending["data"])
