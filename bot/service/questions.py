"""Answering a question in words about a chat's data: parse, run against the catalogue, and hand
the bot plain data (the result, the choices to offer, or why not) to put into words.

The chat's history is prepared once (analytics.catalogue.Shop) and kept while nothing changes, so
a second question costs only its own parsing and counting.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analytics import catalogue
from analytics.catalogue import Shop
from analytics.charts import cohort_chart
from analytics.export_csv import spreadsheet_safe_csv
from analytics.questions import (
    CannotAnswer,
    NeedsChoice,
    Parsed,
    Query,
    Result,
    ShopWords,
    answer,
    from_dict,
    parse_question,
    shop_words,
    to_dict,
)
from bot.i18n import _
from bot.segment_words import names_in_every_language
from bot.service.model_questions import map_with_model
from bot.service.records import job_database, load_items, load_orders, newest_run
from storage.digests import get_subscription
from storage.imports import order_platforms
from storage.runs import newest_change, run_scores
from storage.standing_questions import add_standing_question, remove_standing_question, standing_questions

SHOPS_KEPT = 4
MODEL_MAY_MAP = {"unknown_words", "no_metric"}  # not: a breakdown the data lacks, two figures at once


@dataclass
class Asked:
    """What the bot needs to reply to one question."""

    kind: str  # answer | choose | unmapped | greeting | no_data
    parsed: Parsed | None = None
    result: Result | None = None
    choices: list[tuple[str, str, dict]] | None = None  # (what is asked, option, query form as data)
    reason: str | None = None
    words: ShopWords | None = None
    timezone: str = "UTC"
    standing: str | None = None  # a standing question: "saved", or "full" (the chat has the most it may keep)
    by_model: bool = False  # the language model mapped it onto the form (the parser could not)
    missing: list[str] | None = None  # what the data lacks, when the catalogue could not answer


# Prepared histories, kept by the worker process that prepared them (questions are heavy jobs,
# bot.service.jobs): a worker answers the next question about the same data without reloading it.
_shops: OrderedDict[tuple, tuple[tuple, Shop, ShopWords]] = OrderedDict()
_lock = threading.Lock()


def chat_timezone(db_path: Path, chat_id: int, default: str) -> str:
    """The chat's digest time zone if it set one, else the bot's default: "March" is March there."""
    with job_database(db_path) as db:
        schedule = get_subscription(db, chat_id)
    return (schedule or {}).get("timezone") or default


def prepared_shop(db_path: Path, chat_id: int, timezone: str, now: pd.Timestamp | None = None) -> tuple[Shop, ShopWords] | None:
    """The chat's history ready for questions (None without orders), reused until an upload or an
    analysis changes it."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
        marker = (newest_change(db, chat_id), run["run_id"] if run else None, timezone,
                  pd.Timestamp.now(tz=timezone).date() if now is None else now.date())
        key = (str(db_path), chat_id)
        with _lock:
            kept = _shops.get(key)
            if kept is not None and kept[0] == marker and now is None:
                _shops.move_to_end(key)
                return kept[1], kept[2]
        scores = pd.DataFrame()
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"])
            scores = pd.DataFrame.from_records(rows, columns=columns)
        platforms = order_platforms(db, chat_id)
    orders = load_orders(db_path, chat_id)
    if orders.empty:
        return None
    orders["platform"] = orders["order_id"].map(platforms)
    shop = Shop.build(orders, load_items(db_path, chat_id), scores if len(scores) else None, timezone=timezone, now=now)
    words = replace(shop_words(shop), segment_names=tuple(
        (name, segment) for segment, name in names_in_every_language() if name != segment))
    with _lock:
        _shops[key] = (marker, shop, words)
        _shops.move_to_end(key)
        while len(_shops) > SHOPS_KEPT:
            _shops.popitem(last=False)
    return shop, words


def ask_question(db_path: Path, chat_id: int, text: str, *, timezone: str, now: pd.Timestamp | None = None,
                 model: tuple[str, str] | None = None) -> Asked:
    """The reply to a message in words: an answer, a choice, a greeting, or why it has no answer.
    `model` (endpoint, name) may map a question the parser could not read (bot.service.model_questions)."""
    prepared = prepared_shop(db_path, chat_id, timezone, now)
    words = prepared[1] if prepared else ShopWords()
    today = (pd.Timestamp.now(tz=timezone) if now is None else now.tz_convert(timezone)).date()
    parsed = parse_question(text, words, today=today, timezone=timezone)
    if parsed.kind == "greeting":
        return Asked("greeting", parsed, timezone=timezone)
    if prepared is None:
        return Asked("no_data", parsed, timezone=timezone)
    if parsed.kind == "unmapped":
        if model is not None and parsed.reason in MODEL_MAY_MAP:
            query = map_with_model(*model, text, words, today=today, timezone=timezone)
            if query is not None:
                asked = run_query(prepared[0], words, query, parsed=parsed)
                asked.by_model = True
                return asked
        return Asked("unmapped", parsed, reason=parsed.reason, words=words, timezone=timezone)
    if parsed.kind == "choose":
        if parsed.standing:  # kept as words and read again each week: it must have one meaning
            return Asked("unmapped", parsed, reason="standing_ambiguous", words=words, timezone=timezone)
        return Asked("choose", parsed, choices=[(kind, label, to_dict(q)) for kind, label, q in parsed.choices],
                     words=words, timezone=timezone)
    asked = run_query(prepared[0], words, parsed.query, parsed=parsed)
    if parsed.standing and asked.kind == "answer":
        with job_database(db_path) as db:
            kept = add_standing_question(db, chat_id, parsed.standing_text)
        asked.standing = "full" if kept is None else "saved"
    return asked


