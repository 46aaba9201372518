"""Every platform reader on a fixture in that platform's real layout (see tests/helpers)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from analytics.analysis import analyse_orders
from analytics.baskets import bought_together
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
    assert profiles.values.tolist() == [["ann@example.com", "Ann Lee", 1, None], ["subscriber@example.com", None, 0, None]]


def test_shopify_customers_export_keeps_each_customer_id_a_spreadsheet_left_readable():
    # formats §1.2: the newest layout starts with Customer ID, written '9013808660771 (apostrophe);
    # Excel turns it into 7.02255E+12, which is nobody's id any more.
    content = platform_exports.shopify_customers({"buyer0@example.com": "'9013808660771",
                                                  "buyer1@example.com": "7.02255E+12", "buyer2@example.com": ""})
    ids = read_export(content, "customers_export.csv").profiles.set_index("email")["platform_customer_id"]
    assert ids.to_dict() == {"buyer0@example.com": "9013808660771", "buyer1@example.com": None,
                             "buyer2@example.com": None}


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
    assert set(orders.orders["customer_id"]) == {"patuser28", "sam example", "kim77"}
    assert set(items.orders["customer_id"]) == {"patuser28", "sam example"}  # the guest by delivery name


def test_etsy_refunds_come_from_the_adjusted_columns():
    orders = read_export(platform_exports.etsy_sold_orders(), "EtsySoldOrders2019.csv").orders.set_index("order_id")
    assert orders.loc["1470000002", "status"] == "refunded"  # Adjusted Net Order Amount 0.00
    assert orders.loc["1470000003", ["status", "total"]].tolist() == ["paid", pytest.approx(4.59 + 0.40)]
    assert orders.loc["1454026116", ["status", "total"]].tolist() == ["paid", 38.0]


def test_etsy_zeros_in_every_adjusted_column_mean_no_refund():
    orders = read_export(platform_exports.etsy_sold_orders(zeros_when_untouched=True), "EtsySoldOrders2020.csv").orders
    orders = orders.set_index("order_id")
    assert orders.loc["1454026116", ["status", "total"]].tolist() == ["paid", 38.0]
    assert orders.loc["1460000001", ["status", "total"]].tolist() == ["paid", 40.0]
    assert orders.loc["1470000003", ["status", "total"]].tolist() == ["paid", pytest.approx(4.99)]


def test_etsy_items_alone_keep_shipping_and_say_what_they_cannot_know():
    export = read_export(platform_exports.etsy_sold_order_items(), "EtsySoldOrderItems2019.csv")
    totals = export.orders.set_index("order_id")["total"].to_dict()
    assert totals == {"1454026116": 38.0, "1455338276": 20.0, "1460000001": 40.0}  # items + shipping
    assert any("cannot know refunds" in note for note in export.notes)


@pytest.mark.parametrize("items_first", [False, True])
def test_etsy_items_file_never_changes_an_orders_total_or_revenue(items_first):
    files = [(platform_exports.etsy_sold_orders(), "EtsySoldOrders2019.csv"),
             (platform_exports.etsy_sold_order_items(), "EtsySoldOrderItems2019.csv")]
    both = read_exports(files[::-1] if items_first else files)
    alone = read_export(*files[0])
    columns = ["order_id", "customer_id", "total", "status"]
    assert both.orders.sort_values("order_id")[columns].values.tolist() == (
        alone.orders.sort_values("order_id")[columns].values.tolist())
    assert both.orders["customer_id"].nunique() == 3
    assert len(both.items) == 4
    assert not any("cannot know refunds" in note for note in both.notes)


def test_etsy_guest_known_by_another_name_in_the_items_file_stays_one_customer():
    """The guest's delivery name differs from the orders file's Full Name; the order both files
    hold shows they are one buyer, so an order only the items file has goes to the same customer."""
    orders = platform_exports.etsy_sold_orders()
    items = platform_exports.etsy_sold_order_items().replace(b"Sam Example", b"S. Example")
    extra = b'07/09/19,Pen,,1,3,,,0,0,2,0,3,USD,9,,,,S. Example,,,,,,,1480000009,,,,,,,,\n'
    export = read_exports([(orders, "EtsySoldOrders2019.csv"), (items + extra, "EtsySoldOrderItems2019.csv")])
    owners = export.orders.set_index("order_id")["customer_id"]
    assert owners["1480000009"] == owners["1455338276"] == "sam example"
    assert export.orders["customer_id"].nunique() == 3


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


def test_online_retail_credit_note_reverses_the_purchase_and_float_customer_ids():
    export = read_export(platform_exports.online_retail(), "online_retail_II.csv")
    orders = export.orders.set_index("order_id")
    assert "C489449" not in orders.index  # a credit note is not an order of its own
    assert orders.loc["489437", ["status", "total"]].tolist() == ["refunded", 0.0]
    assert set(orders["customer_id"]) == {"13085", "16321"}
    assert analyse_orders(export.orders, items=export.items).summary["customers"] == 1  # 16321 paid nothing
    assert "DOORMAT RED" not in export.items["product"].tolist()  # nothing left of it for /basket


UCI_HEADER = b"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


def test_online_retail_credit_notes_net_by_product_then_by_amount():
    """Hand-worked: customer 1 buys 10 mugs at 2.00 and a lamp at 30.00 (50.00) then a vase for
    8.00; C1 returns 4 mugs (-8.00, the same product); C2 takes off a 5.00 "Discount" line that no
    product matches, from the latest earlier order (the vase, 8.00 -> 3.00). Net: 42.00 + 3.00."""
    content = UCI_HEADER + (
        b"5001,M1,MUG,10,12/1/10 9:00,2.00,1,United Kingdom\n"
        b"5001,L1,LAMP,1,12/1/10 9:00,30.00,1,United Kingdom\n"
        b"5002,V1,VASE,1,12/2/10 9:00,8.00,1,United Kingdom\n"
        b"C5003,M1,MUG,-4,12/3/10 9:00,2.00,1,United Kingdom\n"
        b"C5004,D,Discount,-1,12/4/10 9:00,5.00,1,United Kingdom\n"
        b"5005,M1,MUG,1,12/5/10 9:00,2.00,2,United Kingdom\n"
    )
    export = read_export(content, "OnlineRetail.csv")
    totals = export.orders.set_index("order_id")["total"].to_dict()
    assert totals == {"5001": 42.0, "5002": 3.0, "5005": 2.0}
    assert export.items.set_index(["order_id", "sku"]).loc[("5001", "M1"), "quantity"] == 6
    plain_net = 10 * 2 + 30 + 8 - 4 * 2 - 5 + 2  # the documented rule as a plain sum
    assert sum(totals.values()) == plain_net


def test_online_retail_credit_note_takes_off_the_product_at_its_own_price():
    """UCI customer 15098 (formats §7.1; the rows as published): StockCode 22502 is a small basket
    at 4.95 and a set of 60 at 649.50. The 60 small baskets are returned (C556448), a Manual
    credit of 38,970.00 (C556445) reverses the first set of 60; what was kept is the single set at
    649.50: 297.00 + 38,970.00 - 38,970.00 + 649.50 - 297.00 = 649.50, by hand."""
    content = UCI_HEADER + (
        b"556442,22502,PICNIC BASKET WICKER SMALL,60,6/10/11 15:22,4.95,15098.0,United Kingdom\n"
        b"556444,22502,PICNIC BASKET WICKER 60 PIECES,60,6/10/11 15:28,649.5,15098.0,United Kingdom\n"
        b"C556445,M,Manual,-1,6/10/11 15:31,38970.0,15098.0,United Kingdom\n"
        b"556446,22502,PICNIC BASKET WICKER 60 PIECES,1,6/10/11 15:33,649.5,15098.0,United Kingdom\n"
        b"C556448,22502,PICNIC BASKET WICKER SMALL,-60,6/10/11 15:39,4.95,15098.0,United Kingdom\n"
    )
    orders = read_export(content, "OnlineRetail.csv").orders.set_index("order_id")
    assert orders["total"].to_dict() == {"556442": 0.0, "556444": 0.0, "556446": 649.5}
    assert orders.loc["556446", "status"] == "paid"


def test_online_retail_manual_credit_never_cancels_a_manual_line_of_another_amount():
    """`M` (Manual) lines carry any amount: a credit of 4 x 9.95 is 39.80 off, not four lines of
    4,161.06 (UCI customer 12536's kind of rows). Kept: 4,279.71 + 4,161.06 - 39.80 = 8,400.97."""
    content = UCI_HEADER + (
        b"570672,22000,GIFT SET,1,10/11/11 14:52,4279.71,12536.0,France\n"
        b"573077,M,Manual,1,10/27/11 14:13,4161.06,12536.0,France\n"
        b"C580263,M,Manual,-4,12/2/11 12:43,9.95,12536.0,France\n"
    )
    orders = read_export(content, "OnlineRetail.csv").orders.set_index("order_id")
    assert orders["total"].to_dict() == {"570672": 4279.71, "573077": 4121.26}
    assert round(orders["total"].sum(), 2) == 8400.97


def test_online_retail_credit_note_for_a_purchase_before_the_file_is_said_not_hidden():
    content = UCI_HEADER + (b"5001,M1,MUG,1,12/1/10 9:00,2.00,1,United Kingdom\n"
                            b"C5002,L1,LAMP,-1,12/3/10 9:00,30.00,1,United Kingdom\n")
    export = read_export(content, "OnlineRetail.csv")
    assert export.orders["status"].tolist() == ["refunded"]
    assert any("28.00 GBP reverse purchases from before this file" in note for note in export.notes)


def test_etsy_order_and_items_files_merge_the_same_either_way():
    one = read_exports([(platform_exports.etsy_sold_orders(), "o.csv"), (platform_exports.etsy_sold_order_items(), "i.csv")])
    assert len(one.orders) == 5 and len(one.items) == 4


TAOBAO_HEADER = ["订单编号", "买家会员名", "总金额", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间",
                 "宝贝标题", "宝贝种类", "宝贝总数量", "退款金额"]


def _taobao(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([TAOBAO_HEADER, *rows])
    return buffer.getvalue().encode("gbk")


def test_taobao_titles_joined_for_several_products_become_items_for_baskets():
    rows = [[str(n), f"买家{n % 3}", "128.00", "128.00", "交易成功", f"2024-05-{n:02d} 10:00:00", f"2024-05-{n:02d} 10:01:00",
             "青花瓷茶杯 手工，紫砂茶壶 宜兴", "2", "2", "0"] for n in range(1, 7)]
    rows.append(["7", "小红", "66.00", "66.00", "交易成功", "2024-05-07 10:00:00", "", "茶叶，礼盒，茶匙", "3", "5", "0"])
    export = read_export(_taobao(rows), "订单报表.csv")
    assert export.orders.set_index("order_id")["total"].to_dict()["1"] == 128.0  # the order total, once
    first = export.items[export.items["order_id"] == "1"]
    assert first["product"].tolist() == ["青花瓷茶杯 手工", "紫砂茶壶 宜兴"]
    assert first["quantity"].tolist() == [1, 1]  # two kinds, two pieces: one of each
    seventh = export.items[export.items["order_id"] == "7"]
    assert seventh["product"].tolist() == ["茶叶", "礼盒", "茶匙"] and seventh["quantity"].isna().all()
    rules = bought_together(export.items)
    assert {("青花瓷茶杯 手工",), ("紫砂茶壶 宜兴",)} <= set(rules["antecedent"])


def test_taobao_title_with_a_comma_of_its_own_stays_one_product():
    rows = [["1", "小明", "50.00", "50.00", "交易成功", "2024-05-08 10:00:00", "", "茶壶，大号", "1", "1", "0"]]
    assert read_export(_taobao(rows), "订单报表.csv").items["product"].tolist() == ["茶壶，大号"]


def test_shopify_consent_follows_time_order_even_beside_an_unreadable_time():
    from analytics.ingest.readers.shopify import marketing_consent

    email = pd.Series(["a@shop.test", "a@shop.test", "b@shop.test", "b@shop.test"], dtype="string")
    answer = pd.Series(["yes", "no", "no", "yes"], dtype="string")
    iso = pd.Series(["2024-01-02 10:00:00 -0700", "2024-01-01 10:00:00 -0700",
                     "2024-01-03 00:00:00 +0100", "2024-01-02 23:30:00 +0000"], dtype="string")
    consent = marketing_consent(email, answer, iso).set_index("email")["accepts_marketing"].to_dict()
    assert consent == {"a@shop.test": 1, "b@shop.test": 1}  # b's "yes" is 30 minutes after its "no"
    garbled = iso.where(iso.index != 1, "not a time")
    consent = marketing_consent(email, answer, garbled).set_index("email")["accepts_marketing"].to_dict()
    assert consent == {"a@shop.test": 1, "b@shop.test": 1}  # an unreadable time sorts first
