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
