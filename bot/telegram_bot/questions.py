"""Messages in words: a question about the shop's data is answered from the metric catalogue with
how it was counted; an ambiguous one gets buttons; a greeting gets the welcome."""

from __future__ import annotations

import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode

from analytics.catalogue import TIME_BREAKDOWNS
from analytics.charts import series_chart
from bot import service
from bot.i18n import _
from bot.service.questions import Asked
from bot.telegram_bot.context import ShopContext
from bot.telegram_bot.fitting import shorten
from bot.telegram_bot.replies.help import PLAIN_TEXT
from bot.telegram_bot.replies.questions import (
    BY_MODEL,
    CHOOSE_INTRO,
    CSV_BUTTON,
    NO_DATA,
    STALE_CHOICE,
    STANDING_FULL,
    STANDING_REMOVED,
    STANDING_SAVED,
    answer_text,
    chart_title,
    choice_label,
    cohorts_caption,
    cohorts_text,
    greeting_text,
    has_chinese,
    standing_list_text,
    unmapped_text,
)
from storage.standing_questions import MAX_STANDING

CHOICE_PREFIX = "ask:"
CSV_PREFIX = "askcsv:"
STANDING_PREFIX = "standing:del:"
FORMS_KEY = "question_forms"
FORMS_KEPT = 20  # the newest questions whose buttons still work


async def answer_message(update: Update, context: ShopContext) -> None:
    """A text message that is not a command: read it as a question about the shop's data."""
    settings = context.settings
    chat_id = update.effective_chat.id
    text = update.effective_message.text or ""
    timezone = await context.run_light(service.chat_timezone, settings.db_path, chat_id, settings.timezone)
    model = (settings.llm_url, settings.llm_model) if settings.llm_url else None
    asked = await context.run_heavy(service.ask_question, settings.db_path, chat_id, text, timezone=timezone,
                                    model=model)
    await send_asked(update, context, asked, chinese=has_chinese(text))


async def send_asked(update: Update, context: ShopContext, asked: Asked, *, chinese: bool = False) -> None:
    chat_id = update.effective_chat.id
    bot = context.bot
    if asked.kind == "greeting":
        await bot.send_message(chat_id, greeting_text(asked.words), parse_mode=ParseMode.HTML)
    elif asked.kind == "no_data":
        await bot.send_message(chat_id, _(PLAIN_TEXT))
    elif asked.kind == "unmapped":
        leftover = asked.missing if asked.missing is not None else asked.parsed.leftover if asked.parsed else []
        await bot.send_message(chat_id, unmapped_text(asked.reason, leftover, asked.words, chinese=chinese),
                               parse_mode=ParseMode.HTML)
    elif asked.kind == "choose":
        token = _remember(context, [form for _kind, _label, form in asked.choices])
        buttons = [[InlineKeyboardButton(choice_label(kind, label, form), callback_data=f"{CHOICE_PREFIX}{token}:{i}")]
                   for i, (kind, label, form) in enumerate(asked.choices)]
        await bot.send_message(chat_id, _(CHOOSE_INTRO), reply_markup=InlineKeyboardMarkup(buttons))
    else:
        await _send_answer(update, context, asked)


async def _send_answer(update: Update, context: ShopContext, asked: Asked) -> None:
    chat_id = update.effective_chat.id
    result = asked.result
    query = result.query
    if result.table is not None and query.by in TIME_BREAKDOWNS and len(result.table) >= 2:
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
        picture = await context.run_heavy(series_chart, result.table, chart_title(result), result.unit)
        await context.bot.send_photo(chat_id, picture, filename="answer.png", caption=chart_title(result))
    markup = None
    if result.customers is not None and len(result.customers):
        token = _remember(context, [service.query_form(query)])
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(_(CSV_BUTTON).format(count=f"{len(result.customers):,}"),
                                                             callback_data=f"{CSV_PREFIX}{token}")]])
    text = answer_text(result)
    if asked.by_model:
        text += "\n" + _(BY_MODEL)
    if asked.standing:
        text += "\n\n" + (_(STANDING_SAVED) if asked.standing == "saved" else _(STANDING_FULL).format(count=MAX_STANDING))
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)


def _remember(context: ShopContext, forms: list[dict]) -> str:
    """Keep the query forms behind a question's buttons in the chat's data; the button carries a token."""
    kept = context.chat_data.setdefault(FORMS_KEY, {})
    token = secrets.token_hex(4)
    kept[token] = forms
    while len(kept) > FORMS_KEPT:
        kept.pop(next(iter(kept)))
    return token


