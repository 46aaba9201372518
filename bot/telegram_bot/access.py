"""The gate in front of every handler: only allowed users, in private chats or allowed groups.

It runs in handler group -1 and blocks (it must never be non-blocking, or
ApplicationHandlerStop would not stop the other handlers). It also sets the language the rest
of the update is answered in, which lasts for the update's task.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop

from bot import service
from bot.i18n import _, language_for, set_language
from bot.service.jobs import run_light
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.replies.help import PRIVATE_ALERT, refusal_text

log = logging.getLogger(__name__)


def is_allowed(update: Update, allowed: frozenset[int]) -> bool:
    """An allowed user in a private chat, or in a group whose chat id is itself allowed."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or user.id not in allowed:
        return False
    return chat is None or chat.type == ChatType.PRIVATE or chat.id in allowed


async def gate(update: Update, context: ShopContext) -> None:
    """Refuse everyone not allowed, telling them their id and how to be allowed; for the allowed,
    answer in their chat's language."""
    user, chat = update.effective_user, update.effective_chat
    language_code = user.language_code if user else None
    settings = context.settings
    if is_allowed(update, settings.allowed_users):
        if chat is not None:
            set_language(await _chat_language(settings.db_path, chat.id, language_code))
        return
    set_language(language_for(language_code))
    log.info("refused update %s from a user who is not allowed", update.update_id)
    text = refusal_text(user.id if user else None)
    if update.callback_query is not None:
        await update.callback_query.answer(_(PRIVATE_ALERT), show_alert=True)
    elif update.effective_message is not None and update.effective_chat is not None:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop


async def _chat_language(db_path, chat_id: int, language_code: str | None) -> str:
    """The chat's language; when storage cannot say (a full disk), the one Telegram says, so the
    owner still reads the handler's own words about the failure in their language."""
    try:
        return await run_light(service.chat_language, db_path, chat_id, language_code)
    except Exception as error:
        log.warning("the language of chat %s could not be read: %s", chat_id, type(error).__name__)
        return language_for(language_code)
