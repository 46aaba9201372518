"""Receiving an export: size check, download, import and analysis in a worker, one status message.

The status message is edited as the work moves on, so the owner sees progress without a
stream of messages; it ends as the summary of what was understood.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import Message, Update
from telegram.constants import ChatAction, FileSizeLimit, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from analytics.errors import ShopPulseError
from bot import service
from bot.telegram_bot.replies import analysis_teaser, fit, import_text, too_large_text

log = logging.getLogger(__name__)


async def receive_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Import an uploaded export into this chat's history and analyse it."""
    message = update.effective_message
    document = message.document
    name = document.file_name or "export.csv"
    if document.file_size and document.file_size > FileSizeLimit.FILESIZE_DOWNLOAD:
        await message.reply_text(too_large_text(document.file_size))
        return
    settings = context.bot_data["settings"]
    runner = context.bot_data["runner"]
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
    try:
        report = await runner.run(service.import_upload, settings.db_path, chat_id, name, data)
    except ShopPulseError as error:
        await _say(status, f"⚠️ {escape(str(error))}\n\nNothing from this file was saved.")
        return
    except Exception:
        log.exception("import failed for update %s", update.update_id)
        await _say(
            status,
            "⚠️ Something went wrong on my side while reading this file. Nothing from it was saved "
            "and your earlier data is untouched. Please try again, or send it as CSV.",
        )
        return
    summary_text = import_text(report)
    await _say(status, summary_text + "\n\n⏳ Analysing your customers…")
    try:
        summary = await runner.run(service.analyse_chat, settings.db_path, chat_id)
    except ShopPulseError as error:
        await _say(status, summary_text + f"\n\n{escape(str(error))}")
        return
    await _say(status, summary_text + analysis_teaser(summary))


async def _say(status: Message, text: str) -> None:
    """Edit the status message; a failed edit is logged, never fatal to the import."""
    try:
        await status.edit_text(fit(text), parse_mode=ParseMode.HTML)
    except TelegramError as error:
        log.warning("could not edit status message: %s", type(error).__name__)
