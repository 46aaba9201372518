"""Synthetic shops for tests and benchmarks: order exports made by code, never real customers.

`generic_orders_csv` writes a plain orders CSV (one row per order or per line item) for a shop
whose customers buy at their own pace and some stop buying; each customer leans to one of two
ranges (bath or home), and a Lavender Soap often comes with a Wooden Soap Dish, so baskets and
recommendations have something real to find. The same seed always gives the same file.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

PRODUCTS = [
    ("SOAP-LAV", "Lavender Soap", 6.5), ("DISH-OAK", "Wooden Soap Dish", 12.0),
    ("CNDL-FIG", "Fig Candle", 18.0), ("BALM-LIP", "Lip Balm", 4.0),
    ("TOWEL-LN", "Linen Towel", 22.0), ("SALT-SEA", "Bath Salt", 9.5),
]


TASTES = ([0, 1, 5, 3], [2, 4, 3, 0])  # bath lovers, home lovers (indexes into PRODUCTS)
TASTE_WEIGHTS = [0.4, 0.2, 0.3, 0.1]


def synthetic_orders(
    customers: int = 200, *, seed: int = 7, start: str = "2023-01-01", days: int = 540
) -> pd.DataFrame:
    """One row per line item: order id, customer e-mail and name, UTC time, product, quantity, price."""
    rng = np.random.default_rng(seed)
    start_at = pd.Timestamp(start, tz="UTC")
    rows = []
    order_no = 1000
    for index in range(customers):
        rate = rng.gamma(0.8, 1 / 40)  # purchases per day while active
        appetite = rng.gamma(1.5, 0.6)  # how much this customer puts in a basket
        taste = TASTES[index % 2]
        first = rng.integers(0, days - 1)
        lifetime = rng.exponential(days / 2)
        day = float(first)
        while day < min(days, first + lifetime):
            order_no += 1
            when = start_at + pd.Timedelta(days=day, hours=int(rng.integers(8, 20)))
            lines = 1 + rng.poisson(0.4)
            chosen = set(rng.choice(taste, size=min(lines, len(taste)), replace=False, p=TASTE_WEIGHTS))
            if 0 in chosen and rng.random() < 0.6:
                chosen.add(1)  # the dish that goes with the soap
            for line in sorted(chosen):
                sku, product, price = PRODUCTS[line]
                rows.append((f"#{order_no}", f"customer{index}@example.com", f"Customer {index}", when,
                             sku, product, int(1 + rng.poisson(appetite)), price))
            day += rng.exponential(1 / max(rate, 1e-3))
    return pd.DataFrame(rows, columns=["order_id", "email", "name", "ordered_at", "sku", "product", "quantity", "price"])


def generic_orders_csv(customers: int = 200, *, seed: int = 7, line_items: bool = True) -> bytes:
    """The synthetic shop as a generic CSV export (headers: Order ID, Email, Name, Date, Total, ...)."""
    lines = synthetic_orders(customers, seed=seed)
    lines["line_total"] = (lines["quantity"] * lines["price"]).round(2)
    if line_items:
        table = pd.DataFrame({
            "Order ID": lines["order_id"], "Email": lines["email"], "Customer Name": lines["name"],
            "Date": lines["ordered_at"].dt.strftime("%Y-%m-%d %H:%M:%S"), "Product": lines["product"],
            "SKU": lines["sku"], "Quantity": lines["quantity"], "Unit Price": lines["price"],
            "Total": lines["line_total"], "Currency": "EUR",
        })
    else:
        orders = lines.groupby("order_id", sort=False).agg(
            email=("email", "first"), ordered_at=("ordered_at", "first"), total=("line_total", "sum")
        ).reset_index()
        table = pd.DataFrame({
            "Order ID": orders["order_id"], "Email": orders["email"],
            "Date": orders["ordered_at"].dt.strftime("%Y-%m-%d"), "Total": orders["total"].round(2),
        })
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    return buffer.getvalue().encode()
