"""Receiving an export: size check, download, import and analysis in a worker, one status message.

The status message is edited as the work moves on, so the owner sees progress without a
stream of messages; it ends as the summary of what was understood.
"""

from __future__ import annotations

import logging
from functools import partial

from telegram import Message, Update
from telegram.constants import ChatAction, FileSizeLimit, ParseMode
from telegram.error import BadRequest, TelegramError

from analytics.errors import MissingColumns, ShopPulseError
from bot import service
from bot.i18n import _, translated
from bot.service.jobs import run_light
from bot.service.workers import JobStopped
from bot.telegram_bot import column_questions, digests
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.pending import analysing
from bot.telegram_bot.replies.digest import first_schedule_text
from bot.telegram_bot.replies.uploads import (
    ANALYSING,
    DOWNLOAD_FAILED,
    EARLIER_QUESTION,
    NOTHING_NEW,
    QUESTION_EXPIRED,
    READING_FAILED,
    analysis_failed_text,
    analysis_teaser,
    columns_cancelled_text,
    columns_chosen_text,
    columns_refused_text,
    downloading_text,
    forget_columns_text,
    import_text,
    reading_text,
    refused_text,
    saved_before_stop_text,
    stopped_text,
    too_large_text,
)
from bot.telegram_bot.sending import with_retries

log = logging.getLogger(__name__)


async def receive_export(update: Update, context: ShopContext) -> None:
    """Import an uploaded export into this chat's history and analyse it."""
    message = update.effective_message
    document = message.document
    name = document.file_name or "export.csv"
    if document.file_size and document.file_size > FileSizeLimit.FILESIZE_DOWNLOAD:
        await message.reply_text(too_large_text(document.file_size))
        return
    chat_id = update.effective_chat.id
    async with analysing(context):  # from the first reply on: a command may come before the import starts
        status = await message.reply_text(downloading_text(name))
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        try:
            telegram_file = await document.get_file()
            received = _Received()
            await telegram_file.download_to_memory(received)
            data = received.data()
        except TelegramError as error:
            log.warning("download failed for update %s: %s", update.update_id, type(error).__name__)
            await _say(status, _(DOWNLOAD_FAILED))
            return
        await _say(status, reading_text(name, len(data)))
        await _import_and_analyse(context, chat_id, status, name, data, None)  # marked busy above, once


