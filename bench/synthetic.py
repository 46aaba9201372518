"""Large synthetic exports for benchmarks, built fast with numpy (no real customer data)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

PRODUCTS = np.array(["Lavender Soap", "Wooden Dish", "Fig Candle", "Lip Balm", "Linen Towel", "Bath Salt"])
PRICES = np.array([6.5, 12.0, 18.0, 4.0, 22.0, 9.5])


def orders_table(orders: int, *, customers: int | None = None, seed: int = 0) -> pd.DataFrame:
    """`orders` orders over two years; customers buy with skewed frequency, as real shops do."""
    rng = np.random.default_rng(seed)
    customers = customers or max(orders // 5, 1)
    weights = rng.gamma(0.6, 1.0, customers)
    who = rng.choice(customers, size=orders, p=weights / weights.sum())
    start = pd.Timestamp("2023-01-01").value // 10**9
    seconds = np.sort(rng.integers(0, 730 * 86400, orders)) + start
    product = rng.integers(0, len(PRODUCTS), orders)
    quantity = 1 + rng.poisson(0.4, orders)
    return pd.DataFrame({
        "Order ID": np.char.add("#", np.arange(100000, 100000 + orders).astype(str)),
        "Email": np.char.add(np.char.add("customer", who.astype(str)), "@example.com"),
        "Date": pd.to_datetime(seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
        "Product": PRODUCTS[product],
        "Quantity": quantity,
        "Total": (PRICES[product] * quantity).round(2),
        "Currency": "EUR",
    })


def orders_csv(orders: int, *, seed: int = 0) -> bytes:
    buffer = io.StringIO()
    orders_table(orders, seed=seed).to_csv(buffer, index=False)
    return buffer.getvalue().encode()
