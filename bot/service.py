"""The service layer: each function runs one job for one chat, start to finish.

Functions take the database path, not a connection, and return plain data, so the bot can run
them in a worker process or thread and the command line can call them directly. Every read
and write names the chat, which is how one chat never sees another's data.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analytics.analysis import SCORE_COLUMNS, analyse_orders
from analytics.baskets import companions
from analytics.charts import revenue_chart, segments_chart, sentiment_chart, value_chart
from analytics.digest import customer_state, weekly_digest
from analytics.errors import NotEnoughData, StorageUnavailable
from analytics.export_csv import customers_csv
from analytics.ingest import Export, read_export
from analytics.rfm import SEGMENTS
from analytics.recommend import ItemSimilarityRecommender, popular_in_segment
from analytics.sentiment import SentimentReport, sentiment_report, score_texts
from storage.chats import chat_horizon_days, set_horizon_days
from storage.chats import chat_stats as stored_chat_stats
from storage.chats import forget_chat as forget_stored_chat
from storage.database import open_database
from storage.imports import (
    ITEM_FIELDS,
    ORDER_FIELDS,
    REVIEW_FIELDS,
    customer_orders,
    iter_items,
    iter_orders,
    iter_reviews,
    list_uploads,
    save_import,
    undo_last_upload,
)
from storage import digests as digest_store
from storage.mappings import load_mappings, save_mapping
from storage.runs import SCORE_FIELDS, delete_runs, find_customer, latest_run, run_scores, save_run

assert tuple(SCORE_COLUMNS) == SCORE_FIELDS, "analytics and storage disagree on the score columns"

NO_ANALYSIS = "No analysis yet. Send me an order export first, and I'll segment your customers."
AT_RISK_FROM = 0.5  # churn risk from which a customer is on the /churn list
HORIZON_RANGE = (14, 365)


@dataclass(frozen=True)
class ImportReport:
    """What an upload held and what it changed, for the reply to the owner."""

    file_name: str
    platform: str
    rows_read: int
    orders_in_file: int
    customers_in_file: int
    orders_added: int
    orders_updated: int
    first_order: str | None
    last_order: str | None
    revenue: dict[str, float]
    skipped: dict[str, int]
    notes: list[str]
    reviews_in_file: int = 0
    reviews_added: int = 0
    reviews_not_scored: int = 0


def import_upload(db_path: Path, chat_id: int, file_name: str, data: bytes) -> ImportReport:
    """Read an upload and store it in one transaction; raise ShopPulseError if it is unusable.

    Column choices the owner made for this chat are applied to files with the same header.
    """
    with closing(open_database(db_path, migrate=False)) as db:
        mappings = load_mappings(db, chat_id)
    export = read_export(data, file_name, mappings=mappings)
    reviews = export.reviews.assign(sentiment=score_texts(export.reviews["text"].tolist()))
    with closing(open_database(db_path, migrate=False)) as db, storage_failures():
        counts = save_import(
            db,
            chat_id,
            file_name=file_name,
            platform=export.platform,
            orders=orders_to_rows(export.orders),
            items=items_to_rows(export.items),
            rows_read=export.rows_read,
            rows_skipped=export.rows_skipped,
            report={"skipped": dict(export.skipped), "notes": export.notes},
            orders_are_partial=export.orders_are_partial,
            reviews=_rows(reviews, REVIEW_FIELDS),
        )
    report = _report(file_name, export, counts.orders_added, counts.orders_updated)
    return replace(report, reviews_in_file=len(reviews), reviews_added=counts.reviews_added,
                   reviews_not_scored=int(reviews["sentiment"].isna().sum()))


@contextmanager
def storage_failures():
    """Turn the database refusing writes into a message the owner can act on."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "readonly" in text or "read-only" in text or "disk" in text or "full" in text:
            raise StorageUnavailable(
                "I could not save this upload: the server's database cannot be written right now "
                "(the disk is full or the file is read-only). Nothing was saved and your earlier data is "
                "safe. Please tell whoever runs this bot, then send the file again."
            ) from error
        raise


def _rows(table: pd.DataFrame, fields) -> list[tuple]:
    selected = table[list(fields)]
    return list(selected.astype(object).where(selected.notna(), None).itertuples(index=False, name=None))


