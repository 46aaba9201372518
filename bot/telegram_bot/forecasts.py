"""/churn, /value, /customer and /horizon: who is slipping away, and what customers are worth."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode

from analytics.errors import ShopPulseError
from bot import service
from bot.i18n import _, translated
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.replies.digest import digest_list_file_caption
from bot.telegram_bot.replies.forecasts import (
    CHOICE_EXPIRED,
    CUSTOMER_GONE,
    CUSTOMER_USAGE,
    NOBODY_LIKELY_TO_STOP,
    VALUE_CAPTION,
    at_risk_file_caption,
    churn_text,
    customer_choice_text,
    customer_text,
    export_at_risk_label,
    horizon_reanalysing_text,
    horizon_saved_text,
    horizon_usage_text,
    no_customer_text,
    value_text,
)
from bot.telegram_bot.reports import NO_ANALYSIS, how_button

EXPORT_AT_RISK = "export-at-risk"
AT_RISK_FILE = "shoppulse-likely-to-stop-buying.csv"
EXPORT_DIGEST_LIST = "export-digest-list"
DIGEST_LIST_FILE = "shoppulse-newly-likely-to-stop-buying.csv"
CHURN_SHOWN = 10
CHOICE_PREFIX = "pick:"


async def show_churn(update: Update, context: ShopContext) -> None:
    """Customers at risk, ranked by value at risk, with reasons and an export button."""
    settings = context.settings
    found = await context.run_heavy(service.at_risk, settings.db_path, update.effective_chat.id)
    if found is None:
        await update.effective_message.reply_text(_(NO_ANALYSIS))
        return
    summary, customers = found
    unhappy = await context.run_heavy(service.unhappy_valuable_customers, settings.db_path, update.effective_chat.id)
    rows = [[how_button("churn")]]
    if not customers.empty:
        rows.insert(0, [InlineKeyboardButton(export_at_risk_label(len(customers)), callback_data=EXPORT_AT_RISK)])
    buttons = InlineKeyboardMarkup(rows)
    await update.effective_message.reply_text(
        churn_text(summary, customers, CHURN_SHOWN, unhappy), parse_mode=ParseMode.HTML, reply_markup=buttons
    )


async def export_at_risk_button(update: Update, context: ShopContext) -> None:
    """The export button under /churn (and the weekly digest)."""
    query = update.callback_query
    await query.answer()
    settings = context.settings
    chat_id = update.effective_chat.id
    exported = await context.run_heavy(service.export_at_risk, settings.db_path, chat_id)
    if exported is None or not exported[1]:
        await context.bot.send_message(chat_id, _(NOBODY_LIKELY_TO_STOP))
        return
    data, rows = exported
    await context.bot.send_document(chat_id, data, filename=AT_RISK_FILE, caption=at_risk_file_caption(rows))


async def export_digest_list_button(update: Update, context: ShopContext) -> None:
    """The export button under a digest shown again: the customers its list named."""
    query = update.callback_query
    await query.answer()
    chat_id = update.effective_chat.id
    exported = await context.run_heavy(service.export_digest_list, context.settings.db_path, chat_id)
    if exported is None or not exported.rows:
        await context.bot.send_message(chat_id, _(NOBODY_LIKELY_TO_STOP))
        return
    await context.bot.send_document(chat_id, exported.data, filename=DIGEST_LIST_FILE,
                                    caption=digest_list_file_caption(exported.rows, first_digest=exported.first_digest))


async def show_value(update: Update, context: ShopContext) -> None:
    """Expected revenue from existing customers, the distribution as a chart, the most valuable."""
    settings = context.settings
    chat_id = update.effective_chat.id
    found = await context.run_light(service.most_valuable, settings.db_path, chat_id)
    if found is None:
        await update.effective_message.reply_text(_(NO_ANALYSIS))
        return
    summary, top = found
    if summary["models"].get("value"):
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
        picture = await context.run_heavy(service.value_picture, settings.db_path, chat_id)
        if picture is not None:
            await update.effective_message.reply_photo(picture, filename="value.png", caption=_(VALUE_CAPTION))
    await update.effective_message.reply_text(value_text(summary, top), parse_mode=ParseMode.HTML,
                                              reply_markup=InlineKeyboardMarkup([[how_button("value")]]))


async def show_customer(update: Update, context: ShopContext) -> None:
    """/customer <name, e-mail or id>: one customer's card, or buttons when several match."""
    await about_named_customer(update, context, "customer", CUSTOMER_USAGE, send_customer_card)


