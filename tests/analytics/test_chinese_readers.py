"""Chinese platforms' order exports: detection, the revenue rule, refunds, masked buyers, times.

Expected values are counted by hand from the fixtures' rows (tests/helpers/chinese_exports.py),
which follow the facts in ../shared/formats/README.md section 6.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analytics.errors import MissingColumns
from analytics.ingest import read_export
from analytics.ingest.readers import choose_reader
from tests.helpers import chinese_exports as zh


@pytest.mark.parametrize("name", sorted(zh.CHINESE_FIXTURES))
def test_every_order_is_kept_under_the_best_identifier_and_a_masked_buyer_is_a_customer_of_their_own(name):
    build, file_name, _platform, orders, customers, revenue, bases = zh.CHINESE_FIXTURES[name]
    export = read_export(build(), file_name)
    assert export.skipped == {}
    assert dict(export.buyer_bases) == bases
    assert (len(export.orders), export.orders["customer_id"].nunique()) == (orders, customers)
    assert export.orders.loc[export.orders["status"] == "paid", "total"].sum() == pytest.approx(revenue)
    assert not export.orders["customer_id"].str.contains("*", regex=False).any()
    own = export.orders[export.orders["customer_id"].str.startswith("order-")]
    assert len(own) == own["customer_id"].nunique() == bases.get("order", 0)  # never two in one
    assert (export.orders["currency"] == "CNY").all()


def test_douyin_product_amount_is_a_unit_price_and_a_refunded_sub_order_leaves_its_order():
    orders = read_export(zh.douyin_orders(), "抖店订单.csv").orders.set_index("order_id")
    assert orders.loc["6900001", "total"] == pytest.approx(2 * 30.00 + 15.00)
    assert orders.loc["6900003", ["status", "total"]].tolist() == ["paid", pytest.approx(30.00)]
    assert orders.loc["6900004", "status"] == "cancelled"  # 已关闭


def test_youzan_buyers_sharing_a_nickname_are_not_one_customer():
    export = read_export(zh.youzan_workbook(), "有赞订单.xlsx")
    orders = export.orders.set_index("order_id")
    assert orders.loc["E20260506000006", "customer_id"] != orders.loc["E20260507000007", "customer_id"]
    assert orders.loc[["E20260506000006", "E20260507000007"], "status"].eq("paid").all()  # their revenue counts
    assert orders.loc["E20260505000005", "status"] == "refunded"  # 售后状态 退款成功
    assert orders.loc["E20260503000003", "status"] == "cancelled"  # 交易关闭


def test_jd_revenue_is_what_the_merchant_is_owed_once_per_order():
    export = read_export(zh.jd_orders(), "京东订单.csv")
    orders = export.orders.set_index("order_id")
    assert orders.loc["280000001", "total"] == pytest.approx(188.00)  # repeated on both product rows
    assert export.items[export.items["order_id"] == "280000001"]["product"].tolist() == ["保温杯", "杯刷"]


def test_tmall_without_member_names_knows_buyers_by_phone_and_takes_what_they_paid():
    export = read_export(zh.tmall_orders(), "天猫订单.csv")
    orders = export.orders.set_index("order_id")
    assert export.platform == "tmall"
    assert orders.loc["3100000002", "total"] == pytest.approx(45.00)
    assert orders.loc["3100000004", "status"] == "refunded"
    assert orders.loc["3100000001", "customer_id"] == orders.loc["3100000002", "customer_id"]


def test_times_with_slashes_are_beijing_time_too():
    orders = read_export(zh.douyin_orders(), "抖店订单.csv").orders.set_index("order_id")
    assert orders.loc["6900002", "ordered_at"] == pd.Timestamp("2026-06-03 12:00:00", tz="UTC")  # 2026/06/03 20:00:00


def test_1688_an_order_of_two_products_fills_its_cells_once_and_is_one_order():
    export = read_export(zh.alibaba1688_workbook(), "1688订单.xlsx")
    orders = export.orders.set_index("order_id")
    assert export.platform == "1688"
    assert orders.loc["3012345678901", ["customer_id", "total"]].tolist() == ["hzmaoyi", pytest.approx(1200.00)]
    items = export.items[export.items["order_id"] == "3012345678901"]
    assert items["product"].tolist() == ["纸箱 50 个装", "封箱胶带"] and items["quantity"].tolist() == [10, 20]
    assert orders.loc["3012345678903", "status"] == "pending"  # 退款中: not revenue until it is settled
    assert orders.loc["3012345678904", "status"] == "cancelled"  # 交易关闭
    assert orders.loc["3012345678905", "status"] == "pending"  # 等待买家付款
    assert orders.loc["3012345678901", "ordered_at"] == pd.Timestamp("2026-02-01 06:00:00", tz="UTC")


def test_1688_as_the_issue_lists_it_refund_status_and_thousands_separators():
    export = read_export(zh.alibaba1688_short_orders(), "1688订单.csv")
    orders = export.orders.set_index("order_id")
    assert export.platform == "1688"
    assert orders.loc["3012345678901", "total"] == pytest.approx(1200.00)
    assert orders.loc["3012345678903", "status"] == "refunded"
    assert orders.loc["3012345678904", "status"] == "cancelled"


PINDUODUO_FILES = {
    "utf-8 with BOM": lambda: (zh.pinduoduo_orders(), "订单导出.csv"),
    "gbk": lambda: (zh.pinduoduo_orders(encoding="gbk"), "订单导出.csv"),
    "gb18030": lambda: (zh.pinduoduo_orders(encoding="gb18030"), "订单导出.csv"),
    "xlsx": lambda: (zh.pinduoduo_workbook(), "订单导出.xlsx"),
}


@pytest.mark.parametrize("kind", sorted(PINDUODUO_FILES))
def test_pinduoduo_export_reads_the_same_in_every_encoding_and_as_a_workbook(kind):
    export = read_export(*PINDUODUO_FILES[kind]())
    assert export.platform == "pinduoduo"
    assert len(export.orders) == zh.PINDUODUO_ORDERS
    assert export.orders["customer_id"].nunique() == zh.PINDUODUO_CUSTOMERS
    paid = export.orders[export.orders["status"] == "paid"]
    assert paid["total"].sum() == pytest.approx(zh.PINDUODUO_REVENUE)
    assert (export.orders["currency"] == "CNY").all()
    assert export.skipped == {} and dict(export.buyer_bases) == zh.PINDUODUO_BASES


def test_pinduoduo_revenue_is_what_the_merchant_received_and_tabs_leave_the_order_number():
    orders = read_export(zh.pinduoduo_orders(), "订单导出.csv").orders.set_index("order_id")
    assert orders.loc["260520-607198974342301", "total"] == pytest.approx(35.60)  # the buyer paid 33.60
    # written in Beijing time (UTC+8), stored in UTC
    assert orders.loc["260517-607198974342268", "ordered_at"] == pd.Timestamp("2026-05-17 02:00:00", tz="UTC")


def test_pinduoduo_after_sale_refund_and_cancelled_orders_are_not_revenue():
    orders = read_export(zh.pinduoduo_orders(), "订单导出.csv").orders.set_index("order_id")
    assert orders.loc["260521-607198974342355", "status"] == "refunded"  # 售后状态 退款成功
    assert orders.loc["260522-607198974342400", "status"] == "cancelled"  # 已取消
    assert orders.loc["260525-607198974342533", "status"] == "paid"  # 待发货: paid, not yet sent


def test_two_masked_buyers_never_become_one_customer_and_an_address_identifies():
    export = read_export(zh.pinduoduo_orders(), "订单导出.csv")
    orders = export.orders.set_index("order_id")
    hidden = orders.loc[["260523-607198974342466", "260524-607198974342500"], "customer_id"]
    assert hidden.str.startswith("order-").all() and hidden.nunique() == 2
    assert not orders["customer_id"].str.contains("*", regex=False).any()
    # 赵敏's phone is masked, her name and address are not: her order is hers, under a key that is
    # neither the masked phone nor the address itself
    zhao = orders.loc["260525-607198974342533", "customer_id"]
    assert zhao.startswith("addr-") and "人民南路" not in zhao
    assert orders.loc["260517-607198974342268", "customer_id"] == orders.loc["260520-607198974342301", "customer_id"]


def test_pinduoduo_empty_deal_time_falls_back_to_the_day_in_the_order_number_and_says_so():
    export = read_export(zh.pinduoduo_orders(deal_time=False), "订单导出.csv")
    orders = export.orders.set_index("order_id")
    assert orders.loc["260520-607198974342301", "ordered_at"] == pd.Timestamp("2026-05-20", tz="UTC")
    assert len(export.orders) == zh.PINDUODUO_ORDERS
    assert any("order number" in note and f"{zh.PINDUODUO_ORDERS} orders" in note for note in export.notes)


def test_pinduoduo_payment_time_is_used_when_the_deal_time_is_empty():
    text = zh.pinduoduo_orders(deal_time=False).decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[0] += ",支付时间"
    lines[1] += ",2026-05-16 23:59:00"
    export = read_export("\r\n".join(lines).encode("utf-8-sig"), "订单导出.csv")
    orders = export.orders.set_index("order_id")
    assert orders.loc["260517-607198974342268", "ordered_at"] == pd.Timestamp("2026-05-16 15:59:00", tz="UTC")
    assert any(f"{zh.PINDUODUO_ORDERS - 1} orders" in note for note in export.notes)


def test_pinduoduo_without_any_order_time_is_refused_clearly():
    rows = zh.pinduoduo_rows(deal_time=False)
    for row in rows:
        row["订单号"] = "A" + row["订单号"].strip().replace("-", "")
    header = zh.PINDUODUO_HEADER + zh.PINDUODUO_BUYER_HEADER
    data = zh._csv(header, rows).encode("utf-8-sig")
    with pytest.raises(MissingColumns, match="订单成交时间"):
        read_export(data, "订单导出.csv")


@pytest.mark.parametrize("name", sorted(zh.CHINESE_FIXTURES))
def test_an_export_whose_buyer_columns_are_all_empty_is_refused_with_what_to_export(name):
    build, file_name, platform, *_ = zh.CHINESE_FIXTURES[name]
    table = _table(build(), file_name)
    reader = choose_reader(list(table.columns))
    assert reader.platform == platform
    for column in reader.buyer_columns:
        if column in table.columns:
            table[column] = ""
    with pytest.raises(MissingColumns, match="buyer columns"):
        read_export(table.to_csv(index=False).encode("utf-8-sig"), "export.csv")


def _table(data: bytes, file_name: str) -> pd.DataFrame:
    """The fixture as a table of strings, read without our reader."""
    if file_name.endswith(".xlsx"):
        return pd.read_excel(io.BytesIO(data), dtype=str).fillna("")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(io.StringIO(data.decode(encoding)), dtype=str, keep_default_na=False)
        except UnicodeDecodeError:
            continue
    raise AssertionError(file_name)


def test_pinduoduo_without_buyer_columns_is_refused_with_what_to_export():
    with pytest.raises(MissingColumns, match="收货人"):
        read_export(zh.pinduoduo_orders(buyers=False), "订单导出.csv")
