"""Seasons: a month-of-year index on BG/NBD's forecast, learned from the shop's own repeat buying.

BG/NBD assumes each customer buys at a steady pace, so a forecast that runs over the holidays
comes out short and one over a quiet summer too high. Once the history holds a full year, every
calendar month has been seen at least once: for each month of the year the index is the repeat
purchases that came in it over the ones the fitted model expected of the customers of the time
(summed over the years seen), shrunk toward 1 by SHRINK_PURCHASES so a month with few repeat
purchases moves the forecast little. Forecasts are then cut at month boundaries and each piece
multiplied by its month's index. With less than a full year the index is 1 everywhere: the plain
forecast, which the bot then says has not seen a full year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import hyp2f1

from analytics.bgnbd import BgNbdModel
from analytics.customers import end_of_day

MIN_HISTORY_MONTHS = 12  # whole calendar months between the first purchase and the forecast day
SHRINK_PURCHASES = 50.0  # a month's index counts as if it also saw this many purchases exactly as expected
ESTABLISHED_DAYS = 30  # repeat purchases this soon after a customer's first are left out of the index
_EPOCH = pd.Timestamp("1970-01-01", tz="UTC")


@dataclass(frozen=True)
class SeasonIndex:
    """Twelve multipliers (January first) and how much history they were learned from."""

    months: tuple[float, ...] = (1.0,) * 12
    history_months: int = 0

    @property
    def learned(self) -> bool:
        return self.history_months >= MIN_HISTORY_MONTHS

    def as_dict(self) -> dict:
        return {"learned": self.learned, "history_months": self.history_months,
                "index": [round(m, 4) for m in self.months]}


def whole_months(first: pd.Timestamp, as_of: pd.Timestamp) -> int:
    """Whole calendar months from the month of the first purchase through the month before as_of's
    day ends (a history from 1 January to 31 December is 12)."""
    first, end = pd.Timestamp(first), end_of_day(as_of)
    return (end.year - first.year) * 12 + end.month - first.month


def learn_season_index(bgnbd: BgNbdModel, purchase_days: pd.DataFrame, as_of: pd.Timestamp) -> SeasonIndex:
    """The index from repeat purchase days (columns customer_id, day as a UTC timestamp at
    midnight, one row per customer and day of purchase) known at `as_of`."""
    months = monthly_repeat_purchases(bgnbd, purchase_days, as_of)
    history = whole_months(months.index[0], as_of) if len(months) else 0
    if history < MIN_HISTORY_MONTHS:
        return SeasonIndex(history_months=max(history, 0))
    by_month = months.groupby(months.index.month).sum()
    index = [(float(by_month["actual"].get(m, 0.0)) + SHRINK_PURCHASES)
             / (float(by_month["expected"].get(m, 0.0)) + SHRINK_PURCHASES) for m in range(1, 13)]
    return SeasonIndex(months=tuple(index), history_months=history)


def monthly_repeat_purchases(bgnbd: BgNbdModel, purchase_days: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per calendar month of the history (indexed by its first day; the last one runs to as_of):
    the repeat purchase days that came from established customers (ESTABLISHED_DAYS after their
    first purchase: a new customer's first weeks are a burst no calendar month explains) and
    how many the fitted model expected of them."""
    if purchase_days.empty:
        return pd.DataFrame(columns=["actual", "expected"], index=pd.DatetimeIndex([], tz="UTC"))
    day = ((purchase_days["day"] - _EPOCH) // pd.Timedelta(days=1)).to_numpy(np.int64)
    codes = pd.factorize(purchase_days["customer_id"])[0]
    first = np.full(codes.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, day)
    end_day = int((end_of_day(as_of) - _EPOCH) // pd.Timedelta(days=1))  # first day not known
    opening = _EPOCH + pd.Timedelta(days=int(first.min()))
    count = max(whole_months(opening, as_of), 0) + 1
    month_starts = pd.date_range(pd.Timestamp(opening.year, opening.month, 1, tz="UTC"), periods=count + 1, freq="MS")
    bounds = np.minimum(((month_starts - _EPOCH) // pd.Timedelta(days=1)).to_numpy(np.int64), end_day)
    established = day >= first[codes] + ESTABLISHED_DAYS
    actual = np.histogram(day[established], bins=bounds)[0].astype(float)
    # Grouped by first day: a shop has far fewer first days than customers.
    first_days, counts = np.unique(first, return_counts=True)
    since = np.clip(bounds[None, :] - first_days[:, None], ESTABLISHED_DAYS, None) / 7.0
    expected = (np.diff(unconditional_purchases(bgnbd, since), axis=1) * counts[:, None]).sum(axis=0)
    return pd.DataFrame({"actual": actual, "expected": expected}, index=month_starts[:-1])


def unconditional_purchases(bgnbd: BgNbdModel, t) -> np.ndarray:
    """Expected repeat purchases in the first t weeks after a customer's first purchase (equation 9
    of Fader, Hardie & Lee 2005)."""
    r, alpha, a, b = bgnbd._params()
    t = np.asarray(t, dtype=float)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def month_pieces(as_of: pd.Timestamp, days: float) -> tuple[np.ndarray, np.ndarray]:
    """The next `days` after as_of's day cut at calendar month starts: each piece's end in weeks
    from the forecast day, and its month of the year (0 = January)."""
    start = end_of_day(as_of)
    stop = start + pd.Timedelta(days=days)
    cuts = pd.date_range(start, stop, freq="MS", tz="UTC")
    cuts = cuts[(cuts > start) & (cuts < stop)]
    edges = pd.DatetimeIndex([start, *cuts, stop])
    ends = ((edges[1:] - start) / pd.Timedelta(weeks=1)).to_numpy(float)
    return ends, edges[:-1].month.to_numpy() - 1


def seasonal_expected_purchases(bgnbd: BgNbdModel, season: SeasonIndex, horizon_days: float, x, t_x, T,
                                *, as_of: pd.Timestamp) -> np.ndarray:
    """Each customer's expected purchases in the horizon, piece by calendar month times its index."""
    ends, month = month_pieces(as_of, horizon_days)
    cumulative = np.column_stack([np.zeros(len(np.atleast_1d(x)))] +
                                 [bgnbd.expected_purchases(end, x, t_x, T) for end in ends])
    return np.diff(cumulative, axis=1) @ np.asarray(season.months)[month]


def month_weights(season: SeasonIndex, as_of: pd.Timestamp, months: int, weeks_per_month: float) -> np.ndarray:
    """The index for each forecast month of `weeks_per_month` after as_of, by the calendar month
    its middle falls in (for a month-by-month value forecast)."""
    start = end_of_day(as_of)
    middles = [start + pd.Timedelta(weeks=(k + 0.5) * weeks_per_month) for k in range(months)]
    return np.asarray(season.months)[[m.month - 1 for m in middles]]
