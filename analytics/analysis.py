"""One analysis run over a shop's whole history: per-customer scores and a summary to show.

This is the single entry point the bot and the command line call, so both always agree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypedDict

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analytics.baskets import bought_together
from analytics.churn import churn_reasons, score_churn
from analytics.clusters import cluster_customers
from analytics.customers import default_as_of, paid_orders, summarise_customers
from analytics.errors import N_, NotEnoughData
from analytics.lifetime_value import check_forecast, fit_value_models, forecast_value
from analytics.membership import positions
from analytics.outlook import outlook
from analytics.recommend import joined_names, next_best_products, next_products, picks_as_json, picks_from_json
from analytics.review_links import link_reviews
from analytics.rfm import SEGMENT_ACTIONS, SEGMENTS, score_rfm
from analytics.sentiment import customer_sentiment, label, unhappy_valuable

SCORE_COLUMNS = [
    "customer_id", "email", "name", "recency_days", "frequency", "monetary", "r", "f", "m",
    "segment", "cluster", "cluster_label", "p_alive", "churn_risk", "expected_purchases",
    "next_order_date", "clv_12m", "sentiment", "next_best_product", "churn_reason", "value_at_risk",
    "next_picks",  # the next products as stored: JSON with kind, chance and rhythm (recommend.picks_as_json)
]
# What a run gives per customer: the stored columns, and up to five next products in one text.
OUTPUT_COLUMNS = SCORE_COLUMNS[:SCORE_COLUMNS.index("next_best_product") + 1] + ["next_products"] + \
    SCORE_COLUMNS[SCORE_COLUMNS.index("next_best_product") + 1:]
DEFAULT_HORIZON_DAYS = 90
NO_PAID_ORDERS = N_("There are no paid orders to analyse yet. Send an export that includes paid orders.")


class SegmentRow(TypedDict):
    segment: str
    customers: int
    revenue: float
    revenue_share: float
    action: str


class ClusterRow(TypedDict):
    cluster: int
    customers: int
    description: str
    revenue_share: float
    action: str


class RunSummary(TypedDict, total=False):
    """One run's summary: stored as JSON with the run; read by the replies, the digest and the CLI.

    A TypedDict, so it is the JSON object itself and code that adds a key keeps working. Every
    key is optional to the type checker because runs stored by older versions lack the newer
    ones: read stored summaries through `summary_from_json`, which fills in what readers rely on.
    To add a key: declare it here, and give it a default in SUMMARY_DEFAULTS if runs stored
    before it must read as something."""

    orders: int
    paid_orders: int
    customers: int
    revenue: float
    currency: str | None
    revenue_by_currency: dict[str, float]
    first_order: str
    last_order: str
    as_of: str  # YYYY-MM-DD
    horizon_days: int
    scoring: str
    segments: dict[str, int]  # segment -> customers
    segment_details: list[SegmentRow]
    clusters: list[ClusterRow]
    silhouette: float | None
    clusters_note: str | None
    models: dict[str, Any]  # "churn", "bgnbd", "gamma_gamma", "value", "notes"
    notes: list[str]
    sentiment: dict[str, int]
    baskets: list[dict[str, Any]]
    # Added by the service when it stores or reads the run:
    analysed_change: Any
    run_id: int
    analysed_at: str


SUMMARY_DEFAULTS: RunSummary = {"horizon_days": DEFAULT_HORIZON_DAYS, "currency": None, "notes": [], "clusters": [],
                                "clusters_note": None, "silhouette": None, "models": {}, "baskets": []}


def summary_from_json(stored: Mapping[str, Any]) -> RunSummary:
    """A summary read back from storage's JSON, with the keys runs stored before them lack filled in."""
    return {**copy.deepcopy(SUMMARY_DEFAULTS), **stored}


@dataclass
class Analysis:
    """What one run found: a row per customer and a JSON-ready summary."""

    scores: pd.DataFrame
    summary: RunSummary = field(default_factory=dict)