def _report(file_name: str, export: Export, added: int, updated: int) -> ImportReport:
    orders = export.orders
    paid = orders[orders["status"] == "paid"]
    revenue = paid.assign(currency=paid["currency"].fillna("")).groupby("currency")["total"].sum().round(2)
    return ImportReport(
        file_name=file_name,
        platform=export.platform,
        rows_read=export.rows_read,
        orders_in_file=len(orders),
        customers_in_file=int(orders["customer_id"].nunique()),
        orders_added=added,
        orders_updated=updated,
        first_order=pd.Timestamp(orders["ordered_at"].min()).date().isoformat() if len(orders) else None,
        last_order=pd.Timestamp(orders["ordered_at"].max()).date().isoformat() if len(orders) else None,
        revenue={str(k): float(v) for k, v in revenue.items()},
        skipped=dict(export.skipped),
        notes=list(export.notes),
    )


def orders_to_rows(orders: pd.DataFrame):
    """Canonical orders as tuples in storage's column order, dates as UTC ISO text."""
    if orders.empty:
        return []
    table = orders[list(ORDER_FIELDS)].copy()
    table["ordered_at"] = table["ordered_at"].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    table = table.astype(object).where(table.notna(), None)
    return table.itertuples(index=False, name=None)


def items_to_rows(items: pd.DataFrame):
    """Canonical items as tuples in storage's column order, missing values as NULL."""
    table = items[list(ITEM_FIELDS)]
    return table.astype(object).where(table.notna(), None).itertuples(index=False, name=None)


def load_orders(db_path: Path, chat_id: int) -> pd.DataFrame:
    """Every stored order of a chat as the canonical orders table."""
    with closing(open_database(db_path, migrate=False)) as db:
        columns, cursor = iter_orders(db, chat_id)
        orders = pd.DataFrame.from_records(list(cursor), columns=columns)
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"], utc=True, format="ISO8601")
    orders["total"] = orders["total"].astype(float)
    return orders


def load_items(db_path: Path, chat_id: int) -> pd.DataFrame:
    with closing(open_database(db_path, migrate=False)) as db:
        columns, cursor = iter_items(db, chat_id)
        return pd.DataFrame.from_records(list(cursor), columns=columns)


def load_reviews(db_path: Path, chat_id: int) -> pd.DataFrame:
    with closing(open_database(db_path, migrate=False)) as db:
        columns, cursor = iter_reviews(db, chat_id)
        return pd.DataFrame.from_records(list(cursor), columns=columns)


def analyse_chat(db_path: Path, chat_id: int) -> dict:
    """Analyse a chat's whole history with its own horizon, store the run, return its summary."""
    with closing(open_database(db_path, migrate=False)) as db:
        horizon_days = chat_horizon_days(db, chat_id)
    orders = load_orders(db_path, chat_id)
    if orders.empty:
        raise NotEnoughData("No orders are stored yet. Send me an order export (CSV) to analyse your customers.")
    analysis = analyse_orders(orders, items=load_items(db_path, chat_id), reviews=load_reviews(db_path, chat_id),
                              horizon_days=horizon_days)
    scores = analysis.scores.astype(object).where(analysis.scores.notna(), None)
    with closing(open_database(db_path, migrate=False)) as db, storage_failures():
        run_id = save_run(
            db,
            chat_id,
            as_of=analysis.summary["as_of"],
            horizon_days=horizon_days,
            summary=analysis.summary,
            scores=scores.itertuples(index=False, name=None),
        )
    return {**analysis.summary, "run_id": run_id}


def latest_summary(db_path: Path, chat_id: int) -> dict | None:
    """The summary of the chat's newest analysis, or None if it has none."""
    with closing(open_database(db_path, migrate=False)) as db:
        run = latest_run(db, chat_id)
    return None if run is None else {**run["summary"], "run_id": run["run_id"], "analysed_at": run["created_at"]}


def segments_picture(summary: dict) -> bytes:
    """The /segments chart for a stored summary."""
    return segments_chart(summary["segment_details"])