def _form(context: ShopContext, token: str, index: int = 0) -> dict | None:
    forms = (context.chat_data or {}).get(FORMS_KEY, {}).get(token)
    return forms[index] if forms and 0 <= index < len(forms) else None


async def show_cohorts(update: Update, context: ShopContext) -> None:
    """/cohorts: the retention heatmap by first-order month, and repeat rate by first product bought."""
    settings = context.settings
    chat_id = update.effective_chat.id
    timezone = await context.run_light(service.chat_timezone, settings.db_path, chat_id, settings.timezone)
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    view = await context.run_heavy(service.cohorts_view, settings.db_path, chat_id, timezone=timezone)
    if view is None:
        await update.effective_message.reply_text(_(NO_DATA))
        return
    if view["chart"] is not None:
        await update.effective_message.reply_photo(view["chart"], filename="cohorts.png", caption=cohorts_caption())
    await update.effective_message.reply_text(cohorts_text(view), parse_mode=ParseMode.HTML)


async def show_reports(update: Update, context: ShopContext) -> None:
    """/reports: the standing questions every digest answers, each with a button that removes it."""
    settings = context.settings
    rows = await context.run_light(service.list_standing, settings.db_path, update.effective_chat.id)
    await update.effective_message.reply_text(standing_list_text(rows), parse_mode=ParseMode.HTML,
                                              reply_markup=_standing_buttons(rows))


def _standing_buttons(rows: list[dict]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"🗑 {shorten(row['text'], 40)}",
                                                       callback_data=f"{STANDING_PREFIX}{row['question_id']}")]
                                 for row in rows])


async def standing_removed(update: Update, context: ShopContext) -> None:
    """A remove button under /reports: stop answering that question in the digest."""
    query = update.callback_query
    await query.answer()
    settings = context.settings
    chat_id = update.effective_chat.id
    wanted = query.data.removeprefix(STANDING_PREFIX)
    if wanted.isdigit():
        await context.run_light(service.remove_standing, settings.db_path, chat_id, int(wanted))
    rows = await context.run_light(service.list_standing, settings.db_path, chat_id)
    await query.edit_message_text(_(STANDING_REMOVED) + "\n\n" + standing_list_text(rows), parse_mode=ParseMode.HTML,
                                  reply_markup=_standing_buttons(rows))


async def choice_pressed(update: Update, context: ShopContext) -> None:
    """One meaning of an ambiguous question was picked: answer that one."""
    query = update.callback_query
    await query.answer()
    token, _colon, index = query.data.removeprefix(CHOICE_PREFIX).partition(":")
    form = _form(context, token, int(index) if index.isdigit() else -1)
    if form is None:
        await query.edit_message_text(_(STALE_CHOICE))
        return
    settings = context.settings
    chat_id = update.effective_chat.id
    timezone = form.get("period", {}).get("timezone") or settings.timezone
    asked = await context.run_heavy(service.answer_chosen, settings.db_path, chat_id, form, timezone=timezone)
    chosen = next((button.text for row in (query.message.reply_markup.inline_keyboard if query.message and
                   query.message.reply_markup else []) for button in row if button.callback_data == query.data), "")
    await query.edit_message_text(f"{_(CHOOSE_INTRO)} {chosen}".strip())  # the buttons go: one answer per question
    await send_asked(update, context, asked)


async def csv_pressed(update: Update, context: ShopContext) -> None:
    """The CSV button under a list of customers: every customer the question matched."""
    query = update.callback_query
    await query.answer()
    form = _form(context, query.data.removeprefix(CSV_PREFIX))
    chat_id = update.effective_chat.id
    if form is None:
        await context.bot.send_message(chat_id, _(STALE_CHOICE))
        return
    settings = context.settings
    timezone = form.get("period", {}).get("timezone") or settings.timezone
    found = await context.run_heavy(service.customers_file, settings.db_path, chat_id, form, timezone=timezone)
    if found is None:
        await context.bot.send_message(chat_id, _(STALE_CHOICE))
        return
    data, rows = found
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    await context.bot.send_document(chat_id, data, filename="shoppulse-customers.csv",
                                    caption=_("{count} customers: e-mail, name, orders and spend.").format(
                                        count=f"{rows:,}"))
