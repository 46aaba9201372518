"""Analysing a chat and reading its newest analysis: segments, exports, churn, value, customer
cards, sentiment, baskets and recommendations."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analytics.analysis import (
    DEFAULT_HORIZON_DAYS,
    SCORE_COLUMNS,
    Analysis,
    RunParts,
    RunSummary,
    analyse_orders,
    in_turn,
    reanalyse_horizon,
)
from analytics.baskets import companions
from analytics.charts import segments_chart, sentiment_chart, value_chart
from analytics.churn import AT_RISK_FROM
from analytics.customers import default_as_of, paid_orders
from analytics.errors import NotEnoughData
from analytics.export_csv import customers_csv
from analytics.recommend import next_products, picks_from_json, popular_in_segment
from analytics.review_links import link_reviews
from analytics.sentiment import SentimentReport, sentiment_report, unhappy_valuable
from bot.i18n import N_, _, babel_locale
from bot.segment_words import names_in_every_language, segment_name
from bot.service.jobs import side_by_side
from bot.service.records import (
    ANALYSIS_ITEM_FIELDS,
    ANALYSIS_ORDER_FIELDS,
    job_database,
    load_items,
    load_orders,
    load_platform_ids,
    load_reviews,
    newest_run,
    rows_of,
)
from storage.chats import chat_horizon_days, set_horizon_days
from storage.digests import last_digest
from storage.imports import (
    customer_orders,
    load_profiles,
)
from storage.runs import (
    SCORE_FIELDS,
    customers_named,
    find_customer,
    latest_run_is_current,
    newest_change,
    run_scores,
    save_run,
)

assert tuple(SCORE_COLUMNS) == SCORE_FIELDS, "analytics and storage disagree on the score columns"


NO_ANALYSIS = N_("No analysis yet. Send me an order export first, and I'll segment your customers.")




HORIZON_RANGE = (14, 365)
# From this many rows of history (orders and their lines) an analysis runs its two lanes on both
# cores; below, forking the worker costs more than the second core saves. Counted with the lines,
# not orders alone: the picks' lane grows with lines. Quiet two-core machine, in turn against side
# by side: UCI Online Retail (18,536 orders, 395,124 lines) 20.2 and 12.5 s; the Instacart sample
# (15,183 orders, 150,000 lines) 5.0 and 3.1 s; CDNOW master (69,659 orders) 1.45 and 1.29 s; our
# synthetic shop, a line per order: 10,000 orders 0.53 and 0.58 s, 25,000 orders 0.90 and 0.82 s.
LANES_FROM_ROWS = 40_000


def lanes_for(orders: int, lines: int = 0) -> RunParts:
    """How an analysis of this many orders and order lines runs its parts (analytics.analysis.analyse_orders)."""
    return side_by_side if orders + lines >= LANES_FROM_ROWS else in_turn


def analyse_chat(db_path: Path, chat_id: int) -> RunSummary:
    """Analyse a chat's whole history with its own horizon, store the run, return its summary."""
    with job_database(db_path) as db:
        horizon_days = chat_horizon_days(db, chat_id) or DEFAULT_HORIZON_DAYS
        analysed_change = newest_change(db, chat_id)  # before reading: a later upload makes the run stale
    orders = load_orders(db_path, chat_id, ANALYSIS_ORDER_FIELDS)
    if orders.empty:
        raise NotEnoughData(N_("No orders are stored yet. Send me an order export (CSV) to analyse your customers."))
    items = load_items(db_path, chat_id, ANALYSIS_ITEM_FIELDS, orders_only=False)
    analysis = analyse_orders(orders, items=items, reviews=load_reviews(db_path, chat_id),
                              horizon_days=horizon_days, profiles=load_platform_ids(db_path, chat_id),
                              run_parts=lanes_for(len(orders), len(items)))
    return _store_run(db_path, chat_id, analysis, horizon_days, analysed_change)


