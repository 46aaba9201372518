"""The same sales from the shop and from its payment provider are stored once, in either order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import service
from storage.database import open_database
from tests.helpers.two_sources import sales, shopify_orders, stripe_payments

SOLD = sales(12)
# A payment-link sale the shop export does not have: a sale of its own.
EXTRA = [{"number": 5001, "email": "walkin@example.com", "name": "Walk In", "total": 99.0,
          "at": datetime(2025, 3, 6, 15, 0, tzinfo=UTC)}]
SHOP_REVENUE = round(sum(s["total"] for s in SOLD), 2)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path).close()
    return path


def _import(db_path, name, data):
    return service.import_upload(db_path, 1, name, data)


def _stored(db_path):
    orders = service.load_orders(db_path, 1)
    return len(orders), round(orders.loc[orders["status"] == "paid", "total"].sum(), 2), orders


def test_payments_after_their_orders_are_not_counted_again(db_path):
    _import(db_path, "orders_export.csv", shopify_orders(SOLD))
    report = _import(db_path, "unified_payments.csv", stripe_payments(SOLD, EXTRA))
    assert report.payments_matched == 12 and report.orders_added == 1
    count, revenue, orders = _stored(db_path)
    assert (count, revenue) == (13, SHOP_REVENUE + 99.0)
    spend = orders.groupby("customer_id")["total"].sum()
    assert spend["buyer0@example.com"] == sum(s["total"] for s in SOLD if s["email"] == "buyer0@example.com")

    again = _import(db_path, "unified_payments.csv", stripe_payments(SOLD, EXTRA))
    assert (again.orders_added, again.payments_matched) == (0, 12)
    assert _stored(db_path)[:2] == (13, SHOP_REVENUE + 99.0)
    for _ in range(2):
        service.undo_upload(db_path, 1)
    assert _stored(db_path)[:2] == (12, SHOP_REVENUE)


def test_payments_before_their_orders_give_way_to_them_and_return_on_undo(db_path):
    _import(db_path, "unified_payments.csv", stripe_payments(SOLD, EXTRA))
    before = _stored(db_path)[2]
    assert len(before) == 13
    report = _import(db_path, "orders_export.csv", shopify_orders(SOLD))
    assert report.payments_matched == 12
    count, revenue, orders = _stored(db_path)
    assert (count, revenue) == (13, SHOP_REVENUE + 99.0)
    assert set(orders["order_id"]) == {f"#{s['number']}" for s in SOLD} | {"ch_5001xyz"}

    service.undo_upload(db_path, 1)
    after = _stored(db_path)[2]
    assert after.sort_values("order_id").reset_index(drop=True).equals(before.sort_values("order_id").reset_index(drop=True))
    again = _import(db_path, "orders_export.csv", shopify_orders(SOLD))
    assert again.payments_matched == 12 and _stored(db_path)[:2] == (13, SHOP_REVENUE + 99.0)


def test_a_re_uploaded_payments_file_after_the_orders_took_them_adds_nothing(db_path):
    _import(db_path, "unified_payments.csv", stripe_payments(SOLD))
    _import(db_path, "orders_export.csv", shopify_orders(SOLD))
    report = _import(db_path, "unified_payments.csv", stripe_payments(SOLD))
    assert (report.orders_added, report.payments_matched) == (0, 12)
    assert _stored(db_path)[:2] == (12, SHOP_REVENUE)
