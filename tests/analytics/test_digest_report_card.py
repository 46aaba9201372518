"""The digest's report card: last week's forecast for existing customers against what came."""

from __future__ import annotations

import pandas as pd

from analytics.digest import weekly_digest
from tests.helpers.simulate import bgnbd_orders


def test_report_card_counts_the_weeks_purchase_days_of_customers_known_before_it():
    orders = bgnbd_orders(3000, r=0.5, alpha=4.0, a=0.8, b=2.5, weeks=60, seed=4)
    as_of = pd.Timestamp(orders["ordered_at"].max()).normalize()
    scores = pd.DataFrame({"customer_id": [], "segment": [], "churn_risk": [], "value_at_risk": []})
    card = weekly_digest(orders, scores, {}, as_of=as_of).report_card

    week_start = as_of - pd.Timedelta(days=6)  # the seven days ending with as_of
    known = orders.loc[orders["ordered_at"] < week_start, "customer_id"].unique()
    week = orders[(orders["ordered_at"] >= week_start) & orders["customer_id"].isin(known)]
    assert card["actual"] == len(week.assign(day=week["ordered_at"].dt.floor("D")).drop_duplicates(["customer_id", "day"]))
    assert card["from"] == week_start.date().isoformat() and card["to"] == as_of.date().isoformat()
    # where BG/NBD is the truth, a week's forecast of a few hundred purchases is close
    assert abs(card["predicted"] - card["actual"]) <= 0.25 * card["actual"]
