"""Run the real application against the local Bot API, the way `run_polling` does."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from telegram.ext import Application

from bot.telegram_bot.app import ALLOWED_UPDATES


@contextlib.asynccontextmanager
async def running(application: Application) -> AsyncIterator[Application]:
    """initialize, post_init, poll, start ... then stop, shutdown, post_shutdown, like run_polling."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