def change_horizon(db_path: Path, chat_id: int) -> RunSummary:
    """After /horizon: redo only what the horizon changes when the newest run is of the data as
    they are now (segments, clusters and recommendations stay), else analyse everything."""
    with job_database(db_path) as db:
        horizon_days = chat_horizon_days(db, chat_id) or DEFAULT_HORIZON_DAYS
        analysed_change = newest_change(db, chat_id)
        run = newest_run(db, chat_id) if latest_run_is_current(db, chat_id) else None
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"])
    if run is None:
        return analyse_chat(db_path, chat_id)
    summary = {key: value for key, value in run["summary"].items() if key != "analysed_change"}
    previous = Analysis(scores=pd.DataFrame.from_records(rows, columns=columns), summary=summary)
    analysis = reanalyse_horizon(previous, load_orders(db_path, chat_id, ANALYSIS_ORDER_FIELDS),
                                 horizon_days=horizon_days)
    if analysis is None:
        return analyse_chat(db_path, chat_id)
    return _store_run(db_path, chat_id, analysis, horizon_days, analysed_change)


def _store_run(db_path: Path, chat_id: int, analysis: Analysis, horizon_days: int, analysed_change) -> RunSummary:
    with job_database(db_path) as db:
        run_id = save_run(
            db,
            chat_id,
            as_of=analysis.summary["as_of"],
            horizon_days=horizon_days,
            summary={**analysis.summary, "analysed_change": analysed_change},
            scores=rows_of(analysis.scores, SCORE_FIELDS),
        )
    return {**analysis.summary, "run_id": run_id}


def latest_summary(db_path: Path, chat_id: int) -> RunSummary | None:
    """The summary of the chat's newest analysis, or None if it has none."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
    return None if run is None else {**run["summary"], "run_id": run["run_id"], "analysed_at": run["created_at"]}


def current_summary(db_path: Path, chat_id: int) -> RunSummary | None:
    """The newest analysis if nothing was imported since it was made (so a file sent again needs
    no new analysis), else None."""
    with job_database(db_path) as db:
        if not latest_run_is_current(db, chat_id):
            return None
    return latest_summary(db_path, chat_id)


def segments_picture(summary: dict) -> bytes:
    """The /segments chart for a stored summary."""
    rows = [{**row, "segment": segment_name(row["segment"])} for row in summary["segment_details"]]
    return segments_chart(rows, gettext=_)


def find_segment(text: str) -> str | None:
    """The segment a person meant, in any language the bot speaks: "at risk", "At-Risk", "cant lose",
    "champions", "重要挽留客户", "重要挽留"."""
    wanted = _letters(text)
    if not wanted:
        return None
    names = [(segment, _letters(name)) for segment, name in names_in_every_language()]
    for segment, name in names:
        if name == wanted:
            return segment
    matches = {segment for segment, name in names if name.startswith(wanted)}
    return matches.pop() if len(matches) == 1 else None


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


class ScoredCustomers(NamedTuple):
    """A run's summary and the customers a query picked from its scores."""

    summary: RunSummary
    customers: pd.DataFrame


class CsvFile(NamedTuple):
    data: bytes
    rows: int


class SentListFile(NamedTuple):
    """The CSV of a sent digest's list; a first digest's list is everyone likely to stop, not who newly became so."""

    data: bytes
    rows: int
    first_digest: bool


class SentimentView(NamedTuple):
    report: SentimentReport
    chart: bytes | None  # none without reviews in more than one month