def standing_answers(db_path: Path, chat_id: int, *, timezone: str, now: pd.Timestamp | None = None
                     ) -> list[tuple[str, Asked]]:
    """Each standing question of the chat answered now (for the digest), read again from its words."""
    with job_database(db_path) as db:
        questions = standing_questions(db, chat_id)
    return [(row["text"], ask_question_once(db_path, chat_id, row["text"], timezone=timezone, now=now))
            for row in questions]


def ask_question_once(db_path: Path, chat_id: int, text: str, *, timezone: str, now: pd.Timestamp | None = None) -> Asked:
    """Like ask_question, without keeping anything (a standing question read back)."""
    prepared = prepared_shop(db_path, chat_id, timezone, now)
    if prepared is None:
        return Asked("no_data", timezone=timezone)
    today = (pd.Timestamp.now(tz=timezone) if now is None else now.tz_convert(timezone)).date()
    parsed = parse_question(text, prepared[1], today=today, timezone=timezone)
    if parsed.kind != "query":
        return Asked("unmapped", parsed, reason=parsed.reason or "standing_ambiguous", words=prepared[1],
                     timezone=timezone)
    return run_query(prepared[0], prepared[1], parsed.query, parsed=parsed)


def list_standing(db_path: Path, chat_id: int) -> list[dict]:
    with job_database(db_path) as db:
        return standing_questions(db, chat_id)


def remove_standing(db_path: Path, chat_id: int, question_id: int) -> bool:
    with job_database(db_path) as db:
        return remove_standing_question(db, chat_id, question_id)


def run_query(shop: Shop, words: ShopWords, query: Query, *, parsed: Parsed | None = None) -> Asked:
    try:
        result = answer(query, shop)
    except NeedsChoice as choice:
        options = [("currency", option, to_dict(_with_currency(query, option))) for option in choice.options]
        return Asked("choose", parsed, choices=options, words=words, timezone=shop.timezone)
    except CannotAnswer as error:
        codes = query.with_code is not None or any(pair[0] == "discount_code" for pair in query.where)
        missing = [query.by] if query.by else ["discount_code"] if codes else []
        return Asked("unmapped", parsed, reason=error.reason, words=words, timezone=shop.timezone, missing=missing)
    return Asked("answer", parsed, result=result, words=words, timezone=shop.timezone)


def query_form(query: Query) -> dict:
    """The query as plain data, to keep behind a button."""
    return to_dict(query)


def _with_currency(query: Query, currency: str) -> Query:
    return replace(query, where=(*[pair for pair in query.where if pair[0] != "currency"], ("currency", currency)))


def answer_chosen(db_path: Path, chat_id: int, form: dict, *, timezone: str) -> Asked:
    """Answer the query form behind a button the owner pressed (validated again: it came back from chat data)."""
    prepared = prepared_shop(db_path, chat_id, timezone)
    if prepared is None:
        return Asked("no_data", timezone=timezone)
    return run_query(prepared[0], prepared[1], from_dict(form))


COHORTS_CHARTED = 18  # first-order months on the heatmap: a year and a half reads on a phone


def cohorts_view(db_path: Path, chat_id: int, *, timezone: str) -> dict | None:
    """/cohorts: retention by first-order month (with its heatmap) and repeat rate by first product
    bought, from the catalogue; None without orders."""
    prepared = prepared_shop(db_path, chat_id, timezone)
    if prepared is None:
        return None
    shop = prepared[0]
    retention = catalogue.cohort_retention(shop)
    chart = cohort_chart(retention.tail(COHORTS_CHARTED), gettext=_) if len(retention) else None
    return {"retention": retention, "first_products": catalogue.repeat_rate_by_first_product(shop)
            if len(shop.lines) else None, "chart": chart, "timezone": timezone,
            "customers": int(shop.paid["customer_id"].nunique())}


CSV_HEADERS = {"email": "Email", "name": "Name", "customer_id": "Customer ID", "orders": "Orders",
               "spent": "Spent", "currency": "Currency", "last_order": "Last order"}


def customers_file(db_path: Path, chat_id: int, form: dict, *, timezone: str) -> tuple[bytes, int] | None:
    """Every customer a list question matched, as a CSV safe to open in a spreadsheet."""
    asked = answer_chosen(db_path, chat_id, form, timezone=timezone)
    if asked.result is None or asked.result.customers is None:
        return None
    table = asked.result.customers[list(CSV_HEADERS)].rename(columns=CSV_HEADERS)
    return spreadsheet_safe_csv(table), len(table)
