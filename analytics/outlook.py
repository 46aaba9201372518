"""The shop's totals ahead, as /value states them: orders in the horizon and 12-month value from
existing customers, adjusted for the months of the year once the history holds a full year, each
with an 80% interval. One place, so the bot and the rolling-origin benchmark state the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.customers import paid_orders
from analytics.intervals import Interval, month_scatter, total_intervals
from analytics.lifetime_value import WEEKS_PER_MONTH, ValueModels, discounted_value, expected_spend
from analytics.seasons import (
    SeasonIndex,
    learn_season_index,
    month_weights,
    monthly_repeat_purchases,
    seasonal_expected_purchases,
)


@dataclass
class Outlook:
    season: SeasonIndex
    expected_purchases: np.ndarray  # per customer, in the horizon (seasonal once learned)
    clv_12m: np.ndarray  # per customer, discounted (seasonal once learned)
    orders: Interval
    value_12m: Interval

    def as_dict(self) -> dict:
        return {"season": self.season.as_dict(), "orders_interval": self.orders.as_dict(),
                "clv_12m_interval": self.value_12m.as_dict(2)}


def outlook(models: ValueModels, customers: pd.DataFrame, paid: pd.DataFrame, *, as_of: pd.Timestamp,
            horizon_days: int) -> Outlook | None:
    """The totals ahead for `customers` (indexed by customer_id, as summarise_customers gives them)
    from their paid orders known at `as_of`; None without a BG/NBD fit."""
    bgnbd = models.bgnbd
    if bgnbd is None or customers.empty:
        return None
    known = paid_orders(paid, as_of)
    days = known.assign(day=known["ordered_at"].dt.floor("D")).drop_duplicates(["customer_id", "day"])
    months = monthly_repeat_purchases(bgnbd, days[["customer_id", "day"]], as_of)
    season = learn_season_index(bgnbd, days[["customer_id", "day"]], as_of)
    x, t_x, T = (customers[c].to_numpy(float) for c in ("repeat_purchases", "t_x_weeks", "T_weeks"))
    spend = np.nan_to_num(expected_spend(models, customers))
    expected = seasonal_expected_purchases(bgnbd, season, horizon_days, x, t_x, T, as_of=as_of)
    weights = month_weights(season, as_of, 12, WEEKS_PER_MONTH)
    clv = discounted_value(bgnbd, x, t_x, T, spend, months=12, weights=weights)
    ranges = total_intervals(bgnbd, customers, horizon_days=horizon_days, spend=spend,
                             orders_total=float(expected.sum()), value_total=float(clv.sum()),
                             scatter=month_scatter(months))
    return Outlook(season, expected, clv, ranges["orders"], ranges["value_12m"])
