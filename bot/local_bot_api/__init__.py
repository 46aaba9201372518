"""The local Bot API stand-in used by the end-to-end tests (and handy for trying the bot offline)."""

from bot.local_bot_api.server import BOT_USER, LocalBotApi, Sent

__all__ = ["BOT_USER", "LocalBotApi", "Sent"]
