"""One analysis run: customers, clusters and the summary the bot and the command line show."""

from __future__ import annotations

import pandas as pd

from analytics.analysis import SCORE_COLUMNS, Analysis, analyse_orders, reanalyse_horizon
from analytics.clusters import MIN_CUSTOMERS, cluster_customers
from analytics.customers import summarise_customers
from analytics.ingest import read_export
from tests.helpers.shop import generic_orders_csv


def _orders(customers=150, seed=7):
    return read_export(generic_orders_csv(customers, seed=seed), "o.csv").orders


def test_only_paid_orders_make_purchases():
    orders = pd.DataFrame({
        "order_id": ["1", "2", "3"], "customer_id": ["a", "a", "b"],
        "ordered_at": pd.to_datetime(["2024-01-01", "2024-01-10", "2024-01-05"], utc=True),
        "total": [10.0, 99.0, 5.0], "status": ["paid", "refunded", "cancelled"],
        "email": None, "name": None, "currency": "EUR",
    })
    customers = summarise_customers(orders, pd.Timestamp("2024-01-10", tz="UTC"))
    assert customers["customer_id"].tolist() == ["a"]
    assert customers[["frequency", "monetary", "recency_days"]].iloc[0].tolist() == [1, 10.0, 9]


def test_summary_has_what_the_bot_and_cli_promise():
    summary = analyse_orders(_orders()).summary
    for key in ("orders", "customers", "revenue", "currency", "first_order", "last_order", "segments", "models"):
        assert key in summary
    assert summary["customers"] == 150
    assert sum(summary["segments"].values()) == 150
    assert summary["currency"] == "EUR"
    assert abs(sum(row["revenue_share"] for row in summary["segment_details"]) - 1) < 0.01


def test_as_of_ignores_later_orders():
    orders = _orders()
    cut = pd.Timestamp("2023-06-30")
    summary = analyse_orders(orders, as_of=cut).summary
    assert summary["as_of"] == "2023-06-30"
    assert summary["last_order"] < "2023-07-01"


def test_clusters_are_deterministic_and_described():
    customers = summarise_customers(_orders(300), pd.Timestamp("2024-06-30", tz="UTC"))
    first = cluster_customers(customers)
    second = cluster_customers(customers.sample(frac=1, random_state=2).sort_index())
    assert first.labels.tolist() == second.labels.tolist()
    assert 2 <= len(first.descriptions) <= 8
    assert 0 < first.silhouette <= 1
    for text in first.descriptions.values():
        how_often, how_much, how_recently = text.split(", ")
        assert "bought" in how_often and "spent" in how_much and "bought" in how_recently


def test_tiny_shop_gets_no_clusters_and_a_reason():
    customers = summarise_customers(_orders(MIN_CUSTOMERS - 5), pd.Timestamp("2024-06-30", tz="UTC"))
    clustering = cluster_customers(customers)
    assert clustering.descriptions == {}
    assert "customers" in clustering.explanation


def test_mixed_currencies_are_reported_never_summed():
    content = (
        "Order ID,Email,Date,Total,Currency\n"
        "1,a@x.com,2024-01-01,10,EUR\n2,a@x.com,2024-02-01,20,EUR\n3,b@x.com,2024-02-03,1000,JPY\n"
        "4,c@x.com,2024-02-04,30,EUR\n"
    )
    summary = analyse_orders(read_export(content.encode(), "o.csv").orders).summary
    assert summary["currency"] == "EUR" and summary["revenue"] == 60.0
    assert summary["customers"] == 2
    assert "1,000.00 JPY" in summary["notes"][0]


def test_a_horizon_change_gives_what_a_full_analysis_at_that_horizon_gives():
    export = read_export(generic_orders_csv(400, seed=11), "o.csv")
    at_90 = analyse_orders(export.orders, items=export.items, horizon_days=90)
    fresh = analyse_orders(export.orders, items=export.items, horizon_days=30)
    previous = Analysis(scores=at_90.scores[SCORE_COLUMNS].copy(), summary=at_90.summary)  # as a run stores it
    changed = reanalyse_horizon(previous, export.orders, horizon_days=30)
    pd.testing.assert_frame_equal(changed.scores[SCORE_COLUMNS], fresh.scores[SCORE_COLUMNS], check_dtype=False)
    assert changed.summary == fresh.summary
    assert not changed.scores["churn_risk"].equals(at_90.scores["churn_risk"]), "the horizon must matter"


def test_a_horizon_change_on_other_customers_asks_for_a_full_analysis():
    export = read_export(generic_orders_csv(120, seed=12), "o.csv")
    previous = analyse_orders(export.orders, horizon_days=90)
    fewer = export.orders[export.orders["customer_id"] != export.orders["customer_id"].iloc[0]]
    assert reanalyse_horizon(previous, fewer, horizon_days=30) is None
