"""The gate in front of every handler: only allowed users, in private chats or allowed groups.

It runs in handler group -1 and blocks (it must never be non-blocking, or
ApplicationHandlerStop would not stop the other handlers).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram_bot.replies.help import PRIVATE_ALERT, refusal_text

log = logging.getLogger(__name__)


def is_allowed(update: Update, allowed: frozenset[int]) -> bool:
    """An allowed user in a private chat, or in a group whose chat id is itself allowed."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or user.id not in allowed:
        return False
    return chat is None or chat.type == ChatType.PRIVATE or chat.id in allowed


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refuse everyone not allowed, telling them their id and how to be allowed."""
    if is_allowed(update, context.bot_data["settings"].allowed_users):
        return
    user = update.effective_user
    log.info("refused update %s from a user who is not allowed", update.update_id)
    text = refusal_text(user.id if user else None)
    if update.callback_query is not None:
        await update.callback_query.answer(PRIVATE_ALERT, show_alert=True)
    elif update.effective_message is not None and update.effective_chat is not None:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop
