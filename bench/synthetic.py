"""Large synthetic exports for benchmarks, built fast with numpy (no real customer data)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from analytics.ingest.readers.shopify import SHOPIFY_ORDERS_HEADER

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


SHOPIFY_HEADER = SHOPIFY_ORDERS_HEADER


def shopify_export(lines: int, *, seed: int = 0) -> bytes:
    """A Shopify orders export of `lines` line-item rows in the real 79-column layout: order-level
    fields on each order's first row only, times with a UTC offset, some refunds and cancellations."""
    rng = np.random.default_rng(seed)
    orders = int(lines / 1.5)
    per_order = np.ones(orders, dtype=int)
    extra = lines - orders
    np.add.at(per_order, rng.integers(0, orders, extra), 1)
    order_of_line = np.repeat(np.arange(orders), per_order)
    first = np.r_[True, order_of_line[1:] != order_of_line[:-1]]
    customer = rng.integers(0, max(orders // 4, 1), orders)
    product = rng.integers(0, len(PRODUCTS), lines)
    quantity = 1 + rng.poisson(0.3, lines)
    price = PRICES[product]
    line_amount = price * quantity
    totals = np.bincount(order_of_line, weights=line_amount)
    seconds = np.sort(rng.integers(0, 730 * 86400, orders)) + pd.Timestamp("2024-01-01").value // 10**9
    created = pd.to_datetime(seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S -0700").to_numpy()
    status = rng.choice(np.array(["paid", "paid", "paid", "paid", "paid", "paid", "refunded", "partially_refunded", "pending"]), orders)
    refunded = np.where(status == "refunded", totals, np.where(status == "partially_refunded", (totals * 0.3).round(2), 0.0))
    names = np.char.add("#", (1000 + np.arange(orders)).astype(str))
    emails = np.char.add(np.char.add("customer", customer.astype(str)), "@example.com")
    table = pd.DataFrame({name: "" for name in SHOPIFY_HEADER}, index=np.arange(lines))
    o = order_of_line
    table["Name"] = names[o]
    table["Email"] = emails[o]
    table["Created at"] = created[o]
    table["Lineitem quantity"] = quantity
    table["Lineitem name"] = PRODUCTS[product]
    table["Lineitem price"] = np.char.mod("%.2f", price)
    table["Vendor"] = "Shop"
    for column, values in {
        "Financial Status": status, "Currency": np.full(orders, "USD"), "Total": np.char.mod("%.2f", totals),
        "Subtotal": np.char.mod("%.2f", totals), "Refunded Amount": np.char.mod("%.2f", refunded),
        "Billing Name": np.char.add("Customer ", customer.astype(str)), "Billing Country": np.full(orders, "US"),
        "Id": (6953195503000 + np.arange(orders)).astype(str), "Source": np.full(orders, "web"),
    }.items():
        table.loc[first, column] = values
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    return buffer.getvalue().encode()