CustomerReply = Callable[[Update, ShopContext, str], Awaitable[None]]


async def about_named_customer(update: Update, context: ShopContext, action: str, usage: str,
                               send: CustomerReply) -> None:
    """A command followed by a customer's name, e-mail or id (/customer, /recommend): how to use it
    when nothing was named, buttons when several match, else `send` for the one customer."""
    wanted = " ".join(context.args or [])
    if not wanted:
        await update.effective_message.reply_text(_(usage))
        return
    customer_id = await pick_customer(update, context, wanted, action)
    if customer_id is not None:
        await send(update, context, customer_id)


async def about_chosen_customer(update: Update, context: ShopContext, send: CustomerReply) -> None:
    """A "Which one do you mean?" button was pressed: `send` for that customer, unless the choice expired."""
    customer_id = await chosen_customer(update, context)
    if customer_id is not None:
        await send(update, context, customer_id)


async def send_customer_card(update: Update, context: ShopContext, customer_id: str) -> None:
    settings = context.settings
    chat_id = update.effective_chat.id
    card = await context.run_light(service.customer_card, settings.db_path, chat_id, customer_id)
    if card is None:
        await context.bot.send_message(chat_id, _(CUSTOMER_GONE))
        return
    buttons = InlineKeyboardMarkup([[how_button("customer", f"{card['r']}{card['f']}{card['m']}")]])
    await context.bot.send_message(chat_id, customer_text(card), parse_mode=ParseMode.HTML, reply_markup=buttons)


async def pick_customer(update: Update, context: ShopContext, wanted: str, action: str) -> str | None:
    """The customer id the owner means, or None after saying none matched or offering buttons.

    The choices are kept in chat_data and the buttons carry only their position, because
    customer ids (e-mails) can be longer than Telegram's 64 bytes of callback data."""
    settings = context.settings
    try:
        matches = await context.run_light(service.customer_matches, settings.db_path, update.effective_chat.id, wanted)
    except ShopPulseError as error:
        await update.effective_message.reply_text(translated(error))
        return None
    if len(matches) == 1:
        return matches[0]["customer_id"]
    if not matches:
        await update.effective_message.reply_text(no_customer_text(wanted))
        return None
    shown = matches[: service.CUSTOMER_CHOICES]
    context.chat_data["customer_choices"] = [row["customer_id"] for row in shown]
    buttons = [[InlineKeyboardButton(_choice_label(row), callback_data=f"{CHOICE_PREFIX}{action}:{index}")]
               for index, row in enumerate(shown)]
    await update.effective_message.reply_text(
        customer_choice_text(wanted, shown, more=len(matches) > len(shown)), parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup(buttons),
    )
    return None


def _choice_label(row: dict) -> str:
    label = row["name"] or row["email"] or row["customer_id"]
    if row.get("email") and row["email"] != label:
        label += f" · {row['email']}"
    return label[:60]


async def chosen_customer(update: Update, context: ShopContext) -> str | None:
    """The customer id behind a pressed "Which one do you mean?" button, or None if it expired."""
    query = update.callback_query
    await query.answer()
    index = query.data.rpartition(":")[2]
    choices = context.chat_data.get("customer_choices") or []
    if not index.isdigit() or int(index) >= len(choices):
        await query.edit_message_text(_(CHOICE_EXPIRED))
        return None
    return choices[int(index)]


async def customer_chosen(update: Update, context: ShopContext) -> None:
    """A customer was picked from the buttons under /customer: their card."""
    await about_chosen_customer(update, context, send_customer_card)


async def set_horizon(update: Update, context: ShopContext) -> None:
    """/horizon <days>: change how far ahead churn risk looks, and re-analyse."""
    settings = context.settings
    chat_id = update.effective_chat.id
    low, high = service.HORIZON_RANGE
    try:
        days = int((context.args or [""])[0])
        await context.run_light(service.set_horizon, settings.db_path, chat_id, days)
    except ValueError:
        await update.effective_message.reply_text(horizon_usage_text(low, high))
        return
    status = await update.effective_message.reply_text(horizon_reanalysing_text(days))
    try:
        await context.run_heavy(service.change_horizon, settings.db_path, chat_id)
    except ShopPulseError as error:
        await status.edit_text(horizon_saved_text(days, translated(error)), parse_mode=ParseMode.HTML)
        return
    await status.edit_text(horizon_saved_text(days))
