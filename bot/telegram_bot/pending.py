"""Commands that arrive while the chat's upload is still being read or analysed wait for it.

Without this, /segments sent right after the import summary answered from no analysis (or from
the one before the upload). The upload marks the chat busy in chat_data; a report command that
finds the mark says it is waiting, then answers once the new analysis is stored.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from telegram import Update

from bot.i18n import _
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.replies.uploads import STILL_ANALYSING

READY_KEY = "analysis_ready"
WAIT_LIMIT_SECONDS = 15 * 60  # longer than the largest analysis; a hung one must not hold commands forever

Handler = Callable[[Update, ShopContext], Awaitable[None]]


@asynccontextmanager
async def analysing(context: ShopContext) -> AsyncIterator[None]:
    """Mark the chat busy while an upload is imported and analysed, however that ends."""
    ready = asyncio.Event()
    context.chat_data[READY_KEY] = ready
    try:
        yield
    finally:
        ready.set()
        if context.chat_data.get(READY_KEY) is ready:
            del context.chat_data[READY_KEY]


def after_analysis(handler: Handler) -> Handler:
    """Run `handler` once the chat's running analysis (if any) is done, saying that it waits."""

    @functools.wraps(handler)
    async def waiting(update: Update, context: ShopContext) -> None:
        ready = (context.chat_data or {}).get(READY_KEY)
        if ready is not None and not ready.is_set():
            await update.effective_message.reply_text(_(STILL_ANALYSING))
            try:
                await asyncio.wait_for(ready.wait(), WAIT_LIMIT_SECONDS)
            except TimeoutError:
                pass  # answer from what is stored; the upload's own message says what went wrong
        await handler(update, context)

    return waiting
