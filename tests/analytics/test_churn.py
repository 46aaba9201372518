"""Churn risk learned from the shop's own history, its backtest, and its fallbacks."""

from __future__ import annotations

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
    assert churn["method"] in {"learned", "recency", "bgnbd"}
    assert churn["backtest_auc"] > 0.7
    assert 0 <= churn["brier"] < 0.25
    assert set(churn["baselines"]) == {"recency_auc", "p_alive_auc"}
    if churn["method"] == "learned":
        assert churn["backtest_auc"] > max(churn["baselines"].values())
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


def test_short_history_falls_back_to_bgnbd_and_says_so(shop_orders):
    recent = shop_orders[shop_orders["ordered_at"] >= shop_orders["ordered_at"].max() - pd.Timedelta(days=150)]
    churn = analyse_orders(recent).summary["models"]["churn"]
    assert churn["method"] == "bgnbd"
    assert churn["backtest_auc"] is None
    assert "shorter than" in churn["explanation"]


def test_tiny_shop_without_repeat_buyers_uses_the_rule():
    content = "Email,Date,Total\n" + "".join(f"c{i}@x.com,2024-0{1 + i % 6}-1{i % 9},{10 + i}\n" for i in range(12))
    analysis = analyse_orders(read_export(content.encode(), "o.csv").orders)
    churn = analysis.summary["models"]["churn"]
    assert churn["method"] == "rule"
    assert "bgnbd" not in analysis.summary["models"]
    assert analysis.scores["churn_risk"].between(0, 1).all()
    assert analysis.scores["clv_12m"].isna().all()
