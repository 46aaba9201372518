"""/sentiment, /basket and /recommend: what customers say and what they buy together."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction, ParseMode

from analytics.errors import ShopPulseError
from bot import service
from bot.i18n import _, translated
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.forecasts import about_chosen_customer, about_named_customer
from bot.telegram_bot.replies.forecasts import CUSTOMER_GONE
from bot.telegram_bot.replies.insights import (
    NO_REVIEWS,
    RECOMMEND_USAGE,
    SENTIMENT_CAPTION,
    basket_text,
    recommend_text,
    sentiment_text,
)


async def show_sentiment(update: Update, context: ShopContext) -> None:
    """Sentiment of reviews and feedback, with a chart by month."""
    settings = context.settings
    chat_id = update.effective_chat.id
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    found = await context.run_heavy(service.sentiment_view, settings.db_path, chat_id)
    if found is None:
        await update.effective_message.reply_text(_(NO_REVIEWS))
        return
    report, chart = found
    if chart is not None:
        await update.effective_message.reply_photo(chart, filename="sentiment.png", caption=_(SENTIMENT_CAPTION))
    await update.effective_message.reply_text(sentiment_text(report), parse_mode=ParseMode.HTML)


async def show_basket(update: Update, context: ShopContext) -> None:
    """/basket [product]: products bought together."""
    settings = context.settings
    words = " ".join(context.args or [])
    rules = await context.run_light(service.basket_rules, settings.db_path, update.effective_chat.id, words)
    if rules is None:
        await update.effective_message.reply_text(_(service.NO_ANALYSIS))
        return
    await update.effective_message.reply_text(basket_text(rules, words), parse_mode=ParseMode.HTML)


async def show_recommendations(update: Update, context: ShopContext) -> None:
    """/recommend <name, e-mail or id>: the customer's next best products."""
    await about_named_customer(update, context, "recommend", RECOMMEND_USAGE, send_recommendations)


async def send_recommendations(update: Update, context: ShopContext, customer_id: str) -> None:
    settings = context.settings
    chat_id = update.effective_chat.id
    try:
        result = await context.run_heavy(service.recommendations, settings.db_path, chat_id, customer_id)
    except ShopPulseError as error:
        await context.bot.send_message(chat_id, translated(error))
        return
    if result is None:
        await context.bot.send_message(chat_id, _(CUSTOMER_GONE))
        return
    await context.bot.send_message(chat_id, recommend_text(result), parse_mode=ParseMode.HTML)


async def recommend_chosen(update: Update, context: ShopContext) -> None:
    """A customer was picked from the buttons under /recommend: their next best products."""
    await about_chosen_customer(update, context, send_recommendations)
