"""A chat's history: importing an upload, what was uploaded, undoing it, forgetting it all."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analytics.customers import paid_orders
from analytics.errors import NotEnoughData
from analytics.ingest import Export, customers_as_named_by, read_export
from analytics.ingest.reconcile import PAYMENT_PLATFORMS, REFERENCE_COLUMNS, STORE_PLATFORMS
from analytics.review_links import linked_count
from bot.i18n import N_
from bot.service.analyses import analyse_chat
from bot.service.payment_matching import plan_matches
from bot.service.records import iter_rows, job_database, load_orders, load_platform_ids, orders_to_rows, rows_of
from bot.service.review_scores import scored_reviews
from storage.chats import StoredDataChanged, forget_state
from storage.chats import chat_stats as stored_chat_stats
from storage.chats import forget_chat as forget_stored_chat
from storage.database import write_transaction
from storage.imports import (
    ITEM_FIELDS,
    PROFILE_FIELDS,
    REVIEW_FIELDS,
    NotTheNewestUpload,
    list_uploads,
    order_customers,
    save_import,
    undo_last_upload,
)
from storage.mappings import delete_mappings, load_mappings, save_mapping
from storage.runs import delete_runs


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
    # Orders by what their customer key rests on (analytics.ingest.canonical.Export.buyer_bases)
    buyer_bases: dict[str, int] = field(default_factory=dict)
    reviews_in_file: int = 0
    reviews_added: int = 0
    reviews_not_scored: int = 0
    reviews_linked: int = 0  # of the file's reviews, those matched to a stored customer
    profiles_in_file: int = 0
    customer_numbers_in_file: int = 0  # of those profiles, the ones with the platform's customer id
    # Sales seen from both sides: this file's payments of stored orders, or stored payments of
    # this file's orders; counted once, as the store's order.
    payments_matched: int = 0
    payments_in_file: bool = False
    orders_in_file_too: bool = False  # the upload held the shop's orders beside its payments (a zip of both)


def import_upload(
    db_path: Path, chat_id: int, file_name: str, data: bytes, *, new_mapping: tuple[str, dict] | None = None
) -> ImportReport:
    """Read an upload and store it in one transaction; raise ShopPulseError if it is unusable.

    Column choices the owner made for this chat are applied to files with the same header.
    `new_mapping` (header signature, choices) was just answered: it is remembered only once an
    import with it stored orders, so a mis-tap that breaks the import is never reused.
    """
    with job_database(db_path) as db:
        mappings = load_mappings(db, chat_id)
    if new_mapping is not None:
        mappings[new_mapping[0]] = new_mapping[1]
    export = read_export(data, file_name, mappings=mappings)
    if new_mapping is not None and export.orders.empty:
        raise NotEnoughData(
            N_("With those columns no row of “{file}” had a customer, a readable date and an amount."), file=file_name)
    reviews = scored_reviews(export.reviews)
    with job_database(db_path) as db, write_transaction(db):
        if export.orders_are_partial and not export.orders.empty:
            export = replace(export, orders=_buyers_as_stored(db, chat_id, export.orders))
        plan = plan_matches(db, chat_id, export)
        counts = save_import(
            db,
            chat_id,
            file_name=file_name,
            platform=export.platform,
            orders=orders_to_rows(plan.orders),
            items=iter_rows(export.items, ITEM_FIELDS, key=["order_id", "line_no"]),
            rows_read=export.rows_read,
            rows_skipped=export.rows_skipped,
            report={"skipped": dict(export.skipped), "notes": export.notes},
            orders_are_partial=export.orders_are_partial,
            reviews=rows_of(reviews, REVIEW_FIELDS),
            profiles=rows_of(export.profiles, PROFILE_FIELDS),
            references=rows_of(export.references, REFERENCE_COLUMNS),
            payments_matched=plan.incoming,
            stored_payments_matched=plan.stored,
        )
        if new_mapping is not None:
            save_mapping(db, chat_id, *new_mapping)
    report = _report(file_name, export, counts.orders_added, counts.orders_updated)
    linked = linked_count(reviews, load_orders(db_path, chat_id), load_platform_ids(db_path, chat_id)) if len(reviews) else 0
    sides = set(export.platform.split("+"))
    return replace(report, reviews_in_file=len(reviews), reviews_added=counts.reviews_added,
                   reviews_not_scored=int(reviews["sentiment"].isna().sum()), reviews_linked=linked,
                   profiles_in_file=len(export.profiles),
                   customer_numbers_in_file=int(export.profiles["platform_customer_id"].notna().sum()),
                   payments_matched=counts.payments_matched + plan.matched_before,
                   payments_in_file=bool(sides & PAYMENT_PLATFORMS), orders_in_file_too=bool(sides & STORE_PLATFORMS))


def _buyers_as_stored(db, chat_id: int, partial: pd.DataFrame) -> pd.DataFrame:
    """A partial file's orders (Etsy items) with buyers named as the chat's stored orders name
    them, where the two share orders: the guest of an orders file sent earlier stays one customer."""
    stored = pd.DataFrame(order_customers(db, chat_id, partial["order_id"].astype(str).tolist()),
                          columns=["order_id", "customer_id"])
    return customers_as_named_by(partial, stored)


def _report(file_name: str, export: Export, added: int, updated: int) -> ImportReport:
    orders = export.orders
    paid = paid_orders(orders)
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
        buyer_bases=dict(export.buyer_bases),
    )


def chat_stats(db_path: Path, chat_id: int) -> dict:
    with job_database(db_path) as db:
        return stored_chat_stats(db, chat_id)


def forget_question(db_path: Path, chat_id: int) -> tuple[dict, str]:
    """What /forget would delete, and the token its Yes button carries to delete exactly that."""
    with job_database(db_path) as db, db.atomic():  # one snapshot for both
        return stored_chat_stats(db, chat_id), forget_state(db, chat_id)


def forget_chat(db_path: Path, chat_id: int, state: str | None = None) -> dict:
    """Delete the chat's data if it is still what `state` described: {"deleted": n} or {"changed": orders now}."""
    with job_database(db_path) as db:
        try:
            return {"deleted": forget_stored_chat(db, chat_id, state=state)}
        except StoredDataChanged as changed:
            return {"changed": changed.orders_now}


