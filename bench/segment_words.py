"""Are the segment names true? "New Customers" on the CDNOW sample (lifetimes 0.11.3 wheel).

Every CDNOW customer made a first purchase in the first quarter of 1997, so as of 1997-09-30 (the
holdout bench's calibration end) and 1998-06-30 (the last day) nobody is new; as of 1997-02-15
many are, and they must still be named. The plain RFM table
still names the one-time buyers that the recency quintiles put in R3-R5 "New Customers"; this
prints how many the table alone names and how many ShopPulse names, with how many of those
made their first order more than NEW_CUSTOMER_DAYS days before the day scored.

    .venv/bin/python -m bench.segment_words
"""

from __future__ import annotations

import io

import pandas as pd

from analytics.customers import summarise_customers
from analytics.rfm import NEW_CUSTOMER_DAYS, SEGMENT_BY_CODE, score_rfm
from bench import yardstick

AS_OF = ("1997-02-15", "1997-09-30", "1998-06-30")


def cdnow_orders() -> pd.DataFrame:
    raw = pd.read_csv(io.BytesIO(yardstick.wheel_file("CDNOW_sample.txt")), sep=r"\s+", header=None,
                      names=["customer_id", "index", "date", "quantity", "amount"], dtype={"customer_id": str})
    return pd.DataFrame({
        "order_id": raw.index.astype(str), "customer_id": raw["customer_id"], "email": None, "name": None,
        "ordered_at": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d", utc=True),
        "total": raw["amount"].astype(float), "status": "paid",
    })


def main() -> None:
    orders = cdnow_orders()
    print(f"CDNOW sample: 'New Customers' (first order at most {NEW_CUSTOMER_DAYS} days before the day scored)")
    for day in AS_OF:
        customers = summarise_customers(orders, pd.Timestamp(day, tz="UTC"))
        scores, _ = score_rfm(customers)
        old = customers["tenure_days"] > NEW_CUSTOMER_DAYS
        table_only = scores["rfm_code"].map(SEGMENT_BY_CODE) == "New Customers"
        named = scores["segment"] == "New Customers"
        print(f"  as of {day}, {len(customers):,} customers: RFM table alone {int(table_only.sum()):,} "
              f"({int((table_only & old).sum()):,} not new); ShopPulse {int(named.sum()):,} "
              f"({int((named & old).sum()):,} not new)")


if __name__ == "__main__":
    main()
