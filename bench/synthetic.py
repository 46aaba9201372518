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


def bgnbd_transactions(
    customers: int,
    *,
    r: float = 0.6,
    alpha: float = 40.0,
    a: float = 0.8,
    b: float = 4.0,
    p: float = 4.0,
    q: float = 3.0,
    v: float = 60.0,
    days: int = 730,
    seed: int = 0,
) -> pd.DataFrame:
    """Transactions drawn from BG/NBD (rates per day) with Gamma-Gamma spend, customers arriving
    over the first year: customer_id, ordered_at (UTC), total. Vectorised round by round."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, customers)
    drop = rng.beta(a, b, customers)
    spend_scale = rng.gamma(q, 1 / v, customers)
    now = rng.uniform(0, days / 2, customers)
    ids, times = [np.arange(customers)], [now.copy()]
    active = np.ones(customers, dtype=bool)
    while active.any():
        now[active] += rng.exponential(1 / rate[active])
        active &= now <= days
        index = np.flatnonzero(active)
        ids.append(index)
        times.append(now[index])
        active[index] &= rng.random(len(index)) >= drop[index]
    who = np.concatenate(ids)
    when = np.concatenate(times)
    total = rng.gamma(p, 1 / spend_scale[who]).round(2)
    start = pd.Timestamp("2023-01-01", tz="UTC")
    return pd.DataFrame({
        "customer_id": np.char.add("c", who.astype(str)),
        "ordered_at": start + pd.to_timedelta(np.floor(when * 86400), unit="s"),
        "total": np.maximum(total, 0.01),
    }).sort_values("ordered_at", kind="stable", ignore_index=True)
