"""How long the next products take in an analysis: `next_best_products` (the card's one product)
and `next_products` (up to five, re-buys and new), on the synthetic 100,000-order shop of
bench/analysis_speed (six products) and on one with a 2,000-product catalogue. Printed as wall
and CPU seconds and as a ratio to `pandas.read_csv` of the same orders in the same process.
Target (issue 14/15): a few hundred milliseconds for both together on 100,000 orders.

    python -m bench.recommend_speed
"""

from __future__ import annotations

import io

import numpy as np

from analytics.customers import paid_orders, summarise_customers
from analytics.ingest import read_export
from analytics.recommend import next_best_products, next_products
from analytics.rfm import score_rfm
from bench.analysis_speed import Clock, _read_csv_seconds
from bench.synthetic import orders_table

ORDERS = 100_000


def shop(products: int | None) -> bytes:
    table = orders_table(ORDERS)
    if products:  # a long tail: a few products sell most, as in a real catalogue
        rng = np.random.default_rng(1)
        weights = 1 / np.arange(1, products + 1)
        table["Product"] = np.char.add("Product ", rng.choice(products, len(table), p=weights / weights.sum())
                                       .astype(str))
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    return buffer.getvalue().encode()


def timed(products: int | None) -> dict:
    data = shop(products)
    baseline = _read_csv_seconds(data)
    export = read_export(data, "orders.csv")
    paid = paid_orders(export.orders)
    as_of = paid["ordered_at"].max().normalize()
    customers = summarise_customers(export.orders, as_of)
    segments = customers.set_index("customer_id").join(score_rfm(customers)[0]["segment"])["segment"]
    purchases = export.items.merge(paid[["order_id", "customer_id", "ordered_at"]], on="order_id")
    with Clock() as best:
        next_best_products(purchases, segments, customers.set_index("customer_id")["frequency"])
    with Clock() as five:
        next_products(purchases, as_of=as_of)
    label = f"{purchases['product'].nunique():,} products"
    print(f"{ORDERS:,} orders, {label}: next best product {best.text(baseline)}; next products {five.text(baseline)}")
    return {"products": label, "next_best_s": best.wall, "next_products_s": five.wall}


def main() -> list[dict]:
    return [timed(None), timed(2_000)]


if __name__ == "__main__":
    main()
