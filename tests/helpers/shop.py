"""Synthetic shops for tests and benchmarks: order exports made by code, never real customers.

`generic_orders_csv` writes a plain orders CSV (one row per order or per line item) for a shop
whose customers buy at their own pace and some stop buying; each customer leans to one of two
ranges (bath or home), and a Lavender Soap often comes with a Wooden Soap Dish, so baskets and
recommendations have something real to find. The same seed always gives the same file.
"""

from __future__ import annotations

import io

import pandas as pd

from bot.local_bot_api.demo_shop import PRODUCTS, synthetic_orders

__all__ = ["PRODUCTS", "generic_orders_csv", "synthetic_orders"]


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


QUESTION_SHOP_TODAY = "2024-06-30"  # the shop's "today" for the question set: a Sunday, Europe/Berlin
QUESTION_SHOP_TIMEZONE = "Europe/Berlin"
_COUNTRIES = ["DE", "DE", "DE", "AT", "NL", "FR", "GB", "US"]
_CHANNELS = ["web", "web", "pos", "instagram"]


def question_shop_csv(customers: int = 260, *, seed: int = 5) -> bytes:
    """A generic line-item export for the question set: the synthetic shop with a status, country,
    channel and currency per order (customers in GB pay in GBP, everyone else in EUR), a few
    refunded and cancelled orders, late-evening orders that fall on the next day in Berlin, and
    two products that share a word (Lavender Soap, Lavender Oil)."""
    import numpy as np

    lines = synthetic_orders(customers, seed=seed)
    rng = np.random.default_rng(seed)
    orders = lines["order_id"].unique()
    status = pd.Series(rng.choice(["paid", "refunded", "cancelled"], size=len(orders), p=[0.92, 0.05, 0.03]), index=orders)
    shift = pd.Series(pd.to_timedelta(rng.integers(0, 6 * 60, size=len(orders)), unit="min"), index=orders)
    number = lines["email"].str.extract(r"customer(\d+)@", expand=False).astype(int)
    country = number.map(lambda n: _COUNTRIES[n % len(_COUNTRIES)])
    lines = lines.assign(
        product=lines["product"].replace({"Lip Balm": "Lavender Oil"}),
        ordered_at=lines["ordered_at"] + lines["order_id"].map(shift),
        status=lines["order_id"].map(status), country=country,
        channel=number.map(lambda n: _CHANNELS[(n // 3) % len(_CHANNELS)]),
        currency=country.map(lambda c: "GBP" if c == "GB" else "EUR"),
    )
    table = pd.DataFrame({
        "Order ID": lines["order_id"], "Email": lines["email"], "Customer Name": lines["name"],
        "Date": lines["ordered_at"].dt.strftime("%Y-%m-%d %H:%M:%S"), "Product": lines["product"],
        "SKU": lines["sku"], "Quantity": lines["quantity"], "Unit Price": lines["price"],
        "Total": (lines["quantity"] * lines["price"]).round(2), "Currency": lines["currency"],
        "Status": lines["status"], "Country": lines["country"], "Channel": lines["channel"],
    })
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    return buffer.getvalue().encode()
