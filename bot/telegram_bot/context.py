"""The context every handler and job receives, with what the bot keeps for all chats named and typed.

As python-telegram-bot's `contexttypesbot` example shows: a CallbackContext subclass registered
through `ContextTypes`, so a handler writes `context.settings` instead of looking a string key up
in `bot_data` (a typo there is a KeyError at the owner's first tap, not a type error in review).
The values still live in `bot_data` under these keys, which `build_application` fills.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.service.jobs import run_heavy, run_light

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.service.workers import JobRunner

T = TypeVar("T")

SETTINGS = "settings"
RUNNER = "runner"


class ShopContext(CallbackContext[ExtBot, dict, dict, dict]):
    """`context` in every ShopPulse handler, error handler and job."""

    @property
    def settings(self) -> Settings:
        return self.bot_data[SETTINGS]

    @property
    def runner(self) -> JobRunner:
        return self.bot_data[RUNNER]

    async def run_light(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A small SQLite job, in a thread (the rule is in bot.service.jobs)."""
        return await run_light(function, *args, **kwargs)

    async def run_heavy(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A job that grows with the shop, in a capped worker process (the rule is in bot.service.jobs)."""
        return await run_heavy(self.runner, function, *args, **kwargs)


CONTEXT_TYPES = ContextTypes(context=ShopContext)


def settings_of(application: Application) -> Settings:
    """The settings, where there is an application but no context (start-up, a chat's first schedule)."""
    return application.bot_data[SETTINGS]


def runner_of(application: Application) -> JobRunner:
    return application.bot_data[RUNNER]
