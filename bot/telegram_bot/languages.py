"""/language: the owner picks the language the bot answers in, remembered for the chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import service
from bot.i18n import LANGUAGES, _, current_language, set_language
from bot.telegram_bot.context import ShopContext

LANGUAGE_PREFIX = "lang:"


def language_buttons() -> InlineKeyboardMarkup:
    """One button per language, each named in its own language; the current one ticked."""
    current = current_language()
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(("✓ " if code == current else "") + name, callback_data=f"{LANGUAGE_PREFIX}{code}")
        for code, name in LANGUAGES.items()
    ]])


async def choose_language(update: Update, context: ShopContext) -> None:
    """Offer the languages as buttons."""
    await update.effective_message.reply_text(
        _("Which language should I answer in? I use it for every reply, the command menu and the weekly digest."),
        reply_markup=language_buttons(),
    )


async def language_chosen(update: Update, context: ShopContext) -> None:
    """A language button was pressed: remember it for this chat and say so in that language."""
    query = update.callback_query
    await query.answer()
    language = query.data.removeprefix(LANGUAGE_PREFIX)
    if language not in LANGUAGES:
        await query.edit_message_text(_("That button is from an older version of me. Send /language again."))
        return
    await context.run_light(service.pick_language, context.settings.db_path,
                            update.effective_chat.id, language)
    set_language(language)
    await query.edit_message_text(
        _("Done: I answer in English from now on, in this chat. Send /language to change it again.")
    )