def find_segment(text: str) -> str | None:
    """The segment a person meant: "at risk", "At-Risk", "cant lose", "champions"."""
    wanted = _letters(text)
    if not wanted:
        return None
    for segment in SEGMENTS:
        if _letters(segment) == wanted:
            return segment
    matches = [segment for segment in SEGMENTS if _letters(segment).startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _latest_scores(db_path: Path, chat_id: int, **query) -> tuple[dict, pd.DataFrame] | None:
    """The newest run's summary and the score rows `query` selects (see storage.runs.run_scores)."""
    with closing(open_database(db_path, migrate=False)) as db:
        run = latest_run(db, chat_id)
        if run is None:
            return None
        columns, rows = run_scores(db, chat_id, run["run_id"], **query)
    return run["summary"], pd.DataFrame.from_records(rows, columns=columns)


def export_segment(db_path: Path, chat_id: int, segment: str) -> tuple[bytes, int] | None:
    """CSV bytes and row count of one segment of the newest run, or None without a run."""
    found = _latest_scores(db_path, chat_id, segment=segment)
    if found is None:
        return None
    return customers_csv(found[1]), len(found[1])


def at_risk(db_path: Path, chat_id: int, *, limit: int | None = None) -> tuple[dict, pd.DataFrame] | None:
    """Summary and the customers at risk of churning, most value at risk first."""
    return _latest_scores(db_path, chat_id, min_churn_risk=AT_RISK_FROM, order_by="value_at_risk", limit=limit)


def export_at_risk(db_path: Path, chat_id: int) -> tuple[bytes, int] | None:
    found = at_risk(db_path, chat_id)
    if found is None:
        return None
    return customers_csv(found[1]), len(found[1])


def most_valuable(db_path: Path, chat_id: int, *, limit: int = 10) -> tuple[dict, pd.DataFrame] | None:
    """Summary and the customers with the highest 12-month value."""
    return _latest_scores(db_path, chat_id, order_by="clv_12m", limit=limit)


def value_picture(db_path: Path, chat_id: int) -> bytes | None:
    """Histogram of 12-month customer value for /value, or None without value forecasts."""
    found = _latest_scores(db_path, chat_id, order_by="clv_12m")
    if found is None or found[1]["clv_12m"].isna().all():
        return None
    return value_chart(found[1]["clv_12m"].dropna().astype(float), found[0].get("currency"))


def customer_card(db_path: Path, chat_id: int, wanted: str) -> dict | None:
    """One customer's scores and newest orders, found by e-mail or id; None if unknown."""
    with closing(open_database(db_path, migrate=False)) as db:
        run = latest_run(db, chat_id)
        if run is None:
            raise NotEnoughData(NO_ANALYSIS)
        customer = find_customer(db, chat_id, run["run_id"], wanted.strip())
        if customer is None:
            return None
        customer["orders"] = customer_orders(db, chat_id, customer["customer_id"])
    customer["currency"] = run["summary"].get("currency")
    return customer


def set_horizon(db_path: Path, chat_id: int, days: int) -> None:
    """Store the chat's forecast horizon; the caller re-analyses with it."""
    low, high = HORIZON_RANGE
    if not low <= days <= high:
        raise ValueError(f"the horizon must be between {low} and {high} days")
    with closing(open_database(db_path, migrate=False)) as db:
        set_horizon_days(db, chat_id, days)


def chat_stats(db_path: Path, chat_id: int) -> dict:
    with closing(open_database(db_path, migrate=False)) as db:
        return stored_chat_stats(db, chat_id)


def forget_chat(db_path: Path, chat_id: int) -> int:
    with closing(open_database(db_path, migrate=False)) as db:
        return forget_stored_chat(db, chat_id)


def uploads(db_path: Path, chat_id: int) -> list[dict]:
    with closing(open_database(db_path, migrate=False)) as db:
        return list_uploads(db, chat_id)


def undo_upload(db_path: Path, chat_id: int) -> dict | None:
    """Undo the chat's newest upload and re-analyse what remains; None if there was none."""
    with closing(open_database(db_path, migrate=False)) as db:
        undone = undo_last_upload(db, chat_id)
        if undone is None:
            return None
        remaining = stored_chat_stats(db, chat_id)["orders"]
        if not remaining:
            delete_runs(db, chat_id)
    if remaining:
        try:
            analyse_chat(db_path, chat_id)
        except NotEnoughData:
            with closing(open_database(db_path, migrate=False)) as db:
                delete_runs(db, chat_id)
    return {**undone, "orders_left": remaining}


def remember_mapping(db_path: Path, chat_id: int, signature: str, mapping: dict) -> None:
    """Store which column is which for files with this header, in this chat."""
    with closing(open_database(db_path, migrate=False)) as db:
        save_mapping(db, chat_id, signature, mapping)


@dataclass
class DigestContent:
    """One chat's digest, ready to word: the numbers, the chart, and whether anything is new."""

    stale: bool
    digest: object | None = None  # analytics.digest.WeeklyDigest when there is news
    chart: bytes | None = None
    newest_upload_id: int | None = None
    last_sent_at: str | None = None


def build_digest(db_path: Path, chat_id: int) -> DigestContent:
    """The weekly digest from the chat's history and newest analysis (runs in a worker)."""
    with closing(open_database(db_path, migrate=False)) as db:
        run = latest_run(db, chat_id)
        newest = digest_store.newest_upload_id(db, chat_id)
        previous = digest_store.last_digest(db, chat_id)
        state = digest_store.customer_state(db, chat_id)
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"], order_by="value_at_risk")
    last_sent = previous["sent_at"] if previous else None
    if run is None or (previous is not None and (newest or 0) <= (previous["last_upload_id"] or 0)):
        return DigestContent(stale=True, newest_upload_id=newest, last_sent_at=last_sent)
    summary = run["summary"]
    scores = pd.DataFrame.from_records(rows, columns=columns)
    digest = weekly_digest(load_orders(db_path, chat_id), scores, state, reviews=load_reviews(db_path, chat_id),
                           as_of=pd.Timestamp(summary["as_of"], tz="UTC"), currency=summary.get("currency"))
    return DigestContent(stale=False, digest=digest, chart=revenue_chart(digest.weekly_revenue, digest.currency),
                         newest_upload_id=newest, last_sent_at=last_sent)


def ensure_digest_schedule(db_path: Path, chat_id: int, default_timezone: str) -> dict | None:
    """Give the chat the default weekly schedule if it has none; the new schedule, or None."""
    with closing(open_database(db_path, migrate=False)) as db:
        created = digest_store.ensure_subscription(db, chat_id, default_timezone)
        return digest_store.get_subscription(db, chat_id) if created else None


def digest_schedule(db_path: Path, chat_id: int) -> dict | None:
    with closing(open_database(db_path, migrate=False)) as db:
        return digest_store.get_subscription(db, chat_id)


def set_digest_schedule(db_path: Path, chat_id: int, *, weekday: int, hour: int, minute: int,
                        timezone_name: str, enabled: bool = True) -> dict:
    with closing(open_database(db_path, migrate=False)) as db:
        digest_store.set_subscription(db, chat_id, weekday=weekday, hour=hour, minute=minute,
                                      timezone_name=timezone_name, enabled=enabled)
        return digest_store.get_subscription(db, chat_id)


def pause_digest(db_path: Path, chat_id: int, reason: str) -> None:
    with closing(open_database(db_path, migrate=False)) as db:
        digest_store.pause_subscription(db, chat_id, reason)


def active_digest_schedules(db_path: Path) -> list[dict]:
    with closing(open_database(db_path, migrate=False)) as db:
        return digest_store.active_subscriptions(db)


def claim_digest_week(db_path: Path, chat_id: int, week_key: str) -> bool:
    with closing(open_database(db_path, migrate=False)) as db:
        return digest_store.claim_week(db, chat_id, week_key)


def digest_week_claimed(db_path: Path, chat_id: int, week_key: str) -> bool:
    with closing(open_database(db_path, migrate=False)) as db:
        return digest_store.week_claimed(db, chat_id, week_key)


def release_digest_week(db_path: Path, chat_id: int, week_key: str) -> None:
    with closing(open_database(db_path, migrate=False)) as db:
        digest_store.release_week(db, chat_id, week_key)


def record_digest_sent(db_path: Path, chat_id: int, week_key: str, newest_upload_id: int | None) -> None:
    """Mark the week sent and remember each customer's segment and risk for the next digest."""
    with closing(open_database(db_path, migrate=False)) as db:
        digest_store.mark_week_sent(db, chat_id, week_key, newest_upload_id)
        run = latest_run(db, chat_id)
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"])
            scores = pd.DataFrame.from_records(rows, columns=columns)
            digest_store.save_customer_state(db, chat_id, customer_state(scores))


def sentiment_view(db_path: Path, chat_id: int) -> tuple[SentimentReport, bytes | None] | None:
    """The /sentiment report and its chart, or None when no reviews are stored."""
    reviews = load_reviews(db_path, chat_id)
    if reviews.empty:
        return None
    report = sentiment_report(reviews)
    chart = sentiment_chart(report.by_month) if len(report.by_month) else None
    return report, chart


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
    """A customer's card and their next best products (CF, or popular in their segment)."""
    card = customer_card(db_path, chat_id, wanted)
    if card is None:
        return None
    orders = load_orders(db_path, chat_id)
    paid = orders[orders["status"] == "paid"]
    purchases = load_items(db_path, chat_id).merge(paid[["order_id", "customer_id"]], on="order_id")
    if purchases.empty:
        return {**card, "recommended": [], "method": "none"}
    picks = ItemSimilarityRecommender().fit(purchases).recommend([card["customer_id"]], n=n).get(card["customer_id"])
    method = "similar customers' baskets"
    if not picks or card["frequency"] <= 1:
        found = _latest_scores(db_path, chat_id)
        segments = found[1].set_index("customer_id")["segment"] if found else pd.Series(dtype=object)
        picks = popular_in_segment(purchases, segments, [card["customer_id"]], n=n).get(card["customer_id"], [])
        method = f"what is popular among {card['segment']} customers"
    return {**card, "recommended": picks, "method": method}
