"""The cut-off rule shared by the churn backtest and the forecast check (hand-made orders)."""

from __future__ import annotations

import pandas as pd

from analytics.holdout import calibration_and_holdout, cut_off


def _paid(*stamps_and_customers):
    return pd.DataFrame({
        "order_id": [str(i) for i in range(len(stamps_and_customers))],
        "customer_id": [c for _, c in stamps_and_customers],
        "ordered_at": pd.to_datetime([s for s, _ in stamps_and_customers], utc=True),
        "total": 10.0, "status": "paid", "email": None, "name": None,
    })


def test_calibration_ends_with_the_cut_off_day_and_the_holdout_is_the_days_after():
    paid = _paid(("2024-03-01 09:00", "a"), ("2024-03-10 23:59", "a"), ("2024-03-11 00:00", "b"),
                 ("2024-03-17 23:59", "a"), ("2024-03-18 00:00", "a"))
    customers, holdout = calibration_and_holdout(paid, pd.Timestamp("2024-03-10", tz="UTC"), 7)
    assert customers["customer_id"].tolist() == ["a"]  # b's first order is the day after the cut-off
    assert customers["frequency"].tolist() == [2]
    assert holdout["ordered_at"].dt.strftime("%m-%d %H:%M").tolist() == ["03-11 00:00", "03-17 23:59"]


def test_cut_offs_step_back_whole_windows_from_the_day_of_analysis():
    as_of = pd.Timestamp("2024-06-30", tz="UTC")
    assert cut_off(as_of, 30) == pd.Timestamp("2024-05-31", tz="UTC")
    assert cut_off(as_of, 30, windows=2) == pd.Timestamp("2024-05-01", tz="UTC")
