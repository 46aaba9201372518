"""RFM scores and the segment table."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analytics.rfm import (
    NEW_CUSTOMER_DAYS,
    QUINTILE_MIN_CUSTOMERS,
    SEGMENT_ACTIONS,
    SEGMENT_BY_CODE,
    SEGMENT_CODES,
    score_rfm,
)


def test_every_code_is_in_exactly_one_segment():
    codes = [code for listed in SEGMENT_CODES.values() for code in listed.split()]
    all_codes = {"".join(map(str, c)) for c in itertools.product(range(1, 6), repeat=3)}
    assert len(codes) == len(set(codes)) == 125
    assert set(codes) == all_codes
    assert set(SEGMENT_ACTIONS) == set(SEGMENT_CODES)


@pytest.mark.parametrize(
    ("code", "segment"),
    [("555", "Champions"), ("445", "Champions"), ("543", "Loyal"), ("553", "Potential Loyalist"),
     ("511", "New Customers"), ("525", "Promising"), ("535", "Need Attention"), ("331", "About To Sleep"),
     ("255", "At Risk"), ("155", "Can't Lose Them"), ("332", "Hibernating"), ("111", "Lost")],
)
def test_segment_table_matches_the_shared_definition(code, segment):
    assert SEGMENT_BY_CODE[code] == segment


def _customers(recency, frequency, monetary, tenure=None):
    """Customers as summarise_customers gives them; by default a repeat buyer's first order was
    30 days before the last for each repeat."""
    n = len(recency)
    if tenure is None:
        tenure = [days + 30 * (orders - 1) for days, orders in zip(recency, frequency)]
    return pd.DataFrame({"customer_id": [f"c{i:03d}" for i in range(n)], "recency_days": recency,
                         "tenure_days": tenure, "frequency": frequency, "monetary": monetary})


@pytest.mark.parametrize(
    ("days", "r"), [(0, 5), (30, 5), (31, 4), (90, 4), (91, 3), (180, 3), (181, 2), (365, 2), (366, 1)]
)
def test_small_shop_recency_bands(days, r):
    scores, scoring = score_rfm(_customers([days], [1], [10.0]))
    assert scores["r"].iloc[0] == r
    assert "fixed bands" in scoring


@pytest.mark.parametrize(("orders", "f"), [(1, 1), (2, 2), (3, 3), (4, 4), (5, 4), (6, 5), (40, 5)])
def test_small_shop_frequency_bands(orders, f):
    scores, _ = score_rfm(_customers([10], [orders], [10.0]))
    assert scores["f"].iloc[0] == f


def test_quintiles_for_larger_shops_give_each_score_a_fifth():
    n = 100
    customers = _customers(list(range(n)), [1 + i // 10 for i in range(n)], [float(i) for i in range(n)])
    scores, scoring = score_rfm(customers)
    assert "quintiles" in scoring
    for column in ("r", "f", "m"):
        assert scores[column].value_counts().sort_index().tolist() == [20] * 5
    assert scores.loc[0, "r"] == 5 and scores.loc[n - 1, "r"] == 1
    assert scores.loc[n - 1, "m"] == 5


def test_frequency_ties_break_deterministically_by_spend():
    n = QUINTILE_MIN_CUSTOMERS
    rng = np.random.default_rng(3)
    customers = _customers(rng.integers(0, 300, n).tolist(), [1] * n, rng.gamma(2, 10, n).round(2).tolist())
    scores, _ = score_rfm(customers)
    shuffled = customers.sample(frac=1, random_state=1)
    again, _ = score_rfm(shuffled)
    pd.testing.assert_frame_equal(scores, again.loc[scores.index])
    top_spender = customers["monetary"].idxmax()
    assert scores.loc[top_spender, "f"] == 5


def test_every_customer_gets_a_named_segment():
    rng = np.random.default_rng(0)
    n = 500
    customers = _customers(rng.integers(0, 700, n).tolist(), rng.geometric(0.4, n).tolist(),
                           rng.gamma(2, 30, n).tolist())
    scores, _ = score_rfm(customers)
    assert scores["segment"].notna().all()
    assert scores["segment"].nunique() >= 8


def test_a_one_time_buyer_of_months_ago_is_not_a_new_customer_in_a_quiet_shop():
    # 60 customers, none of whom bought in the last 200 days: the freshest one-time buyers still
    # get R5 from the quintiles, but their only order was over six months ago.
    n = 60
    recency = [200 + 5 * i for i in range(n)]
    customers = _customers(recency, [1] * n, [10.0 + (i % 3) for i in range(n)])
    scores, _ = score_rfm(customers)
    assert scores.loc[0, "rfm_code"][0] == "5"
    assert SEGMENT_BY_CODE[scores.loc[0, "rfm_code"]] == "New Customers"
    assert "New Customers" not in set(scores["segment"])
    assert scores.loc[0, "segment"] == "About To Sleep"


@pytest.mark.parametrize(("first_order_days_ago", "segment"),
                         [(3, "New Customers"), (NEW_CUSTOMER_DAYS, "New Customers"),
                          (NEW_CUSTOMER_DAYS + 1, "About To Sleep")])
def test_new_customers_made_their_first_order_in_the_last_days(first_order_days_ago, segment):
    # Fixed bands (five customers): 1 order 3 days ago and the lowest spend is code 511.
    customers = _customers([3, 400, 400, 400, 400], [1] * 5, [10.0, 50.0, 60.0, 70.0, 80.0],
                           tenure=[first_order_days_ago, 400, 400, 400, 400])
    scores, _ = score_rfm(customers)
    assert scores["rfm_code"].iloc[0] == "511"
    assert scores["segment"].iloc[0] == segment