class _Received:
    """Where `File.download_to_memory` writes: it keeps the downloaded bytes as they come.

    `bytes(await download_as_bytearray())` copied a 15 MB export twice more on the event loop
    (into a bytearray, then back), some 20 ms of CPU per file, so five uploads arriving together
    kept every other chat waiting over 100 ms (bench.load)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(data)
        return len(data)

    def data(self) -> bytes:
        if len(self._parts) == 1 and type(self._parts[0]) is bytes:
            return self._parts[0]
        return b"".join(self._parts)


async def import_and_analyse(
    context: ShopContext, chat_id: int, status: Message, name: str, data: bytes,
    new_mapping: tuple[str, dict] | None = None,
) -> None:
    """Import the bytes in a worker, then analyse; the status message tells each step.

    `new_mapping` holds column choices just made; they are remembered only if the import works.
    Report commands sent meanwhile wait for the analysis (bot.telegram_bot.pending)."""
    async with analysing(context):
        await _import_and_analyse(context, chat_id, status, name, data, new_mapping)


async def _import_and_analyse(context: ShopContext, chat_id: int, status: Message, name: str,
                              data: bytes, new_mapping: tuple[str, dict] | None) -> None:
    settings = context.settings
    newest_before = await _newest_upload_id(settings.db_path, chat_id)
    try:
        report = await context.run_heavy(partial(service.import_upload, new_mapping=new_mapping),
                                  settings.db_path, chat_id, name, data)
    except JobStopped as error:
        # The import is one transaction, but its worker can be stopped just after the commit.
        if await _newest_upload_id(settings.db_path, chat_id, name) > newest_before:
            await _say(status, saved_before_stop_text(name))
        else:
            await _say(status, stopped_text(translated(error)))
        return
    except ShopPulseError as error:
        if isinstance(error, MissingColumns) and new_mapping is None and 0 < len(error.columns) <= MAX_COLUMNS_TO_ASK:
            await ask_for_columns(context, status, name, data, error)
            return
        await _say(status, refused_text(translated(error), columns_were_chosen=new_mapping is not None))
        return
    except Exception:
        log.exception("import failed in chat of status message %s", status.message_id)
        await _say(status, _(READING_FAILED))
        return
    summary_text = import_text(report)
    if report.platform == "shopify-customers":
        await _say(status, summary_text)
        return
    if not (report.orders_added or report.orders_updated or report.reviews_added):
        stored = await context.run_light(service.current_summary, settings.db_path, chat_id)
        if stored is not None:
            await _say(status, summary_text + _(NOTHING_NEW) + analysis_teaser(stored))
            return
    await _say(status, summary_text + _(ANALYSING))
    try:
        summary = await context.run_heavy(service.analyse_chat, settings.db_path, chat_id)
    except ShopPulseError as error:
        await _say(status, summary_text + analysis_failed_text(translated(error)))
        return
    schedule = await digests.start_default_schedule(context.application, chat_id)
    first_digest = first_schedule_text(schedule) if schedule else ""
    await _say(status, summary_text + analysis_teaser(summary) + first_digest)


async def _newest_upload_id(db_path, chat_id: int, file_name: str | None = None) -> int:
    rows = await run_light(service.uploads, db_path, chat_id)
    return max((row["upload_id"] for row in rows if file_name in (None, row["file_name"])), default=0)


EDIT_ATTEMPTS = 4


async def _say(status: Message, text: str) -> None:
    """Edit the status message, retrying network failures and timeouts: an edit is idempotent, so a
    retry can never make the owner see two answers. A final failure is logged, never fatal to the import."""
    try:
        await with_retries(lambda: status.edit_text(fit(text), parse_mode=ParseMode.HTML),
                           repeatable=True, first_delay=0.5, attempts=EDIT_ATTEMPTS)
    except BadRequest as error:
        if "not modified" not in str(error).lower():  # "not modified": the earlier try got through
            log.warning("could not edit status message: %s", type(error).__name__)
    except TelegramError as error:
        log.warning("could not edit status message: %s", type(error).__name__)


MAX_COLUMNS_TO_ASK = 40


async def ask_for_columns(
    context: ShopContext, status: Message, name: str, data: bytes, error: MissingColumns
) -> None:
    """Keep the file in memory (never on disk) and ask, column by column, which is which."""
    dialog = column_questions.start(name, data, error)
    if isinstance(dialog, str):
        await _say(status, dialog)
        return
    context.chat_data["pending_mapping"] = dialog
    await _ask(status, context, dialog)


async def _ask(status: Message, context: ShopContext, dialog: column_questions.Dialog,
               problem: str = "") -> None:
    text, buttons = column_questions.question(dialog, problem)
    if buttons is None:  # the file lacks a column it needs: the dialog ends here
        context.chat_data.pop("pending_mapping", None)
    try:
        await status.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=buttons)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            log.warning("could not ask about columns: %s", type(error).__name__)


async def column_chosen(update: Update, context: ShopContext) -> None:
    """A column button was pressed: check it, ask the next question, or import with the answers."""
    query = update.callback_query
    await query.answer()
    dialog = context.chat_data.get("pending_mapping")
    token, choice = column_questions.parse(query.data)
    if dialog is None:
        await query.edit_message_text(_(QUESTION_EXPIRED))
        return
    if token != dialog.token:
        await query.edit_message_text(_(EARLIER_QUESTION))
        return
    if choice == column_questions.CANCEL:
        del context.chat_data["pending_mapping"]
        await query.edit_message_text(columns_cancelled_text(dialog.name))
        return
    problem = column_questions.answer(dialog, choice)
    if not dialog.done:
        await _ask(query.message, context, dialog, problem)
        return
    del context.chat_data["pending_mapping"]
    chat_id = update.effective_chat.id
    await _say(query.message, columns_chosen_text(column_questions.summary(dialog), dialog.name))
    await import_and_analyse(context, chat_id, query.message, dialog.name, dialog.data,
                             new_mapping=(dialog.signature, dialog.mapping))


async def forget_columns(update: Update, context: ShopContext) -> None:
    """Forget this chat's column choices, so the next file of that kind is asked about again."""
    context.chat_data.pop("pending_mapping", None)
    settings = context.settings
    try:
        forgotten = await context.run_light(service.forget_mappings, settings.db_path, update.effective_chat.id)
    except ShopPulseError as error:
        await update.effective_message.reply_text(columns_refused_text(translated(error)))
        return
    await update.effective_message.reply_text(forget_columns_text(forgotten))
