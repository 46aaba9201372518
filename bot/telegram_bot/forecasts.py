"""/churn, /value, /customer and /horizon: who is slipping away, and what customers are worth."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from analytics.errors import ShopPulseError
from bot import service
from bot.telegram_bot.replies import churn_text, customer_text, value_text
from bot.telegram_bot.reports import NO_ANALYSIS

EXPORT_AT_RISK = "export-at-risk"
CHURN_SHOWN = 10


async def show_churn(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Customers at risk, ranked by value at risk, with reasons and an export button."""
    settings = context.bot_data["settings"]
    found = await asyncio.to_thread(service.at_risk, settings.db_path, update.effective_chat.id)
    if found is None:
        await update.effective_message.reply_text(NO_ANALYSIS)
        return
    summary, customers = found
    unhappy = await asyncio.to_thread(service.unhappy_valuable_customers, settings.db_path, update.effective_chat.id)
    buttons = None
    if not customers.empty:
        buttons = InlineKeyboardMarkup([[InlineKeyboardButton(
            f"⬇️ Export all {len(customers):,} at risk (CSV)", callback_data=EXPORT_AT_RISK)]])
    await update.effective_message.reply_text(
        churn_text(summary, customers, CHURN_SHOWN, unhappy), parse_mode=ParseMode.HTML, reply_markup=buttons
    )


async def export_at_risk_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The export button under /churn (and the weekly digest)."""
    query = update.callback_query
    await query.answer()
    settings = context.bot_data["settings"]
    chat_id = update.effective_chat.id
    exported = await asyncio.to_thread(service.export_at_risk, settings.db_path, chat_id)
    if exported is None or not exported[1]:
        await context.bot.send_message(chat_id, "Nobody is on the at-risk list right now.")
        return
    data, rows = exported
    await context.bot.send_document(
        chat_id, data, filename="shoppulse-churn-risk.csv",
        caption=f"{rows:,} customers at risk, most value at risk first, with the reason for each.",
    )


async def show_value(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Expected revenue from existing customers, the distribution as a chart, the most valuable."""
    settings = context.bot_data["settings"]
    chat_id = update.effective_chat.id
    found = await asyncio.to_thread(service.most_valuable, settings.db_path, chat_id)
    if found is None:
        await update.effective_message.reply_text(NO_ANALYSIS)
        return
    summary, top = found
    if summary.get("models", {}).get("value"):
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
        picture = await context.bot_data["runner"].run(service.value_picture, settings.db_path, chat_id)
        if picture is not None:
            await update.effective_message.reply_photo(
                picture, filename="value.png", caption="Expected value per customer, next 12 months"
            )
    await update.effective_message.reply_text(value_text(summary, top), parse_mode=ParseMode.HTML)


async def show_customer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/customer <e-mail or id>: one customer's card."""
    wanted = " ".join(context.args or [])
    if not wanted:
        await update.effective_message.reply_text("Use /customer followed by an e-mail or customer id, e.g. /customer ann@example.com")
        return
    settings = context.bot_data["settings"]
    try:
        card = await asyncio.to_thread(service.customer_card, settings.db_path, update.effective_chat.id, wanted)
    except ShopPulseError as error:
        await update.effective_message.reply_text(str(error))
        return
    if card is None:
        await update.effective_message.reply_text(
            f"I found no customer “{wanted}” in your latest analysis. Check the spelling, or send /segments "
            "and export a list to see the ids."
        )
        return
    await update.effective_message.reply_text(customer_text(card), parse_mode=ParseMode.HTML)


async def set_horizon(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/horizon <days>: change how far ahead churn risk looks, and re-analyse."""
    settings = context.bot_data["settings"]
    chat_id = update.effective_chat.id
    low, high = service.HORIZON_RANGE
    try:
        days = int((context.args or [""])[0])
        await asyncio.to_thread(service.set_horizon, settings.db_path, chat_id, days)
    except ValueError:
        await update.effective_message.reply_text(
            f"Use /horizon followed by a number of days between {low} and {high}, e.g. /horizon 60."
        )
        return
    status = await update.effective_message.reply_text(f"⏳ Churn risk now looks {days} days ahead. Re-analysing…")
    try:
        await context.bot_data["runner"].run(service.analyse_chat, settings.db_path, chat_id)
    except ShopPulseError as error:
        await status.edit_text(f"Saved: {days} days. {escape(str(error))}", parse_mode=ParseMode.HTML)
        return
    await status.edit_text(f"✅ Churn risk now looks {days} days ahead. Send /churn to see who is at risk.")
