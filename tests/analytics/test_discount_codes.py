"""Discount codes, from the exports that carry them to the questions that count by them.

The files are written in each platform's documented layout (../shared/formats/README.md: Shopify
1.1 `Discount Code` on an order's first row only, WooCommerce Analytics 2.3 `Coupon(s)` as
comma-joined codes) and every expected figure is worked out by hand below, not by the reader.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.catalogue import Shop
from analytics.ingest import read_export
from analytics.questions import CannotAnswer, InvalidQuery, Query, answer, from_dict, parse_question, shop_words
from tests.helpers.platform_exports import _csv, shopify_orders_with_codes

TODAY = dt.date(2025, 12, 20)


def _woo_analytics_with_coupons() -> bytes:
    header = ["Date", "Order #", "N. Revenue (formatted)", "Status", "Customer", "Customer type", "Product(s)",
              "Items sold", "Coupon(s)", "Net Sales", "Attribution"]
    rows = [
        {"Date": "2025-03-01 10:00:00", "Order #": "77", "N. Revenue (formatted)": "$100.00", "Status": "Completed",
         "Customer": "Ann Lee", "Customer type": "new", "Product(s)": "1× Desk", "Items sold": "1",
         "Coupon(s)": "summer10, welcome5", "Net Sales": "100"},
        {"Date": "2025-03-02 11:00:00", "Order #": "78", "N. Revenue (formatted)": "$45.50", "Status": "Completed",
         "Customer": "Bo Ng", "Customer type": "new", "Product(s)": "2× Mug", "Items sold": "2",
         "Coupon(s)": "welcome5", "Net Sales": "45.5"},
        {"Date": "2025-03-03 11:00:00", "Order #": "79", "N. Revenue (formatted)": "$12.00", "Status": "Completed",
         "Customer": "Cy Oh", "Customer type": "new", "Product(s)": "1× Mug", "Items sold": "1", "Net Sales": "12"},
    ]
    return _csv(header, rows).encode()


def _shop(data: bytes, name: str) -> Shop:
    export = read_export(data, name)
    return Shop.build(export.orders, export.items, None, timezone="UTC",
                      now=pd.Timestamp(TODAY.isoformat() + " 12:00", tz="UTC"))


def _ask(text: str, shop: Shop):
    parsed = parse_question(text, shop_words(shop), today=TODAY, timezone="UTC")
    assert parsed.kind == "query", (text, parsed.reason, parsed.leftover)
    return answer(parsed.query, shop)


def test_shopify_code_is_read_from_the_orders_first_row_and_case_does_not_split_it():
    orders = read_export(shopify_orders_with_codes(), "orders_export_1.csv").orders.set_index("order_id")
    assert orders["discount_code"].fillna("-").to_dict() == {
        "#2001": "SUMMER10", "#2002": "-", "#2003": "SUMMER10", "#2004": "WELCOME5", "#2005": "WELCOME5"}


def test_woocommerce_coupons_column_keeps_every_code_of_an_order():
    orders = read_export(_woo_analytics_with_coupons(), "orders.csv").orders.set_index("order_id")
    assert orders["discount_code"].fillna("-").to_dict() == {"77": "SUMMER10, WELCOME5", "78": "WELCOME5", "79": "-"}


@pytest.fixture(scope="module")
def shopify():
    return _shop(shopify_orders_with_codes(), "orders_export_1.csv")


def test_revenue_by_discount_code(shopify):
    # paid orders: SUMMER10 #2001 50 + #2003 40; WELCOME5 #2005 20 (#2004 refunded); no code #2002 30
    table = _ask("revenue by discount code", shopify).table
    assert table["USD"].to_dict() == {"": 30.0, "SUMMER10": 90.0, "WELCOME5": 20.0}


@pytest.mark.parametrize("text", ["how many orders used SUMMER10", "orders with code summer10",
                                  "用了SUMMER10的订单数", "summer10 orders this month"])
def test_orders_that_used_one_code(shopify, text):
    assert _ask(text, shopify).value == 2.0


@pytest.mark.parametrize("text, expected", [
    ("用了优惠码的订单", 3.0), ("how many orders used a discount code", 3.0), ("orders with a coupon", 3.0),
    ("orders without a discount code", 1.0), ("没用优惠券的订单有多少", 1.0),
])
def test_orders_with_any_code_or_none(shopify, text, expected):
    assert _ask(text, shopify).value == expected


def test_a_codes_revenue_customers_and_refunds(shopify):
    assert _ask("revenue from SUMMER10", shopify).value == {"USD": 90.0}
    assert _ask("customers who used welcome5", shopify).customers["customer_id"].tolist() == ["cy@example.com"]
    assert _ask("refunds with code WELCOME5", shopify).value == 1.0
    assert _ask("按优惠码统计订单数", shopify).table["value"].to_dict() == {"": 1.0, "SUMMER10": 2.0, "WELCOME5": 1.0}


def test_an_order_with_two_codes_counts_for_each_code_and_once_in_the_breakdown():
    shop = _shop(_woo_analytics_with_coupons(), "orders.csv")
    assert _ask("how many orders used welcome5", shop).value == 2.0
    assert _ask("how many orders used summer10", shop).value == 1.0
    assert _ask("orders by coupon", shop).table["value"].to_dict() == {"": 1.0, "SUMMER10, WELCOME5": 1.0,
                                                                         "WELCOME5": 1.0}


def test_a_code_the_shop_never_had_gets_no_number(shopify):
    assert parse_question("how many orders used XMAS99", shop_words(shopify), today=TODAY).kind == "unmapped"


def test_without_any_code_in_the_exports_code_questions_are_declined():
    shop = _shop(shopify_orders_with_codes(codes=False), "orders_export_1.csv")
    for query in (Query("paid_orders", with_code=True), Query("net_revenue", by="discount_code")):
        with pytest.raises(CannotAnswer):
            answer(query, shop)


def test_the_form_refuses_a_code_filter_on_figures_not_counted_over_orders():
    with pytest.raises(InvalidQuery):
        from_dict({"metric": "repeat_rate", "where": [["discount_code", "SUMMER10"]]})
    with pytest.raises(InvalidQuery):
        from_dict({"metric": "paid_orders", "with_code": "yes"})
    assert from_dict({"metric": "paid_orders", "with_code": False}).with_code is False


def test_the_reply_names_the_no_code_group_and_the_code_filter_in_both_languages(shopify):
    from bot.i18n import CHINESE, use_language
    from bot.telegram_bot.replies.questions import answer_text

    by_code = answer_text(_ask("revenue by discount code", shopify))
    assert "• no code: " in by_code and "• SUMMER10: " in by_code and "by discount code" in by_code
    assert "orders placed with a discount code" in answer_text(_ask("orders with a coupon", shopify))
    with use_language(CHINESE):
        chinese = answer_text(_ask("按优惠码统计销售额", shopify))
    assert "未用优惠码" in chinese and "no code" not in chinese


def test_a_spreadsheets_coupon_column_and_woocommerce_order_exports_carry_codes():
    sheet = (b"Order ID,Email,Date,Total,Coupon Code\n"
             b"1,ann@example.com,2025-03-01,20.00,SPRING\n"
             b"2,bo@example.com,2025-03-02,15.00,\n"
             b"3,bo@example.com,2025-03-03,30.00,spring\n")
    shop = _shop(sheet, "my_orders.csv")
    assert _ask("revenue by coupon", shop).table[""].to_dict() == {"": 15.0, "SPRING": 50.0}
    header = ["Order Number", "Order Status", "Order Date", "First Name (Billing)", "Last Name (Billing)",
              "Email (Billing)", "Item #", "Name", "Quantity", "Item Cost", "Coupon Code", "Order Total Amount"]
    rows = [  # order fields repeated on each item row (formats README 2.1)
        {"Order Number": "501", "Order Status": "Completed", "Order Date": "2018-05-01 14:32", "Email (Billing)":
         "ann@example.com", "Item #": "1", "Name": "Soap", "Quantity": "2", "Item Cost": "5.00",
         "Coupon Code": "spring10", "Order Total Amount": "22.00"},
        {"Order Number": "501", "Order Status": "Completed", "Order Date": "2018-05-01 14:32", "Email (Billing)":
         "ann@example.com", "Item #": "2", "Name": "Dish", "Quantity": "1", "Item Cost": "12.00",
         "Coupon Code": "spring10", "Order Total Amount": "22.00"},
        {"Order Number": "502", "Order Status": "Completed", "Order Date": "2018-05-02 09:00", "Email (Billing)":
         "bo@example.com", "Item #": "1", "Name": "Soap", "Quantity": "1", "Item Cost": "5.00",
         "Order Total Amount": "5.00"},
    ]
    orders = read_export(_csv(header, rows, quote_all=True).encode(), "orders.csv").orders.set_index("order_id")
    assert orders["discount_code"].fillna("-").to_dict() == {"501": "SPRING10", "502": "-"}
