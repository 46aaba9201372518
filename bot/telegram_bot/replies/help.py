"""/start, /help, the refusal of strangers, and answers to messages the bot does not expect."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, _
from bot.telegram_bot.commands import COMMANDS, FIRST_COMMANDS

UNKNOWN_COMMAND = N_("I don't know that command. Send /help to see what I can do.")
PLAIN_TEXT = N_("Send me an order export as a file (CSV, zip or Excel), or /help for the commands.")
PHOTO_INSTEAD_OF_FILE = N_("That is a picture. Send the order export as a file: 📎 → File → pick the CSV.")
SOMETHING_WENT_WRONG = N_("Sorry, something went wrong on my side. Nothing you had stored was lost; please try again.")
PRIVATE_ALERT = N_("This bot is private.")


def welcome_text() -> str:
    return (
        _("👋 <b>Hi! I'm ShopPulse</b>, your shop's customer analyst.\n\n"
          "Send me your <b>order export</b> as a file: CSV (or zipped, or Excel) from Shopify, "
          "WooCommerce, Etsy, Stripe, Square, Amazon, or your own spreadsheet with a customer, "
          "a date and an amount per order. I keep the history, so you can send a new export every "
          "week.\n\n<b>Where to start</b>\n") + command_list(FIRST_COMMANDS) + _("\n\nEvery command: /help")
    )


def help_text() -> str:
    return _("<b>What I can do</b>\n\n") + command_list() + _(
        "\n\nTo add orders, just send the export file; uploading the same orders twice never "
        "counts them twice."
    )


def command_list(names: tuple[str, ...] | None = None) -> str:
    """One line per command; all of them, or the named ones in the order named."""
    chosen = COMMANDS if names is None else [c for name in names for c in COMMANDS if c.name == name]
    return "\n".join(f"{escape(c.shown_usage())} — {escape(c.shown_help())}" for c in chosen)


def refusal_text(user_id: int | None) -> str:
    who = _("Your Telegram user id is <code>{id}</code>.").format(id=user_id) if user_id else ""
    return _(
        "🔒 Sorry, this ShopPulse bot is private. {who}\n"
        "If this is your bot, add your id to <code>SHOPPULSE_ALLOWED_USERS</code> in the "
        "<code>.env</code> file (for example <code>SHOPPULSE_ALLOWED_USERS={example}</code>) "
        "and restart it."
    ).format(who=who, example=user_id or 123456789)
