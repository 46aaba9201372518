"""Every platform reader on a fixture in that platform's real layout (see tests/helpers)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import MissingColumns
from analytics.ingest import read_export, read_exports
from tests.helpers import platform_exports
from tests.helpers.platform_exports import PLATFORM_FIXTURES


@pytest.mark.parametrize("name", sorted(PLATFORM_FIXTURES))
def test_platform_is_detected_and_read(name):
    build, file_name, platform, orders, customers, revenue = PLATFORM_FIXTURES[name]
    export = read_export(build(), file_name)
    assert export.platform == platform
    assert len(export.orders) == orders
    assert export.orders["customer_id"].nunique() == customers
    paid = export.orders[export.orders["status"] == "paid"]
    assert paid["total"].sum() == pytest.approx(revenue)
    assert str(export.orders["ordered_at"].dt.tz) == "UTC"


def test_shopify_details():
    orders = read_export(platform_exports.shopify_orders(), "orders_export_1.csv").orders.set_index("order_id")
    assert orders.loc["#1001", "ordered_at"] == pd.Timestamp("2025-12-04 06:59:28", tz="UTC")  # -0700 shop time
    assert orders.loc["#1003", ["status", "total"]].tolist() == ["paid", 60.0]
    assert orders.loc["#1004", "status"] == "cancelled"
    assert (orders["currency"] == "USD").all()
    items = read_export(platform_exports.shopify_orders(), "orders_export_1.csv").items
    assert items[items["order_id"] == "#1001"]["product"].tolist() == ["Linen Dress - M", "Linen Scarf"]


def test_shopify_test_orders_are_kept_but_never_count_as_sales():
    export = read_export(platform_exports.shopify_orders(test_order=1002), "orders_export_1.csv")
    orders = export.orders.set_index("order_id")
    assert orders.loc["#1002", "status"] == "pending"
    assert orders.loc["#1001", "status"] == "paid"
    assert "1 test order (Bogus Gateway) kept but not counted as sales." in export.notes
    assert not read_export(platform_exports.shopify_orders(), "orders_export_1.csv").notes


def test_shopify_customers_export_gives_names_and_consent_but_no_orders():
    content = (b"First Name,Last Name,Email,Accepts Email Marketing,Company,Total Spent,Total Orders\n"
               b"Ann,Lee,Ann@Example.com,yes,,55.90,3\n,,subscriber@example.com,no,,0.00,0\nNo,Mail,,yes,,0,0\n")
    export = read_export(content, "customers_export.csv")
    assert export.platform == "shopify-customers" and export.orders.empty
    profiles = export.profiles.astype(object).where(export.profiles.notna(), None)
    assert profiles.values.tolist() == [["ann@example.com", "Ann Lee", 1], ["subscriber@example.com", None, 0]]


def test_shopify_orders_export_carries_each_buyers_marketing_consent_from_their_newest_order():
    # formats 1.1: "Accepts Marketing" is yes/no on the order's first row; line-item rows leave it empty.
    content = (b"Name,Email,Financial Status,Accepts Marketing,Currency,Total,Created at,Lineitem quantity,"
               b"Lineitem name,Lineitem price\n"
               b"#1001,Ann@Example.com,paid,no,USD,10.00,2025-01-02 10:00:00 -0500,1,Soap,10.00\n"
               b"#1002,ann@example.com,paid,yes,USD,12.00,2025-03-02 10:00:00 -0500,1,Soap,12.00\n"
               b"#1002,ann@example.com,,,,,2025-03-02 10:00:00 -0500,1,Towel,0.00\n"
               b"#1003,bo@example.com,paid,no,USD,8.00,2025-02-02 10:00:00 -0500,1,Candle,8.00\n"
               b"#1004,,paid,yes,USD,9.00,2025-02-03 10:00:00 -0500,1,Candle,9.00\n")
    export = read_export(content, "orders_export_1.csv")
    assert export.platform == "shopify"
    consent = export.profiles.set_index("email")["accepts_marketing"].to_dict()
    assert consent == {"ann@example.com": 1, "bo@example.com": 0}
    assert export.profiles["name"].isna().all()


def test_amazon_all_orders_report_without_buyers_is_refused_with_the_reason():
    with pytest.raises(MissingColumns, match="names no buyer"):
        read_export(platform_exports.amazon_orders(buyer=False), "all-orders.txt")


def test_etsy_items_file_is_partial_and_names_customers_like_the_orders_file():
    orders = read_export(platform_exports.etsy_sold_orders(), "EtsySoldOrders2019.csv")
    items = read_export(platform_exports.etsy_sold_order_items(), "EtsySoldOrderItems2019.csv")
    assert items.orders_are_partial and not orders.orders_are_partial
    assert set(orders.orders["customer_id"]) == set(items.orders["customer_id"]) == {"patuser28", "sam example"}


def test_stripe_test_mode_and_failed_payments_are_not_revenue():
    orders = read_export(platform_exports.stripe_payments(), "unified_payments.csv").orders.set_index("order_id")
    assert orders.loc["ch_4", "status"] == "pending"
    assert orders.loc["ch_5", "status"] == "cancelled"
    assert orders.loc["ch_2", "status"] == "refunded"
    assert (orders["currency"] == "USD").all()


def test_paypal_times_are_converted_from_the_named_zone():
    orders = read_export(platform_exports.paypal_activity(), "Download.CSV").orders.set_index("order_id")
    assert orders.loc["5WW43684F45789843", "ordered_at"] == pd.Timestamp("2022-04-04 14:36:53", tz="UTC")


def test_square_walk_ins_are_skipped_and_counted():
    export = read_export(platform_exports.square_items(), "items.csv")
    assert export.skipped == {"no customer (id, e-mail or name)": 1}
    assert export.orders["ordered_at"].iloc[0] == pd.Timestamp("2026-07-18 16:48:07", tz="UTC")


def test_online_retail_cancellations_and_float_customer_ids():
    orders = read_export(platform_exports.online_retail(), "online_retail_II.csv").orders.set_index("order_id")
    assert orders.loc["C489449", "status"] == "cancelled"
    assert set(orders["customer_id"]) == {"13085", "16321"}


def test_etsy_order_and_items_files_merge_the_same_either_way():
    one = read_exports([(platform_exports.etsy_sold_orders(), "o.csv"), (platform_exports.etsy_sold_order_items(), "i.csv")])
    assert len(one.orders) == 3 and len(one.items) == 4