def analyse_orders(
    orders: pd.DataFrame,
    *,
    items: pd.DataFrame | None = None,
    reviews: pd.DataFrame | None = None,
    as_of: pd.Timestamp | None = None,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    profiles: pd.DataFrame | None = None,
    run_parts: RunParts | None = None,
) -> Analysis:
    """Segment, forecast and describe every customer as of a day (canonical tables in).

    Items add baskets and next-best-product recommendations; reviews add sentiment (linked to
    customers through `profiles`' platform customer ids too). Numeric
    libraries run single-threaded here: the bot runs analyses in several worker processes, and on
    a busy two-core machine their BLAS and OpenMP threads spun against each other, making the
    analysis of 100,000 orders take 38 s instead of 10.

    The groups, the forecasts and the shopping picks depend only on the customers' history, not
    on each other: they are computed by `run_parts`, which may run them side by side (the bot
    runs them on every core; see bot.service.jobs.side_by_side). Each part is a pure function of
    its inputs, so the result is the same however they are run.
    """
    with threadpool_limits(limits=1):
        return _analyse(orders, items, reviews, as_of, horizon_days, profiles, run_parts or in_turn)


RunParts = Callable[[Sequence[Callable[[], Any]]], list[Any]]


def in_turn(parts: Sequence[Callable[[], Any]]) -> list[Any]:
    """The parts of an analysis one after the other, in this process."""
    return [part() for part in parts]


def _analyse(orders, items, reviews, as_of, horizon_days, profiles, run_parts: RunParts) -> Analysis:
    if as_of is not None:
        orders = orders[orders["ordered_at"] < pd.Timestamp(as_of, tz="UTC").normalize() + pd.Timedelta(days=1)]
    orders, currency_note = _one_currency(orders)
    paid = paid_orders(orders)
    if paid.empty:
        raise NotEnoughData(NO_PAID_ORDERS)
    as_of = default_as_of(paid) if as_of is None else pd.Timestamp(as_of, tz="UTC").normalize()
    customers = summarise_customers(orders, as_of)
    rfm, scoring = score_rfm(customers)
    scores = customers.join(rfm[["r", "f", "m", "segment"]])
    forecasting = partial(_forecasts, orders, customers, as_of=as_of, horizon_days=horizon_days)
    grouping = partial(cluster_customers, customers)
    if items is None or items.empty:
        (forecast, clustering), shopping = run_parts([forecasting, grouping]), None
    else:
        # Two lanes of about equal work (for two cores), each process costing memory of its own.
        paid_items, purchases = _paid_lines(items, paid)
        best = partial(_best_and_baskets, purchases, paid_items, scores[["customer_id", "segment", "frequency"]])
        picking = partial(_next_picks, purchases, scores["customer_id"], as_of)
        (forecast, best_and_baskets), (picks, clustering) = run_parts([_together(forecasting, best),
                                                                     _together(picking, grouping)])
        shopping = best_and_baskets, picks

    scores["cluster"] = clustering.labels
    scores["cluster_label"] = scores["cluster"].map(clustering.descriptions)
    summary = _summary(orders, paid, scores, as_of, horizon_days, scoring, clustering)
    summary["models"] = forecast.fill(scores)
    summary["notes"] = [currency_note] if currency_note else []
    scores["sentiment"] = None
    if reviews is not None and not reviews.empty:
        reviews = link_reviews(reviews, orders, profiles)
        scores["sentiment"] = scores["customer_id"].map(customer_sentiment(reviews))
        summary["sentiment"] = _sentiment_summary(reviews, scores)
    for column in SHOPPING_COLUMNS:
        scores[column] = None
    if shopping:
        (best, summary["baskets"]), (names, picks) = shopping
        scores["next_best_product"], scores["next_products"], scores["next_picks"] = best, names, picks
    return Analysis(scores=scores[OUTPUT_COLUMNS], summary=summary)


