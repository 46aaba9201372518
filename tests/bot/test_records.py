"""Stored records read back as the canonical tables the analysis expects."""

from __future__ import annotations

from contextlib import closing

import pandas as pd

from bot.service.records import load_orders
from storage import open_database
from storage.imports import save_import


def _order(order_id: str, at: str) -> tuple:
    return (order_id, "a@x.com", "a@x.com", "Ann", None, None, at, 10.0, "EUR", "paid", None)


def test_orders_come_back_in_time_order_and_orders_of_one_moment_by_order_id(tmp_path):
    # storage reads them in order id order ("#10" < "#2" < "#9" as text); the analysis wants time
    db_path = tmp_path / "shop.db"
    orders = [_order("#9", "2024-03-01T08:00:00+00:00"), _order("#10", "2024-01-05T09:30:00+00:00"),
              _order("#2", "2024-03-01T08:00:00+00:00"), _order("#1", "2024-02-01T00:00:00+00:00")]
    with closing(open_database(db_path)) as db:
        save_import(db, 1, file_name="o.csv", platform="generic", orders=orders, items=())
    loaded = load_orders(db_path, 1)
    assert loaded["order_id"].tolist() == ["#10", "#1", "#2", "#9"]
    assert loaded["ordered_at"].is_monotonic_increasing and loaded.index.equals(pd.RangeIndex(4))
    assert str(loaded["ordered_at"].dt.tz) == "UTC" and loaded["total"].dtype == float
