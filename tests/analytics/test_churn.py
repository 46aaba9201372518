"""Churn risk learned from the shop's own history, its backtest, and its fallbacks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.analysis import analyse_orders
from analytics.ingest import read_export
from tests.helpers.shop import generic_orders_csv


@pytest.fixture(scope="module")
def shop_orders():
    return read_export(generic_orders_csv(900, seed=11), "o.csv").orders


def test_backtested_risk_beats_or_names_its_baseline(shop_orders):
    analysis = analyse_orders(shop_orders, horizon_days=60)
    churn = analysis.summary["models"]["churn"]
    assert churn["horizon_days"] == 60
    assert churn["method"] in {"learned", "recency"}
    assert churn["backtest_auc"] > 0.7
    assert 0 <= churn["brier"] < 0.25
    assert set(churn["baselines"]) == {"recency_auc"}
    if churn["method"] == "learned":
        assert churn["backtest_auc"] >= churn["baselines"]["recency_auc"]
    assert "times in 10" in churn["explanation"]
    risk = analysis.scores["churn_risk"]
    assert risk.between(0, 1).all()
    recent = analysis.scores["recency_days"] <= 7
    silent = analysis.scores["recency_days"] >= 300
    assert risk[silent].mean() > risk[recent].mean() + 0.3


def test_one_time_buyers_get_different_risks_unlike_p_alive(shop_orders):
    scores = analyse_orders(shop_orders).scores
    once = scores[scores["frequency"] == 1]
    assert (once["p_alive"] == 1.0).all()
    assert once["churn_risk"].nunique() > 5


def test_reasons_are_in_words(shop_orders):
    scores = analyse_orders(shop_orders).scores
    repeat = scores[scores["frequency"] > 1].iloc[0]
    assert repeat["churn_reason"].startswith("bought about every ")
    assert f"silent for {repeat['recency_days']}" in repeat["churn_reason"]
    once = scores[scores["frequency"] == 1].iloc[0]
    assert once["churn_reason"] == f"bought once, {once['recency_days']} days ago"


def test_short_history_falls_back_and_says_so(shop_orders):
    recent = shop_orders[shop_orders["ordered_at"] >= shop_orders["ordered_at"].max() - pd.Timedelta(days=50)]
    churn = analyse_orders(recent, horizon_days=30).summary["models"]["churn"]
    assert churn["method"] in {"bgnbd", "rule"}
    assert churn["backtest_auc"] is None
    assert "shorter than" in churn["explanation"]


def test_history_under_two_horizons_is_tested_on_a_shorter_window_and_says_so(shop_orders):
    recent = shop_orders[shop_orders["ordered_at"] >= shop_orders["ordered_at"].max() - pd.Timedelta(days=150)]
    churn = analyse_orders(recent, horizon_days=90).summary["models"]["churn"]
    assert churn["method"] in {"learned", "recency"}
    assert churn["backtest_days"] < 90
    assert f"tested on {churn['backtest_days']}-day windows" in churn["explanation"]
    longer = analyse_orders(recent, horizon_days=180).summary["models"]["churn"]
    assert longer["method"] in {"learned", "recency"}
    assert "-day windows, so it is the chance of no order in" in longer["explanation"]


def test_tiny_shop_without_repeat_buyers_uses_the_rule():
    content = "Email,Date,Total\n" + "".join(f"c{i}@x.com,2024-0{1 + i % 6}-1{i % 9},{10 + i}\n" for i in range(12))
    analysis = analyse_orders(read_export(content.encode(), "o.csv").orders)
    churn = analysis.summary["models"]["churn"]
    assert churn["method"] == "rule"
    assert "bgnbd" not in analysis.summary["models"]
    assert analysis.scores["churn_risk"].between(0, 1).all()
    assert analysis.scores["clv_12m"].isna().all()


def test_snapshots_label_who_bought_nothing_in_the_horizon_after_each_cut_off():
    from analytics.churn import _Snapshots

    def order(customer, day, total=10.0):
        return {"order_id": f"{customer}{day}", "customer_id": customer, "email": None, "name": None,
                "ordered_at": pd.Timestamp(day, tz="UTC"), "total": total, "status": "paid"}
    orders = pd.DataFrame([
        order("a", "2024-01-01"), order("a", "2024-03-10"),  # bought 9 days after the cut-off
        order("b", "2024-01-05"), order("b", "2024-04-05"),  # bought, but after the 30 days
        order("c", "2024-02-01"), order("c", "2024-03-02", total=0.0),  # a free order is no purchase
        order("d", "2024-03-15"),  # not a customer yet at the cut-off
    ])
    snapshots = _Snapshots(orders, horizon_days=30)
    table, quiet = snapshots.at(pd.Timestamp("2024-03-01", tz="UTC"))
    assert quiet.tolist() == [0, 1, 1]  # a, b, c (numbered in the order first seen); d came later
    assert table["recency"].iloc[2] == pytest.approx(np.log1p(29))
    pooled_x, pooled_y = snapshots.pooled(pd.Timestamp("2024-03-01", tz="UTC"))
    assert len(pooled_y) == 3 + 2  # cut-offs 2024-03-01 and 01-31; 01-01 is the first day, too early
