"""/segments with its chart and export buttons, and /export of a segment as CSV."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode

from analytics.analysis import RunSummary
from bot import service
from bot.i18n import _
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.replies.forecasts import how_churn_text, how_customer_text, how_value_text
from bot.telegram_bot.replies.phrases import HOW_BUTTON
from bot.telegram_bot.replies.segments import (
    empty_segment_text,
    export_usage_text,
    how_segments_text,
    segment_button_label,
    segment_file_caption,
    segments_caption,
    segments_text,
)

EXPORT_PREFIX = "export:"
HOW_PREFIX = "how:"
NO_ANALYSIS = service.NO_ANALYSIS


async def show_segments(update: Update, context: ShopContext) -> None:
    """RFM segments and behaviour groups, as a chart and a text with export buttons."""
    settings = context.settings
    chat_id = update.effective_chat.id
    summary = await context.run_light(service.latest_summary, settings.db_path, chat_id)
    message = update.effective_message
    if summary is None:
        await message.reply_text(_(NO_ANALYSIS))
        return
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    picture = await context.run_heavy(service.segments_picture, summary)
    await message.reply_photo(picture, filename="segments.png", caption=segments_caption(summary["as_of"]))
    await message.reply_text(
        segments_text(summary), parse_mode=ParseMode.HTML, reply_markup=segment_buttons(summary)
    )


def segment_buttons(summary: RunSummary) -> InlineKeyboardMarkup:
    """One export button per non-empty segment, two to a row for thumbs."""
    buttons = [
        InlineKeyboardButton(segment_button_label(row["segment"], row["customers"]),
                             callback_data=EXPORT_PREFIX + row["segment"])
        for row in summary["segment_details"]
        if row["customers"]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup([*rows, [how_button("segments")]])


def how_button(topic: str, detail: str = "") -> InlineKeyboardButton:
    """The "How is this worked out?" button: model names and figures stay out of the main text."""
    return InlineKeyboardButton(f"ℹ️ {_(HOW_BUTTON)}", callback_data=f"{HOW_PREFIX}{topic}" + (f":{detail}" if detail else ""))


async def explain(update: Update, context: ShopContext) -> None:
    """A "How is this worked out?" button was pressed: the method and its figures, from the newest analysis."""
    query = update.callback_query
    await query.answer()
    chat_id = update.effective_chat.id
    summary = await context.run_light(service.latest_summary, context.settings.db_path, chat_id)
    if summary is None:
        await context.bot.send_message(chat_id, _(NO_ANALYSIS))
        return
    topic, _colon, detail = query.data.removeprefix(HOW_PREFIX).partition(":")
    words = {"segments": how_segments_text, "churn": how_churn_text, "value": how_value_text}
    text = how_customer_text(summary, detail) if topic == "customer" else words.get(topic, how_segments_text)(summary)
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)


async def export_command(update: Update, context: ShopContext) -> None:
    """/export <segment>: the segment's customers as a CSV file."""
    wanted = " ".join(context.args or [])
    segment = service.find_segment(wanted)
    if segment is None:
        await update.effective_message.reply_text(export_usage_text(wanted), parse_mode=ParseMode.HTML)
        return
    await send_segment_csv(update, context, segment)


async def export_button(update: Update, context: ShopContext) -> None:
    """An export button under /segments was pressed."""
    query = update.callback_query
    await query.answer()
    segment = service.find_segment(query.data.removeprefix(EXPORT_PREFIX))
    if segment is not None:
        await send_segment_csv(update, context, segment)


async def send_segment_csv(update: Update, context: ShopContext, segment: str) -> None:
    settings = context.settings
    chat_id = update.effective_chat.id
    exported = await context.run_heavy(service.export_segment, settings.db_path, chat_id, segment)
    if exported is None:
        await context.bot.send_message(chat_id, _(NO_ANALYSIS))
        return
    data, rows = exported
    if not rows:
        await context.bot.send_message(chat_id, empty_segment_text(segment))
        return
    slug = re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-")
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    await context.bot.send_document(
        chat_id,
        data,
        filename=f"shoppulse-{slug}.csv",
        caption=segment_file_caption(segment, rows),
    )
