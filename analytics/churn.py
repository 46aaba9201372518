"""Churn risk: the probability that a customer makes no purchase in the next N days.

BG/NBD's P(alive) alone says every one-time buyer is alive, and they are most of a small
shop's customers, so the risk is learned from the shop's own history instead:

    ── train cut-off ── N days ── validation cut-off ── N days ── as of (today)
       features here, label = no purchase in the window that follows

A calibrated classifier learns at the first cut-off and is scored at the second (the
backtest); it must beat two baselines on that backtest: days since the last purchase, and
BG/NBD's P(alive). If it does not, the better baseline is used and the owner is told which.
The chosen method is then refitted on the most recent labelled window and scores today.
With too little history for a backtest, BG/NBD's probability of no purchase in the horizon is
used (or, without a BG/NBD fit, a plain rule on how overdue the customer is), and said so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from analytics.customers import paid_orders, summarise_customers
from analytics.lifetime_value import fit_value_models, forecast_value

AT_RISK_FROM = 0.5  # churn risk from which a customer counts as at risk, in lists and the digest
MIN_TRAIN_CUSTOMERS = 40
MIN_PER_CLASS = 8
BOOSTING_FROM = 20_000  # training rows from which boosting beat the linear model in our trials


@dataclass
class ChurnResult:
    """Risk per customer (indexed like the customers table) and how far to trust it."""

    risk: pd.Series
    method: str  # "learned", "recency", "bgnbd", "rule"
    horizon_days: int
    backtest_auc: float | None = None
    brier: float | None = None
    baseline_auc: dict | None = None
    explanation: str = ""

    def as_dict(self) -> dict:
        return {
            "method": self.method, "backtest_auc": self.backtest_auc, "brier": self.brier,
            "horizon_days": self.horizon_days, "baselines": self.baseline_auc or {},
            "explanation": self.explanation,
        }


def features(customers: pd.DataFrame, value: pd.DataFrame) -> pd.DataFrame:
    """The model's inputs: behaviour on log scales, how overdue each customer is, BG/NBD outputs."""
    gap = customers["t_x_weeks"] * 7 / customers["repeat_purchases"].where(customers["repeat_purchases"] > 0)
    shop_gap = float(gap.median()) if gap.notna().any() else 90.0
    overdue = customers["recency_days"] / gap.fillna(shop_gap).clip(lower=1)
    table = pd.DataFrame({
        "recency": np.log1p(customers["recency_days"]),
        "frequency": np.log1p(customers["purchase_days"]),
        "monetary": np.log1p(customers["monetary"].clip(lower=0)),
        "aov": np.log1p(customers["aov"].clip(lower=0)),
        "tenure": np.log1p(customers["tenure_days"]),
        "overdue": np.log1p(overdue),
        "one_time": (customers["repeat_purchases"] == 0).astype(float),
    }, index=customers.index)
    for column in ("p_alive", "p_no_purchase", "expected_purchases"):
        if value[column].notna().any():
            table[column] = pd.to_numeric(value[column], errors="coerce")
    if "p_no_purchase" in table:
        quiet = table["p_no_purchase"].clip(1e-4, 1 - 1e-4)
        table["quiet_log_odds"] = np.log(quiet / (1 - quiet))  # linear models need it on this scale
    return table


