"""The same sales from the shop and from its payment provider are stored once, in either order."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from bot import service
from bot.telegram_bot.replies.uploads import import_text
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


def _zip(*files: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_holding_the_shop_orders_and_the_payments_counts_each_sale_once(db_path):
    both = _zip(("orders_export.csv", shopify_orders(SOLD)), ("unified_payments.csv", stripe_payments(SOLD, EXTRA)))
    report = _import(db_path, "exports.zip", both)
    assert (report.orders_added, report.payments_matched) == (13, 12)
    count, revenue, orders = _stored(db_path)
    assert (count, revenue) == (13, SHOP_REVENUE + 99.0)
    assert set(orders["order_id"]) == {f"#{s['number']}" for s in SOLD} | {"ch_5001xyz"}
    assert "payments in this upload are orders from your shop's export" in import_text(report)

    again = _import(db_path, "exports.zip", both)
    assert again.orders_added == 0 and _stored(db_path)[:2] == (13, SHOP_REVENUE + 99.0)
    service.undo_upload(db_path, 1)
    service.undo_upload(db_path, 1)
    assert _stored(db_path)[0] == 0


def test_a_zip_of_both_sides_ends_as_the_two_files_sent_one_after_the_other(db_path, tmp_path):
    _import(db_path, "exports.zip", _zip(("orders_export.csv", shopify_orders(SOLD)),
                                         ("unified_payments.csv", stripe_payments(SOLD, EXTRA))))
    apart = tmp_path / "apart.sqlite"
    open_database(apart).close()
    _import(apart, "orders_export.csv", shopify_orders(SOLD))
    _import(apart, "unified_payments.csv", stripe_payments(SOLD, EXTRA))
    columns = ["order_id", "customer_id", "total", "status"]
    together = _stored(db_path)[2][columns].sort_values("order_id").reset_index(drop=True)
    one_by_one = _stored(apart)[2][columns].sort_values("order_id").reset_index(drop=True)
    assert together.equals(one_by_one)


def test_a_zip_of_both_sides_after_the_payments_were_sent_matches_each_sale_once(db_path):
    _import(db_path, "unified_payments.csv", stripe_payments(SOLD))
    both = _zip(("orders_export.csv", shopify_orders(SOLD)), ("unified_payments.csv", stripe_payments(SOLD, EXTRA)))
    _import(db_path, "exports.zip", both)
    assert _stored(db_path)[:2] == (13, SHOP_REVENUE + 99.0)
    with open_database(db_path) as db:
        paid_twice = db.execute("SELECT order_id FROM payment_matches GROUP BY order_id HAVING count(*) > 1").fetchall()
    assert paid_twice == []


def test_what_the_analysis_reads_gives_the_analysis_of_all_stored_orders_and_lines(db_path):
    """The analysis reads fewer columns, and lines without the check that their order is stored."""
    from analytics.analysis import analyse_orders
    from bot.service.records import ANALYSIS_ITEM_FIELDS, ANALYSIS_ORDER_FIELDS, load_items

    _import(db_path, "unified_payments.csv", stripe_payments(SOLD, EXTRA))
    _import(db_path, "orders_export.csv", shopify_orders(SOLD))
    everything = analyse_orders(service.load_orders(db_path, 1), items=load_items(db_path, 1))
    analysis_items = load_items(db_path, 1, ANALYSIS_ITEM_FIELDS, orders_only=False)
    read = analyse_orders(service.load_orders(db_path, 1, ANALYSIS_ORDER_FIELDS),
                          items=analysis_items)
    assert everything.summary == read.summary
    assert everything.scores.equals(read.scores)
    assert len(analysis_items) >= len(load_items(db_path, 1)) > 0