def uploads(db_path: Path, chat_id: int) -> list[dict]:
    with job_database(db_path) as db:
        return list_uploads(db, chat_id)


def undo_upload(db_path: Path, chat_id: int, upload_id: int | None = None) -> dict | None:
    """Undo the chat's newest upload and re-analyse what remains; None if there was none.

    With `upload_id`, only that upload is undone, if it is still the newest; otherwise the answer is
    {"refused": True, "asked": its file name or None if already undone, "newest": what /undo would remove}.
    """
    with job_database(db_path) as db:
        try:
            undone = undo_last_upload(db, chat_id, upload_id=upload_id)
        except NotTheNewestUpload as refusal:
            return {"refused": True, "asked": refusal.asked, "newest": refusal.newest}
        if undone is None:
            return None
    return {**undone, "orders_left": analyse_what_remains(db_path, chat_id)}


def analyse_what_remains(db_path: Path, chat_id: int) -> int:
    """Bring the analysis up to date after an undo; how many orders remain.

    Separate from the undo itself, so that an undo whose job was stopped after it was saved can
    still finish (bot.telegram_bot.basics)."""
    with job_database(db_path) as db:
        remaining = stored_chat_stats(db, chat_id)["orders"]
        if not remaining:
            delete_runs(db, chat_id)
    if remaining:
        try:
            analyse_chat(db_path, chat_id)
        except NotEnoughData:
            with job_database(db_path) as db:
                delete_runs(db, chat_id)
    return remaining


def forget_mappings(db_path: Path, chat_id: int) -> int:
    """Forget the chat's column choices; return how many file layouts were remembered."""
    with job_database(db_path) as db:
        return delete_mappings(db, chat_id)
