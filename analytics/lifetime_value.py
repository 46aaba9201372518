"""Per-customer value forecasts from BG/NBD and Gamma-Gamma: P(alive), expected purchases in the
horizon, the expected date of the next order, and 12-month customer lifetime value (discounted).

When the history cannot support a model, the forecast columns stay empty and `notes` says why,
rather than printing numbers nobody should trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.bgnbd import BgNbdModel
from analytics.customers import end_of_day, paid_orders
from analytics.errors import NotEnoughData
from analytics.gamma_gamma import GammaGammaModel
from analytics.holdout import calibration_and_holdout, cut_off
from analytics.membership import is_in

ANNUAL_DISCOUNT_RATE = 0.10
WEEKS_PER_MONTH = 365.25 / 12 / 7
NEXT_ORDER_MIN_P_ALIVE = 0.5
NEXT_ORDER_MAX_DAYS = 365


@dataclass
class ValueModels:
    """The fitted models (None where the data could not support one) and what to tell the owner."""

    bgnbd: BgNbdModel | None = None
    gamma_gamma: GammaGammaModel | None = None
    notes: list[str] = field(default_factory=list)


def fit_value_models(customers: pd.DataFrame) -> ValueModels:
    """Fit BG/NBD on everyone and Gamma-Gamma on repeat buyers; keep what fits."""
    models = ValueModels()
    try:
        models.bgnbd = BgNbdModel().fit(customers["repeat_purchases"], customers["t_x_weeks"], customers["T_weeks"])
    except NotEnoughData as reason:
        models.notes.append(str(reason))
    try:
        models.gamma_gamma = GammaGammaModel().fit(customers["repeat_purchases"], customers["repeat_spend"])
    except NotEnoughData as reason:
        models.notes.append(str(reason))
    return models


def forecast_value(
    models: ValueModels, customers: pd.DataFrame, *, horizon_days: int, as_of: pd.Timestamp
) -> pd.DataFrame:
    """p_alive, expected_purchases (horizon), p_no_purchase (horizon), next_order_date, clv_12m."""
    out = pd.DataFrame(index=customers.index, columns=[
        "p_alive", "expected_purchases", "p_no_purchase", "next_order_date", "clv_12m", "expected_spend",
    ], dtype=object)
    if models.bgnbd is None:
        return out
    x = customers["repeat_purchases"].to_numpy(float)
    t_x = customers["t_x_weeks"].to_numpy(float)
    T = customers["T_weeks"].to_numpy(float)
    bgnbd = models.bgnbd
    horizon_weeks = horizon_days / 7.0
    p_alive = bgnbd.p_alive(x, t_x, T)
    out["p_alive"] = p_alive.round(4)
    out["expected_purchases"] = bgnbd.expected_purchases(horizon_weeks, x, t_x, T).round(4)
    out["p_no_purchase"] = bgnbd.p_no_purchase(horizon_weeks, x, t_x, T).round(4)

    wait_days = bgnbd.median_weeks_to_next_purchase(x, T) * 7
    likely = (p_alive >= NEXT_ORDER_MIN_P_ALIVE) & (x > 0) & (wait_days <= NEXT_ORDER_MAX_DAYS)
    day = pd.Timestamp(as_of).normalize()
    next_dates = [
        (day + pd.Timedelta(days=float(w))).date().isoformat() if ok else None
        for w, ok in zip(wait_days, likely)
    ]
    out["next_order_date"] = next_dates

    spend = expected_spend(models, customers)
    out["expected_spend"] = spend.round(2)
    out["clv_12m"] = discounted_value(bgnbd, x, t_x, T, spend, months=12).round(2)
    return out


def check_forecast(orders: pd.DataFrame, *, as_of: pd.Timestamp, horizon_days: int) -> dict | None:
    """The horizon forecast tried on the shop's own past, so the owner knows how far to trust it.

    The models are fitted on what was known `horizon_days` before `as_of`, and their expected
    repeat purchases of the customers of that day are compared with the purchase days that came.
    None when there is not a horizon's worth of history before that cut-off, or no fit.
    """
    cut = cut_off(as_of, horizon_days)
    paid = paid_orders(orders, as_of)
    if paid.empty or paid["ordered_at"].min() >= end_of_day(cut) - pd.Timedelta(days=horizon_days):
        return None
    customers, later = calibration_and_holdout(paid, cut, horizon_days)
    try:  # only BG/NBD's purchase counts are checked, so Gamma-Gamma is not fitted here
        bgnbd = BgNbdModel().fit(customers["repeat_purchases"], customers["t_x_weeks"], customers["T_weeks"])
    except NotEnoughData:
        return None
    predicted = bgnbd.expected_purchases(horizon_days / 7.0, customers["repeat_purchases"],
                                         customers["t_x_weeks"], customers["T_weeks"]).sum()
    later = later[is_in(later["customer_id"], customers["customer_id"])]
    actual = len(later.assign(day=later["ordered_at"].dt.floor("D")).drop_duplicates(["customer_id", "day"]))
    return {"from": (cut + pd.Timedelta(days=1)).date().isoformat(), "to": pd.Timestamp(as_of).date().isoformat(),
            "predicted": round(float(predicted), 1), "actual": actual}


def expected_spend(models: ValueModels, customers: pd.DataFrame) -> np.ndarray:
    """Gamma-Gamma's shrunk spend; without it, the customer's own average order value."""
    if models.gamma_gamma is not None:
        return models.gamma_gamma.expected_spend(customers["repeat_purchases"], customers["repeat_spend"])
    return customers["aov"].to_numpy(float)


def discounted_value(bgnbd: BgNbdModel, x, t_x, T, spend, *, months: int = 12, weights=None) -> np.ndarray:
    """Expected revenue month by month, discounted to today at ANNUAL_DISCOUNT_RATE (each month's
    purchases times its weight if given: a seasonal index)."""
    monthly_rate = (1 + ANNUAL_DISCOUNT_RATE) ** (1 / 12) - 1
    value = np.zeros(len(x))
    previous = np.zeros(len(x))
    for month in range(1, months + 1):
        cumulative = bgnbd.expected_purchases(month * WEEKS_PER_MONTH, x, t_x, T)
        weight = 1.0 if weights is None else weights[month - 1]
        value += (cumulative - previous) * spend * weight / (1 + monthly_rate) ** month
        previous = cumulative
    return value
