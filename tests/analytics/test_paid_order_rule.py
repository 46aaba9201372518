"""One rule of a paid order (status paid and a total above zero), the same wherever a figure is
counted: the customers' purchases, the questions' catalogue and the weekly digest (hand-counted)."""

from __future__ import annotations

import pandas as pd

from analytics.catalogue import Shop
from analytics.customers import summarise_customers
from analytics.digest import weekly_digest
from analytics.ingest import read_export
from analytics.questions import Query, answer

# A free replacement (paid, 0.00), a refund and an order not paid yet are no purchases:
# paid orders 1 and 5, revenue 10 + 20 = 30, paying customers a and b; the week to 10 Jan holds order 5.
ORDERS = read_export(b"Order ID,Customer ID,Date,Total,Status\n1,a,2024-01-01,10,paid\n2,a,2024-01-08,0,paid\n"
                     b"3,b,2024-01-09,99,refunded\n4,c,2024-01-09,5,pending\n5,b,2024-01-10,20,paid\n",
                     "orders.csv").orders
AS_OF = pd.Timestamp("2024-01-10", tz="UTC")


def test_the_customers_purchases_count_only_paid_orders_above_zero():
    customers = summarise_customers(ORDERS, AS_OF).set_index("customer_id")
    assert customers.index.tolist() == ["a", "b"]
    assert customers[["frequency", "monetary"]].to_dict("index") == {"a": {"frequency": 1, "monetary": 10.0},
                                                                     "b": {"frequency": 1, "monetary": 20.0}}


def test_the_catalogue_counts_the_same_paid_orders_and_revenue():
    shop = Shop.build(ORDERS, pd.DataFrame(columns=["order_id", "line_no", "sku", "product", "quantity", "unit_price"]))
    assert answer(Query("paid_orders"), shop).value == 2
    assert answer(Query("paying_customers"), shop).value == 2


def test_the_digest_week_counts_the_same_paid_orders():
    scores = pd.DataFrame({"customer_id": ["a", "b"], "segment": ["Hibernating", "New Customers"],
                           "churn_risk": [0.1, 0.1], "value_at_risk": [0.0, 0.0]})
    digest = weekly_digest(ORDERS, scores, {}, as_of=AS_OF)
    assert digest.this_week == {"revenue": 20.0, "orders": 1, "new_customers": 1, "returning_customers": 0}
