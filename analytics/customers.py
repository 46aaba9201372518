"""One row per customer: when they bought, how often and how much, as of a given day.

Only paid orders count as purchases; refunded, cancelled and pending orders stay in the
history but do not make anyone a customer or add to what they spent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CUSTOMER_COLUMNS = [
    "customer_id", "email", "name", "first_order", "last_order", "frequency",
    "purchase_days", "monetary", "aov", "recency_days", "tenure_days",
    "repeat_purchases", "t_x_weeks", "T_weeks", "repeat_spend",
]


def paid_orders(orders: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """The orders that count as purchases, up to the end of `as_of` if given."""
    paid = orders[(orders["status"] == "paid") & (orders["total"] > 0)]
    if as_of is not None:
        paid = paid[paid["ordered_at"] < end_of_day(as_of)]
    return paid


def end_of_day(day: pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(day)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.normalize() + pd.Timedelta(days=1)


def default_as_of(orders: pd.DataFrame) -> pd.Timestamp:
    """Score as of the day of the last order, so an old export is not read as a dead shop."""
    return pd.Timestamp(orders["ordered_at"].max()).tz_convert("UTC").normalize()


def summarise_customers(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Recency, frequency, spend, tenure and purchase occasions of every customer with a paid order.

    Written with integer customer codes and numpy reductions rather than several string
    group-bys: on a million orders this is the difference between a fraction of a second and
    several seconds, and it runs on every analysis and every backtest cut-off.
    """
    paid = paid_orders(orders, as_of)
    if paid.empty:
        return pd.DataFrame(columns=CUSTOMER_COLUMNS)
    today = end_of_day(as_of) - pd.Timedelta(days=1)
    if not paid["ordered_at"].is_monotonic_increasing:  # stored histories load in time order
        paid = paid.sort_values("ordered_at", kind="stable")
    codes, ids = pd.factorize(paid["customer_id"], sort=True)
    n = len(ids)
    stamps = paid["ordered_at"]
    day = ((stamps - _EPOCH) // pd.Timedelta(days=1)).to_numpy(np.int64)
    totals = paid["total"].to_numpy(float)

    first_row = _first_positions(codes, n)
    last_row = len(codes) - 1 - _first_positions(codes[::-1], n)
    frequency = np.bincount(codes, minlength=n)
    monetary = np.bincount(codes, weights=totals, minlength=n).round(2)

    # Purchase occasions: one per customer and day, sorted by customer then day.
    span = int(day.max() - day.min()) + 1
    occasion, which = np.unique(codes.astype(np.int64) * span + (day - day.min()), return_inverse=True)
    occasion_total = np.bincount(which.ravel(), weights=totals)
    occasion_customer = occasion // span
    occasion_day = occasion % span + day.min()
    first_occasion = _first_positions(occasion_customer, n)
    purchase_days = np.bincount(occasion_customer, minlength=n)
    last_occasion = first_occasion + purchase_days - 1
    repeats = purchase_days - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        repeat_spend = np.where(repeats > 0, (monetary - occasion_total[first_occasion]) / repeats, np.nan)

    today_day = (today - _EPOCH) // pd.Timedelta(days=1)
    customers = pd.DataFrame({
        "customer_id": ids,
        "email": _last_present(paid["email"], codes, n),
        "name": _last_present(paid["name"], codes, n),
        "first_order": stamps.array.take(first_row),
        "last_order": stamps.array.take(last_row),
        "frequency": frequency,
        "purchase_days": purchase_days,
        "monetary": monetary,
        "aov": (monetary / frequency).round(2),
        "recency_days": (today_day - occasion_day[last_occasion]).astype(int),
        "tenure_days": (today_day - occasion_day[first_occasion]).astype(int),
        "repeat_purchases": repeats,
        "t_x_weeks": (occasion_day[last_occasion] - occasion_day[first_occasion]) / 7.0,
        "repeat_spend": np.round(repeat_spend, 4),
    })
    customers["T_weeks"] = customers["tenure_days"] / 7.0
    return customers[CUSTOMER_COLUMNS]


_EPOCH = pd.Timestamp("1970-01-01", tz="UTC")


def _first_positions(codes: np.ndarray, n: int) -> np.ndarray:
    """Index of the first row of each code 0..n-1 (every code occurs)."""
    first = np.empty(n, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # repeated indices: the last write wins
    return first


def _last_present(column: pd.Series, codes: np.ndarray, n: int) -> np.ndarray:
    """Each customer's latest non-empty value of a text column (e-mail, name). Only the chosen
    rows become Python objects: turning the whole column into them was 40% of the summary."""
    present = np.flatnonzero(column.notna().to_numpy())
    latest = np.full(n, -1, dtype=np.int64)
    latest[codes[present]] = present  # later rows overwrite earlier ones
    out = np.full(n, None, dtype=object)
    known = latest >= 0
    out[known] = column.iloc[latest[known]].to_numpy(dtype=object)
    return out