def _latest_scores(db_path: Path, chat_id: int, **query) -> ScoredCustomers | None:
    """The newest run's summary and the score rows `query` selects (see storage.runs.run_scores)."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
        if run is None:
            return None
        columns, rows = run_scores(db, chat_id, run["run_id"], **query)
    return ScoredCustomers(run["summary"], pd.DataFrame.from_records(rows, columns=columns))


def export_segment(db_path: Path, chat_id: int, segment: str) -> CsvFile | None:
    """CSV bytes and row count of one segment of the newest run, or None without a run."""
    found = _latest_scores(db_path, chat_id, segment=segment)
    if found is None:
        return None
    return CsvFile(_customers_csv(db_path, chat_id, *found), len(found.customers))


def _customers_csv(db_path: Path, chat_id: int, summary: RunSummary, scores: pd.DataFrame) -> bytes:
    """The export file, with names and e-mail consent from any customers export the owner sent."""
    with job_database(db_path) as db:
        profiles = load_profiles(db, chat_id)
    if profiles:
        known = scores["email"].map(profiles)
        scores = scores.assign(
            name=scores["name"].fillna(known.map(lambda p: p[0] if isinstance(p, tuple) else None)),
            accepts_marketing=known.map(lambda p: {1: "yes", 0: "no"}.get(p[1]) if isinstance(p, tuple) else None),
        )
    scores = scores.assign(segment=scores["segment"].map(lambda name: segment_name(name) if isinstance(name, str) else name))
    return customers_csv(scores, horizon_days=summary["horizon_days"], currency=summary.get("currency"), gettext=_)


def at_risk(db_path: Path, chat_id: int, *, limit: int | None = None) -> ScoredCustomers | None:
    """Summary and the customers at risk of churning, most value at risk first."""
    return _latest_scores(db_path, chat_id, min_churn_risk=AT_RISK_FROM, order_by="value_at_risk", limit=limit)


def unhappy_valuable_customers(db_path: Path, chat_id: int) -> pd.DataFrame:
    """High-value customers whose reviews are negative on average (empty without reviews)."""
    found = _latest_scores(db_path, chat_id, order_by="clv_12m")
    return pd.DataFrame() if found is None else unhappy_valuable(found.customers)


def export_at_risk(db_path: Path, chat_id: int) -> CsvFile | None:
    found = at_risk(db_path, chat_id)
    if found is None:
        return None
    return CsvFile(_customers_csv(db_path, chat_id, *found), len(found.customers))


def export_digest_list(db_path: Path, chat_id: int) -> SentListFile | None:
    """The customers the last digest listed as newly likely to stop, in its order, with what the
    newest analysis says of them; None without a digest that kept its list or without a run."""
    with job_database(db_path) as db:
        sent = last_digest(db, chat_id)
    found = _latest_scores(db_path, chat_id, order_by="value_at_risk")
    if found is None or sent is None or sent["newly"] is None:
        return None
    order = {customer: rank for rank, customer in enumerate(sent["newly"]["ids"])}
    customers = found.customers[found.customers["customer_id"].isin(order)]
    customers = customers.sort_values("customer_id", key=lambda ids: ids.map(order), kind="stable")
    return SentListFile(_customers_csv(db_path, chat_id, found.summary, customers), len(customers),
                        bool(sent["newly"].get("first")))


def most_valuable(db_path: Path, chat_id: int, *, limit: int = 10) -> ScoredCustomers | None:
    """Summary and the customers with the highest 12-month value."""
    return _latest_scores(db_path, chat_id, order_by="clv_12m", limit=limit)


def value_picture(db_path: Path, chat_id: int) -> bytes | None:
    """Histogram of 12-month customer value for /value, or None without value forecasts."""
    found = _latest_scores(db_path, chat_id, order_by="clv_12m")
    if found is None or found[1]["clv_12m"].isna().all():
        return None
    return value_chart(found[1]["clv_12m"].dropna().astype(float), found[0].get("currency"), gettext=_)


CUSTOMER_CHOICES = 6  # buttons offered when several customers match a name


def customer_matches(db_path: Path, chat_id: int, wanted: str, *, limit: int = CUSTOMER_CHOICES) -> list[dict]:
    """The customers the owner may mean: the one with this e-mail or id, else those whose name
    contains the words (case-insensitive), most spent first; at most `limit` + 1, so the caller
    knows there were more."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
        if run is None:
            raise NotEnoughData(_(NO_ANALYSIS))
        exact = find_customer(db, chat_id, run["run_id"], wanted.strip())
        if exact is not None:
            return [exact]
        return customers_named(db, chat_id, run["run_id"], wanted.strip(), limit=limit + 1)


