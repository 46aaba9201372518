"""Choosing, for one upload, which of its rows are sales already stored from the other side.

A payments file (Stripe, PayPal) is matched against the chat's stored store orders; a store's
orders file against the chat's stored, still unmatched payments. The matching itself is
`analytics.ingest.reconcile`; this module loads its candidates and hands the result to storage,
inside the import's own transaction so the candidates cannot change in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from sqlite_utils import Database

from analytics.ingest import Export
from analytics.ingest.reconcile import PAYMENT_PLATFORMS, REFERENCE_COLUMNS, STORE_PLATFORMS, match_payments
from storage.imports import ORDER_FIELDS
from storage.payment_matches import matched_payment_ids, references_of, unmatched_orders

WINDOW = pd.Timedelta(days=31)  # the widest gap the matcher accepts between a payment and its order


@dataclass
class MatchPlan:
    """What to store of an upload: its orders less the payments that are sales already stored."""

    orders: pd.DataFrame
    incoming: list[tuple[str, str, str]] = field(default_factory=list)  # this file's payments -> stored orders
    stored: list[tuple[str, str, str]] = field(default_factory=list)  # stored payments -> this file's orders
    matched_before: int = 0  # this file's payments matched by an earlier upload

    @property
    def matched(self) -> int:
        return len(self.incoming) + len(self.stored) + self.matched_before


def plan_matches(db: Database, chat_id: int, export: Export) -> MatchPlan:
    """Match the upload's orders with what the chat already holds from the other side.

    An upload holding both sides (a zip of a Shopify export and a Stripe one) is planned as if
    the store's file came first and the payments second, so either way the history ends the same.
    """
    platforms = set(export.platform.split("+"))
    if export.payment_ids and platforms & PAYMENT_PLATFORMS and platforms & STORE_PLATFORMS:
        return _plan_both_sides(db, chat_id, export)
    return _plan_one_side(db, chat_id, export, platforms)


def _plan_both_sides(db: Database, chat_id: int, export: Export) -> MatchPlan:
    is_payment = export.orders["order_id"].astype(str).isin(export.payment_ids)
    store = replace(export, platform="store", orders=export.orders[~is_payment])
    store_plan = _plan_one_side(db, chat_id, store, STORE_PLATFORMS)
    payments = export.orders[is_payment]
    known = matched_payment_ids(db, chat_id)
    repeat = payments["order_id"].isin(known)
    payments = payments[~repeat]
    stored = _stored_candidates(db, chat_id, payments, STORE_PLATFORMS) if not payments.empty else pd.DataFrame()
    taken = {order_id for _, order_id, _ in store_plan.stored}  # paid by a payment stored before
    unpaid = store_plan.orders[~store_plan.orders["order_id"].isin(taken)]
    candidates = pd.concat([frame for frame in (unpaid, stored) if not frame.empty] or [unpaid], ignore_index=True)
    stored_refs = pd.DataFrame(references_of(db, chat_id, stored["order_id"].tolist()) if not stored.empty else [],
                               columns=REFERENCE_COLUMNS)
    matches = match_payments(payments, candidates, export.references,
                             pd.concat([export.references, stored_refs], ignore_index=True))
    payments = payments[~payments["order_id"].isin(matches["payment_id"])]
    return MatchPlan(pd.concat([store_plan.orders, payments], ignore_index=True),
                     incoming=list(matches.itertuples(index=False, name=None)), stored=store_plan.stored,
                     matched_before=int(repeat.sum()))


def _plan_one_side(db: Database, chat_id: int, export: Export, platforms: set[str] | frozenset[str]) -> MatchPlan:
    orders = export.orders
    one_side = platforms <= PAYMENT_PLATFORMS and len(platforms) == 1 or platforms <= STORE_PLATFORMS
    if orders.empty or not one_side:
        return MatchPlan(orders)
    is_payments = platforms <= PAYMENT_PLATFORMS
    plan = MatchPlan(orders)
    if is_payments:
        known = matched_payment_ids(db, chat_id)
        repeat = orders["order_id"].isin(known)
        plan.matched_before = int(repeat.sum())
        orders = plan.orders = orders[~repeat]
    if orders.empty:
        return plan
    stored = _stored_candidates(db, chat_id, orders, STORE_PLATFORMS if is_payments else PAYMENT_PLATFORMS)
    if stored.empty:
        return plan
    stored_refs = pd.DataFrame(references_of(db, chat_id, stored["order_id"].tolist()), columns=REFERENCE_COLUMNS)
    if is_payments:
        matches = match_payments(orders, stored, export.references, stored_refs)
        plan.incoming = list(matches.itertuples(index=False, name=None))
        orders = orders[~orders["order_id"].isin(matches["payment_id"])]
    else:
        matches = match_payments(stored, orders, stored_refs, export.references)
        plan.stored = list(matches.itertuples(index=False, name=None))
    plan.orders = orders
    return plan


def _stored_candidates(db: Database, chat_id: int, orders: pd.DataFrame, platforms: frozenset[str]) -> pd.DataFrame:
    """Stored, unmatched orders from the other side within the matcher's window of this file's."""
    start = (orders["ordered_at"].min() - WINDOW).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    end = (orders["ordered_at"].max() + WINDOW).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    rows = unmatched_orders(db, chat_id, platforms=sorted(platforms), start=start, end=end, fields=ORDER_FIELDS)
    stored = pd.DataFrame.from_records(rows, columns=list(ORDER_FIELDS))
    if not stored.empty:
        stored["ordered_at"] = pd.to_datetime(stored["ordered_at"], utc=True, format="ISO8601")
        stored["total"] = stored["total"].astype(float)
    return stored
