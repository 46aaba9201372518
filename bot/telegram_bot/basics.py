"""Handlers for the plain commands: /start, /help, /stats, /forget, and anything unexpected."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from analytics.errors import ShopPulseError
from bot import service
from bot.i18n import _, translated
from bot.service.records import storage_failure_text
from bot.service.workers import JobStopped
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.digests import cancel_digest
from bot.telegram_bot.replies.help import (
    PHOTO_INSTEAD_OF_FILE,
    SOMETHING_WENT_WRONG,
    UNKNOWN_COMMAND,
    help_text,
    welcome_text,
)
from bot.telegram_bot.replies.history import (
    CANCEL_BUTTON,
    FORGET_BUTTON,
    KEPT_EVERYTHING,
    NOTHING_TO_FORGET,
    NOTHING_TO_UNDO,
    NOTHING_UNDONE,
    UNDO_BUTTON,
    forget_question_text,
    forget_refused_text,
    forgotten_text,
    stale_button_text,
    stats_text,
    undo_question_text,
    undo_refused_text,
    undone_before_stop_text,
    undone_text,
    uploads_text,
)

log = logging.getLogger(__name__)

FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"
UNDO_YES = "undo:yes"
UNDO_NO = "undo:no"


def _confirm(yes_label: str, yes: str, no: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(yes_label, callback_data=yes),
                                  InlineKeyboardButton(_(CANCEL_BUTTON), callback_data=no)]])


async def start(update: Update, context: ShopContext) -> None:
    """Welcome the owner and say what to send."""
    await update.effective_message.reply_text(welcome_text(), parse_mode=ParseMode.HTML)


async def show_help(update: Update, context: ShopContext) -> None:
    """List every command with one line each."""
    await update.effective_message.reply_text(help_text(), parse_mode=ParseMode.HTML)


async def stats(update: Update, context: ShopContext) -> None:
    """Say what is stored for this chat."""
    settings = context.settings
    counts = await context.run_light(service.chat_stats, settings.db_path, update.effective_chat.id)
    await update.effective_message.reply_text(stats_text(counts), parse_mode=ParseMode.HTML)


async def forget(update: Update, context: ShopContext) -> None:
    """Ask for confirmation before deleting the chat's data; the button carries what was shown."""
    settings = context.settings
    counts, state = await context.run_light(service.forget_question, settings.db_path, update.effective_chat.id)
    if not counts["orders"] and not counts["uploads"]:
        await update.effective_message.reply_text(_(NOTHING_TO_FORGET))
        return
    buttons = _confirm(_(FORGET_BUTTON), f"{FORGET_YES}:{state}", FORGET_NO)
    await update.effective_message.reply_text(forget_question_text(counts), reply_markup=buttons)


async def forget_confirmed(update: Update, context: ShopContext) -> None:
    """Delete the chat's data if the owner pressed yes and it is still what the question counted."""
    query = update.callback_query
    await query.answer()
    if not query.data.startswith(FORGET_YES + ":"):
        text = _(KEPT_EVERYTHING) if query.data == FORGET_NO else stale_button_text("/forget")
        await query.edit_message_text(text)
        return
    settings = context.settings
    state = query.data.removeprefix(FORGET_YES + ":")
    outcome = await context.run_light(service.forget_chat, settings.db_path, update.effective_chat.id, state)
    if "changed" in outcome:
        await _edit(query, forget_refused_text(outcome["changed"]))
        return
    cancel_digest(context.application, update.effective_chat.id)
    await _edit(query, forgotten_text(outcome["deleted"]))


async def show_uploads(update: Update, context: ShopContext) -> None:
    """List what was uploaded, when, from which platform and what it added."""
    settings = context.settings
    rows = await context.run_light(service.uploads, settings.db_path, update.effective_chat.id)
    await update.effective_message.reply_text(uploads_text(rows), parse_mode=ParseMode.HTML)


async def undo(update: Update, context: ShopContext) -> None:
    """Ask before removing the newest upload's effect; the button names that upload."""
    settings = context.settings
    rows = await context.run_light(service.uploads, settings.db_path, update.effective_chat.id)
    if not rows:
        await update.effective_message.reply_text(_(NOTHING_TO_UNDO))
        return
    newest = rows[0]
    buttons = _confirm(_(UNDO_BUTTON), f"{UNDO_YES}:{newest['upload_id']}", UNDO_NO)
    await update.effective_message.reply_text(undo_question_text(newest), reply_markup=buttons)


async def undo_confirmed(update: Update, context: ShopContext) -> None:
    """Undo the upload the question named, if the owner pressed yes and it is still the newest."""
    query = update.callback_query
    await query.answer()
    upload_id = query.data.removeprefix(UNDO_YES + ":")
    if not query.data.startswith(UNDO_YES + ":") or not upload_id.isdigit():
        text = _(NOTHING_UNDONE) if query.data == UNDO_NO else stale_button_text("/undo")
        await query.edit_message_text(text)
        return
    settings, chat_id = context.settings, update.effective_chat.id
    names = {row["upload_id"]: row["file_name"] for row in await context.run_light(service.uploads, settings.db_path, chat_id)}
    try:
        undone = await context.run_heavy(service.undo_upload, settings.db_path, chat_id, int(upload_id))
    except JobStopped as stopped:
        # The undo is one transaction, but its job goes on to analyse what remains and can be
        # stopped after the undo was saved: then say so and finish the analysis.
        still_there = int(upload_id) in {row["upload_id"] for row in
                                         await context.run_light(service.uploads, settings.db_path, chat_id)}
        if still_there or int(upload_id) not in names:
            await _edit(query, f"{stopped}\n\n{_(NOTHING_UNDONE)}")
            return
        try:
            left = await context.run_heavy(service.analyse_what_remains, settings.db_path, chat_id)
        except ShopPulseError:
            left = None
        await _edit(query, undone_before_stop_text(names[int(upload_id)], left), parse_mode=ParseMode.HTML)
        return
    if undone is not None and undone.get("refused"):
        await _edit(query, undo_refused_text(undone["asked"], undone["newest"]))
        return
    if undone is None:
        await _edit(query, _(NOTHING_TO_UNDO))
        return
    await _edit(query, undone_text(undone), parse_mode=ParseMode.HTML)


async def _edit(query, text: str, **options) -> None:
    """Answer a button under its question. A second press of a button can get the very answer the
    first got, and Telegram refuses an edit that changes nothing: that is no failure."""
    try:
        await query.edit_message_text(text, **options)
    except BadRequest as error:
        if "not modified" not in str(error):
            raise


async def unknown_command(update: Update, context: ShopContext) -> None:
    """Point to /help instead of staying silent."""
    await update.effective_message.reply_text(_(UNKNOWN_COMMAND))


async def photo_instead_of_file(update: Update, context: ShopContext) -> None:
    """A picture is not an export; say how to send a file."""
    await update.effective_message.reply_text(_(PHOTO_INSTEAD_OF_FILE))


async def report_error(update: object, context: ShopContext) -> None:
    """Log the failure without customer data and tell the owner, once, in words they can act on."""
    update_id = getattr(update, "update_id", None)
    log.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(context.error, ShopPulseError):
        text = translated(context.error)
    elif (storage_words := storage_failure_text(context.error)) is not None:
        text = storage_words
    else:
        text = _(SOMETHING_WENT_WRONG)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(text)
        except TelegramError:
            log.warning("could not tell chat about the failure of update %s", update_id)