def customer_card(db_path: Path, chat_id: int, wanted: str) -> dict | None:
    """One customer's scores and newest orders, found by e-mail or id; None if unknown."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
        if run is None:
            raise NotEnoughData(_(NO_ANALYSIS))
        customer = find_customer(db, chat_id, run["run_id"], wanted.strip())
        if customer is None:
            return None
        customer["orders"] = customer_orders(db, chat_id, customer["customer_id"])
    customer["currency"] = run["summary"].get("currency")
    customer["horizon_days"] = run["horizon_days"]
    return customer


def set_horizon(db_path: Path, chat_id: int, days: int) -> None:
    """Store the chat's forecast horizon; the caller re-analyses with it."""
    low, high = HORIZON_RANGE
    if not low <= days <= high:
        raise ValueError(f"the horizon must be between {low} and {high} days")
    with job_database(db_path) as db:
        set_horizon_days(db, chat_id, days)


def sentiment_view(db_path: Path, chat_id: int) -> SentimentView | None:
    """The /sentiment report and its chart, or None when no reviews are stored."""
    reviews = load_reviews(db_path, chat_id)
    if reviews.empty:
        return None
    report = sentiment_report(link_reviews(reviews, load_orders(db_path, chat_id), load_platform_ids(db_path, chat_id)))
    chart = sentiment_chart(report.by_month, gettext=_, locale=babel_locale()) if len(report.by_month) else None
    return SentimentView(report, chart)


def basket_rules(db_path: Path, chat_id: int, product_words: str = "") -> list[dict] | None:
    """The newest analysis's bought-together rules, for one product if words are given."""
    summary = latest_summary(db_path, chat_id)
    if summary is None:
        return None
    rules = pd.DataFrame(summary.get("baskets", []),
                         columns=["antecedent", "consequent", "support", "confidence", "lift", "orders"])
    if product_words.strip() and not rules.empty:
        rules = companions(rules.assign(antecedent=rules["antecedent"].map(tuple)), product_words)
    return rules.to_dict("records")


def recommendations(db_path: Path, chat_id: int, wanted: str, n: int = 5) -> dict | None:
    """A customer's card and their next products: re-buys that are due and new ones worth a try
    (or, for a customer with none, what is popular in their segment).

    The picks are the ones stored with the newest run; only a run stored before picks were kept
    with it, or a customer without any, makes this read the shop's line items."""
    card = customer_card(db_path, chat_id, wanted)
    if card is None:
        return None
    stored = card.pop("next_picks", None)
    picks = picks_from_json(stored)[:n]
    method = "their own buying rhythm and similar customers' baskets"
    if picks:
        return {**card, "recommended": [pick["product"] for pick in picks], "picks": picks, "method": method,
                "why_none": None}
    orders = load_orders(db_path, chat_id)
    paid = paid_orders(orders)
    purchases = load_items(db_path, chat_id).merge(paid[["order_id", "customer_id", "ordered_at"]], on="order_id")
    if purchases.empty:
        return {**card, "recommended": [], "picks": [], "method": "none", "why_none": "no line items"}
    if stored is None:  # a run from before picks were stored with it
        ranked = next_products(purchases, as_of=default_as_of(paid), n=n)
        picks = ranked[ranked["customer_id"] == card["customer_id"]].to_dict("records")
    if not picks:
        found = _latest_scores(db_path, chat_id)
        segments = found[1].set_index("customer_id")["segment"] if found else pd.Series(dtype=object)
        popular = popular_in_segment(purchases, segments, [card["customer_id"]], n=n).get(card["customer_id"], [])
        picks = [{"product": product, "kind": "popular"} for product in popular]
        method = f"what is popular among {card['segment']} customers"
    why_none = None if picks else "bought everything"
    return {**card, "recommended": [pick["product"] for pick in picks], "picks": picks, "method": method,
            "why_none": why_none}
