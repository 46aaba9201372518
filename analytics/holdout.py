"""One cut-off rule for every check of a forecast against the shop's own past.

As lifetimes' `calibration_and_holdout_data` does: behaviour is summarised up to the end of the
cut-off day, and the holdout is the `days` that follow it. The churn backtest and the value
forecast check both use it, so their windows cannot drift apart.
"""

from __future__ import annotations

import pandas as pd

from analytics.customers import end_of_day, summarise_customers


def calibration_and_holdout(paid: pd.DataFrame, cut: pd.Timestamp, days: int | pd.Timedelta
                            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(customers as of `cut`, the paid orders in the `days` after the end of that day)."""
    start = end_of_day(cut)
    end = start + (days if isinstance(days, pd.Timedelta) else pd.Timedelta(days=days))
    later = paid[(paid["ordered_at"] >= start) & (paid["ordered_at"] < end)]
    return summarise_customers(paid, cut), later


def cut_off(as_of: pd.Timestamp, days: int, windows: int = 1) -> pd.Timestamp:
    """The day `windows` holdouts of `days` before `as_of`: the last day the calibration sees."""
    return pd.Timestamp(as_of) - pd.Timedelta(days=days * windows)
