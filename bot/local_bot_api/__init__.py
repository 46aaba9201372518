"""The local Bot API: Telegram's protocol on this machine, for the web chat and the end-to-end tests."""

from bot.local_bot_api.server import BOT_USER, LocalBotApi, Sent
from bot.local_bot_api.web_chat import WebChat

__all__ = ["BOT_USER", "LocalBotApi", "Sent", "WebChat"]
