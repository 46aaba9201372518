"""One analysis run over a shop's whole history: per-customer scores and a summary to show.

This is the single entry point the bot and the command line call, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analytics.clusters import cluster_customers
from analytics.customers import default_as_of, paid_orders, summarise_customers
from analytics.errors import NotEnoughData
from analytics.rfm import SEGMENT_ACTIONS, SEGMENTS, score_rfm

SCORE_COLUMNS = [
    "customer_id", "email", "name", "recency_days", "frequency", "monetary", "r", "f", "m",
    "segment", "cluster", "cluster_label", "p_alive", "churn_risk", "expected_purchases",
    "next_order_date", "clv_12m", "sentiment", "next_best_product",
]
DEFAULT_HORIZON_DAYS = 90


@dataclass
class Analysis:
    """What one run found: a row per customer and a JSON-ready summary."""

    scores: pd.DataFrame
    summary: dict = field(default_factory=dict)


def analyse_orders(
    orders: pd.DataFrame,
    *,
    as_of: pd.Timestamp | None = None,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> Analysis:
    """Segment and describe every customer in `orders` (canonical orders table) as of a day."""
    if as_of is not None:
        orders = orders[orders["ordered_at"] < pd.Timestamp(as_of, tz="UTC").normalize() + pd.Timedelta(days=1)]
    paid = paid_orders(orders)
    if paid.empty:
        raise NotEnoughData(
            "There are no paid orders to analyse yet. Send an export that includes paid orders."
        )
    as_of = default_as_of(paid) if as_of is None else pd.Timestamp(as_of, tz="UTC").normalize()
    customers = summarise_customers(orders, as_of)
    rfm, scoring = score_rfm(customers)
    clustering = cluster_customers(customers)

    scores = customers.join(rfm[["r", "f", "m", "segment"]])
    scores["cluster"] = clustering.labels
    scores["cluster_label"] = scores["cluster"].map(clustering.descriptions)
    for later in ("p_alive", "churn_risk", "expected_purchases", "next_order_date", "clv_12m",
                  "sentiment", "next_best_product"):
        scores[later] = None
    summary = _summary(orders, paid, scores, as_of, horizon_days, scoring, clustering)
    return Analysis(scores=scores[SCORE_COLUMNS], summary=summary)


def _summary(orders, paid, scores, as_of, horizon_days, scoring, clustering) -> dict:
    revenue_by_currency = (
        paid.assign(currency=paid["currency"].fillna("")).groupby("currency")["total"].sum().round(2)
    )
    main_currency = str(revenue_by_currency.idxmax()) if len(revenue_by_currency) else ""
    total_revenue = float(scores["monetary"].sum()) or 1.0
    segment_rows = []
    for segment in SEGMENTS:
        members = scores[scores["segment"] == segment]
        segment_rows.append({
            "segment": segment,
            "customers": int(len(members)),
            "revenue": round(float(members["monetary"].sum()), 2),
            "revenue_share": round(float(members["monetary"].sum()) / total_revenue, 4),
            "action": SEGMENT_ACTIONS[segment],
        })
    clusters = []
    for cluster, description in clustering.descriptions.items():
        members = scores[scores["cluster"] == cluster]
        top_segment = members["segment"].mode().iloc[0] if len(members) else None
        clusters.append({
            "cluster": int(cluster),
            "customers": int(len(members)),
            "description": description,
            "revenue_share": round(float(members["monetary"].sum()) / total_revenue, 4),
            "action": SEGMENT_ACTIONS.get(top_segment, ""),
        })
    return {
        "orders": int(len(orders)),
        "paid_orders": int(len(paid)),
        "customers": int(len(scores)),
        "revenue": round(float(revenue_by_currency.get(main_currency, 0.0)), 2),
        "currency": main_currency or None,
        "revenue_by_currency": {k or "unknown": float(v) for k, v in revenue_by_currency.items()},
        "first_order": paid["ordered_at"].min().isoformat(),
        "last_order": paid["ordered_at"].max().isoformat(),
        "as_of": as_of.date().isoformat(),
        "horizon_days": int(horizon_days),
        "scoring": scoring,
        "segments": {row["segment"]: row["customers"] for row in segment_rows},
        "segment_details": segment_rows,
        "clusters": clusters,
        "silhouette": clustering.silhouette,
        "clusters_note": clustering.explanation,
        "models": {},
    }