def _snapshot(orders: pd.DataFrame, cut: pd.Timestamp, horizon_days: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Customers, features and labels as of `cut`: label 1 = no purchase in the next horizon."""
    customers = summarise_customers(orders, cut).set_index("customer_id")
    value = forecast_value(fit_value_models(customers), customers, horizon_days=horizon_days, as_of=cut)
    start = cut + pd.Timedelta(days=1)
    paid = paid_orders(orders)
    window = paid[(paid["ordered_at"] >= start) & (paid["ordered_at"] < start + pd.Timedelta(days=horizon_days))]
    bought = customers.index.isin(window["customer_id"].unique())
    return customers, features(customers, value), pd.Series(np.where(bought, 0, 1), index=customers.index)


def _learned_model(rows: int, random_state: int):
    if rows >= BOOSTING_FROM:
        base = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.06, max_leaf_nodes=15,
                                              l2_regularization=1.0, random_state=random_state)
        return CalibratedClassifierCV(base, method="isotonic", cv=3)
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=2000))


def _recency_model():
    return LogisticRegression(max_iter=1000)


def score_churn(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    value: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    horizon_days: int,
    random_state: int = 0,
) -> ChurnResult:
    """Churn risk for `customers` (as summarised at `as_of`, with their value forecast)."""
    as_of = pd.Timestamp(as_of)
    valid_cut = as_of - pd.Timedelta(days=horizon_days)
    train_cut = valid_cut - pd.Timedelta(days=horizon_days)
    first = paid_orders(orders)["ordered_at"].min()
    today_features = features(customers, value)
    if first > train_cut - pd.Timedelta(days=30):
        return _fallback(customers, value, today_features, horizon_days,
                         f"Your history is shorter than {2 * horizon_days + 30} days, too short to test a "
                         "churn model on your own past")
    _, train_x, train_y = _snapshot(orders, train_cut, horizon_days)
    _, valid_x, valid_y = _snapshot(orders, valid_cut, horizon_days)
    if (len(train_y) < MIN_TRAIN_CUSTOMERS or min(train_y.sum(), len(train_y) - train_y.sum()) < MIN_PER_CLASS
            or min(valid_y.sum(), len(valid_y) - valid_y.sum()) < MIN_PER_CLASS):
        return _fallback(customers, value, today_features, horizon_days,
                         "Too few customers stopped or kept buying in your past windows to test a churn model")

    columns = [c for c in train_x.columns if c in valid_x.columns and c in today_features.columns]
    learned = _learned_model(len(train_x), random_state).fit(_filled(train_x[columns]), train_y)
    learned_p = learned.predict_proba(_filled(valid_x[columns]))[:, 1]
    recency = _recency_model().fit(train_x[["recency"]], train_y)
    recency_p = recency.predict_proba(valid_x[["recency"]])[:, 1]
    baselines = {"recency_auc": _auc(valid_y, valid_x["recency"])}
    candidates = {"learned": learned_p, "recency": recency_p}
    if "p_alive" in valid_x:
        baselines["p_alive_auc"] = _auc(valid_y, 1 - valid_x["p_alive"])
        candidates["bgnbd"] = valid_x["p_no_purchase"].to_numpy(float)
    scores = {name: _auc(valid_y, p) for name, p in candidates.items()}
    beaten = scores["learned"] > max(baselines.values())
    method = "learned" if beaten else max(
        ("recency", "bgnbd") if "bgnbd" in candidates else ("recency",), key=lambda m: scores[m]
    )
    auc, brier = scores[method], float(brier_score_loss(valid_y, np.clip(candidates[method], 0, 1)))

    if method == "learned":
        final = _learned_model(len(valid_x), random_state).fit(_filled(valid_x[columns]), valid_y)
        risk = final.predict_proba(_filled(today_features[columns]))[:, 1]
    elif method == "recency":
        risk = _recency_model().fit(valid_x[["recency"]], valid_y).predict_proba(today_features[["recency"]])[:, 1]
    else:
        risk = pd.to_numeric(value["p_no_purchase"]).to_numpy(float)
    explanation = trust_sentence(method, auc, baselines)
    return ChurnResult(pd.Series(np.round(risk, 4), index=customers.index), method, horizon_days,
                       round(auc, 4), round(brier, 4), {k: round(v, 4) for k, v in baselines.items()}, explanation)


def _filled(table: pd.DataFrame) -> pd.DataFrame:
    return table.fillna(table.median(numeric_only=True)).fillna(0.0)


def _auc(labels: pd.Series, scores) -> float:
    return float(roc_auc_score(labels, np.nan_to_num(np.asarray(scores, dtype=float), nan=0.5)))


def trust_sentence(method: str, auc: float, baselines: dict) -> str:
    """How often the ranking was right on the shop's own past, in words an owner can weigh."""
    right = f"right {round(auc * 10)} times in 10"
    text = (
        "Tested on your own past data: when one customer went on to stop buying and another did not, "
        f"this ranking put the one who stopped higher {round(auc * 100)}% of the time ({right})."
    )
    if method != "learned":
        name = {"recency": "days since the last order", "bgnbd": "the BG/NBD model"}[method]
        text += f" A learned model did not beat simpler rules here, so the risk uses {name}."
    return text


def _fallback(customers, value, today_features, horizon_days, why: str) -> ChurnResult:
    if value["p_no_purchase"].notna().any():
        risk = pd.to_numeric(value["p_no_purchase"]).astype(float)
        return ChurnResult(risk.round(4), "bgnbd", horizon_days, explanation=(
            f"{why}, so churn risk is the BG/NBD model's probability of no purchase in the next "
            f"{horizon_days} days. Treat it as a rough guide until more history arrives."
        ))
    overdue = np.expm1(today_features["overdue"])
    risk = (overdue / (overdue + 1)).clip(0, 1)
    return ChurnResult(risk.round(4), "rule", horizon_days, explanation=(
        f"{why}, and too few repeat buyers for a model, so churn risk is a simple rule: how long "
        "each customer has been silent compared with how often they (or your customers in general) buy."
    ))


def churn_reasons(customers: pd.DataFrame) -> pd.Series:
    """Why each customer is at risk, in words: "bought about every 30 days; silent for 95"."""
    silent = customers["recency_days"].astype(int).astype(str)
    repeats = customers["repeat_purchases"]
    gap = (customers["t_x_weeks"] * 7 / repeats.where(repeats > 0)).round().clip(lower=1)
    every = "bought about every " + gap.fillna(0).astype(int).astype(str) + " days; silent for " + silent
    once = "bought once, " + silent + " days ago"
    return every.where(repeats > 0, once)