BASKET_RULES_KEPT = 50
SHOPPING_COLUMNS = ("next_best_product", "next_products", "next_picks")


def _together(*parts: Callable[[], Any]) -> Callable[[], list[Any]]:
    """One part that runs these in turn."""
    return partial(in_turn, parts)


def _paid_lines(items: pd.DataFrame, paid: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lines of paid orders, and the same as purchases: with the buyer and the order's time."""
    order_of = positions(items["order_id"], pd.Index(paid["order_id"]))  # a merge on text ids, faster
    paid_items = items[order_of >= 0]
    purchases = paid_items.reset_index(drop=True).assign(
        customer_id=paid["customer_id"].array.take(order_of[order_of >= 0]),
        ordered_at=paid["ordered_at"].array.take(order_of[order_of >= 0]))
    return paid_items, purchases


def _best_and_baskets(purchases: pd.DataFrame, paid_items: pd.DataFrame,
                      scores: pd.DataFrame) -> tuple[pd.Series, list[dict[str, Any]]]:
    """The next best product of each customer (rows as `scores`), and the basket rules."""
    by_customer = scores.set_index("customer_id")
    picks = next_best_products(purchases, by_customer["segment"], by_customer["frequency"])
    rules = bought_together(paid_items)
    baskets = [
        {"antecedent": list(r.antecedent), "consequent": list(r.consequent), "support": r.support,
         "confidence": r.confidence, "lift": r.lift, "orders": int(r.orders)}
        for r in rules.head(BASKET_RULES_KEPT).itertuples()
    ]
    return scores["customer_id"].map(picks), baskets


def _next_picks(purchases: pd.DataFrame, customer_ids: pd.Series, as_of: pd.Timestamp) -> tuple[pd.Series, pd.Series]:
    """Each customer's next products (rows as `customer_ids`): as one text, and as stored JSON."""
    ranked = next_products(purchases, as_of=as_of)
    return customer_ids.map(joined_names(ranked)), customer_ids.map(picks_as_json(ranked)).fillna("[]")


# What a horizon changes: the forecast and churn columns, and the models' part of the summary.
HORIZON_COLUMNS = ("p_alive", "expected_purchases", "next_order_date", "clv_12m", "churn_risk", "churn_reason",
                   "value_at_risk")


def reanalyse_horizon(previous: Analysis, orders: pd.DataFrame, *, horizon_days: int) -> Analysis | None:
    """`previous` (a run of the same orders) at another horizon, redoing only what depends on it.

    Segments, clusters, sentiment and recommendations look back, not ahead, so they are kept;
    the value models are refitted (the same data give the same fit, and it costs a fraction of a
    second) for the forecasts, churn risk and the forecast check. None when `previous` does not
    cover the same customers, so the caller analyses afresh.
    """
    with threadpool_limits(limits=1):
        orders, _ = _one_currency(orders)
        as_of = pd.Timestamp(previous.summary["as_of"], tz="UTC")
        customers = summarise_customers(orders, as_of)
        kept = previous.scores.set_index("customer_id")
        if len(kept) != len(customers) or not kept.index.isin(customers["customer_id"]).all():
            return None
        scores = kept.reindex(customers["customer_id"]).reset_index()
        scores["next_products"] = scores["next_picks"].map(
            lambda text: " | ".join(pick["product"] for pick in picks_from_json(text)) or None)
        summary = {**previous.summary, "horizon_days": int(horizon_days)}
        forecast = _forecasts(orders, customers, as_of=as_of, horizon_days=horizon_days)
        summary["models"] = forecast.fill(scores)
        return Analysis(scores=scores[OUTPUT_COLUMNS], summary=summary)


@dataclass
class _Forecast:
    """The horizon's columns (rows as the customers table) and the models' summary."""

    columns: dict[str, np.ndarray]
    models: dict

    def fill(self, scores: pd.DataFrame) -> dict:
        """Put the columns into `scores`; the models' summary, for the run's."""
        for column, values in self.columns.items():
            scores[column] = values
        return self.models


def _forecasts(orders, customers, *, as_of, horizon_days) -> _Forecast:
    indexed = customers.set_index("customer_id")
    value_models = fit_value_models(indexed)
    value = forecast_value(value_models, indexed, horizon_days=horizon_days, as_of=as_of)
    churn = score_churn(orders, indexed, value, as_of=as_of, horizon_days=horizon_days)
    ahead = outlook(value_models, indexed, orders, as_of=as_of, horizon_days=horizon_days)
    if ahead is not None:  # after churn: its risk is the plain model's, as its backtest measured it
        value = value.assign(expected_purchases=ahead.expected_purchases.round(4), clv_12m=ahead.clv_12m.round(2))
    columns = {column: value[column].to_numpy() for column in ("p_alive", "expected_purchases", "next_order_date",
                                                                "clv_12m")}
    columns["churn_risk"] = churn.risk.to_numpy()
    columns["churn_reason"] = churn_reasons(customers).to_numpy()
    clv = pd.to_numeric(pd.Series(columns["clv_12m"]), errors="coerce")
    columns["value_at_risk"] = (clv.to_numpy() * columns["churn_risk"]).round(2)
    models = _models_summary(value_models, value, churn, clv)
    if "value" in models:
        models["value"]["backtest"] = check_forecast(orders, as_of=as_of, horizon_days=horizon_days)
        models["value"].update(ahead.as_dict())
    return _Forecast(columns, models)


def _sentiment_summary(reviews: pd.DataFrame, scores: pd.DataFrame) -> dict:
    labels = reviews["sentiment"].map(label)
    counts = labels.value_counts()
    return {
        "reviews": int(len(reviews)),
        "linked": int(reviews["linked"].sum()),
        "not_scored": int(counts.get("not scored", 0)),
        **{name: int(counts.get(name, 0)) for name in ("positive", "neutral", "negative")},
        "unhappy_valuable": int(len(unhappy_valuable(scores))),
    }


def _one_currency(orders: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """Keep the currency of most orders: amounts in different currencies cannot be added.

    Orders without a currency are kept (a file that never names one is in one currency).
    """
    paid = paid_orders(orders)
    revenue = paid.groupby(paid["currency"].dropna())["total"].sum()
    if len(revenue) <= 1:
        return orders, None
    main = str(paid["currency"].value_counts().idxmax())
    others = ", ".join(f"{amount:,.2f} {code}" for code, amount in revenue.drop(main).items())
    kept = orders[orders["currency"].isna() | (orders["currency"] == main)]
    return kept, (
        f"Your orders are in several currencies. Segments and forecasts use the {main} orders only; "
        f"orders in other currencies ({others}) are kept but left out, because amounts in different "
        "currencies cannot be added."
    )


def _models_summary(value_models, value, churn, clv) -> dict:
    models: dict = {"churn": churn.as_dict(), "notes": list(value_models.notes)}
    if value_models.bgnbd is not None:
        models["bgnbd"] = value_models.bgnbd.params_.as_dict()
    if value_models.gamma_gamma is not None:
        models["gamma_gamma"] = value_models.gamma_gamma.params_.as_dict()
    if clv.notna().any():
        models["value"] = {
            "clv_12m_total": round(float(clv.sum()), 2),
            "expected_purchases_total": round(float(pd.to_numeric(value["expected_purchases"]).sum()), 2),
            "clv_12m_quantiles": {str(q): round(float(clv.quantile(q)), 2) for q in (0.25, 0.5, 0.75, 0.9, 0.99)},
        }
    return models


def _summary(orders, paid, scores, as_of, horizon_days, scoring, clustering) -> RunSummary:
    revenue_by_currency = (
        paid.assign(currency=paid["currency"].fillna("")).groupby("currency")["total"].sum().round(2)
    )
    counts = paid["currency"].fillna("").value_counts()
    main_currency = str(counts.idxmax()) if len(counts) else ""
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
