"""Pinduoduo (拼多多) merchant back office order export (订单查询 → 导出, 订单明细).

Facts from docs/formats.md section 6 (third-party importer code and test fixtures, no raw
export seen): one row per order with 订单号 like 260517-607198974342268 (its first six digits
are the day the order was placed), 商品 and 商品数量(件), 订单状态 (待发货, 已发货，待签收,
已签收, 已收货, 已取消), 售后状态 (无售后或售后取消, 售后处理中, 退款成功), amounts in 元 with
the merchant's share in 商家实收金额(元) and the buyer's payment in 用户实付金额(元). Buyers
appear only as 收货人 / 手机 / 省 市 区 详细地址, which Pinduoduo masks (张**, 138****1234).

Revenue rule: what the merchant received, 商家实收金额(元) (the buyer's 用户实付金额(元) when the
file lacks it). An order whose 售后状态 is 退款成功 was refunded.

Order time: 订单成交时间, which some exports leave empty in the whole file; then 支付时间,
拼单成功时间 or 订单确认时间 when the file has them, else the day written in the order number
(said in a note). A file with none of them is refused. Times are Beijing time (UTC+8).
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_, MissingColumns, counted
from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.canonical import Export
from analytics.ingest.readers.base import column, filled
from analytics.ingest.readers.chinese import ChineseOrdersReader, china_time, mark_refunds, unwrap_cells

ORDER_TIMES = ("订单成交时间", "支付时间", "拼单成功时间", "订单确认时间")
BUYER_COLUMNS = ("收货人", "手机", "省", "市", "区", "详细地址")
_ORDER_NUMBER_DAY = r"^(\d{2})(\d{2})(\d{2})-\d{6,}$"
_BUYER = "买家"  # the column prepare() adds: the buyer key built from the buyer columns
_TIME = "下单时间"  # the column prepare() adds: the first order time the row has


class PinduoduoOrdersReader(ChineseOrdersReader):
    platform = "pinduoduo"
    platform_name = N_("Pinduoduo (拼多多)")
    buyer_columns = BUYER_COLUMNS
    signature = ("订单号", "商品", "商品数量(件)", "商家实收金额(元)")
    extra_columns = ORDER_TIMES + BUYER_COLUMNS + ("售后状态",)
    aliases = {
        "order_id": ("订单号",),
        "customer_id": (_BUYER,),
        "ordered_at": (_TIME,),
        "total": ("商家实收金额(元)", "用户实付金额(元)"),
        "status": ("订单状态",),
        "product": ("商品",),
        "sku": ("商品id",),
        "quantity": ("商品数量(件)",),
        "currency": ("币种",),
    }

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        timed = _order_time(table).notna()
        from_number = _days_in_order_numbers(table).notna()
        if not timed.any() and not from_number.any():
            raise MissingColumns(
                N_("“{file}” has no order times: 订单成交时间 is empty and the file has no 支付时间 or 拼单成功时间. "
                   "Export the orders again with 订单成交时间 and resend."), file=file_name)
        export = super().read(table, file_name)
        numbers = column(table, "订单号").str.strip(" \t'=\"")
        guessed = int(export.orders["order_id"].isin(numbers[~timed & from_number].tolist()).sum())
        if guessed:
            export.notes.append(counted(
                guessed,
                N_("{count:,} order has no order time in the file; I used the day in the order number (260517-… is "
                   "17 May 2026)."),
                N_("{count:,} orders have no order time in the file; I used the day in the order number (260517-… "
                   "is 17 May 2026)."),
            ))
        return export

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = unwrap_cells(table)
        table["币种"] = "CNY"
        table[_TIME] = _order_time(table).fillna(_days_in_order_numbers(table))
        table = china_time(table, (_TIME,))
        table[_BUYER], table[BUYER_BASIS] = buyer_keys(
            table.index,
            phones=[column(table, "手机")],
            receivers=[column(table, "收货人")],
            addresses=[_address(table)],
        )
        return mark_refunds(table, ("售后状态",))


def _order_time(table: pd.DataFrame) -> pd.Series:
    """The first of the order's times the row has, <NA> where it has none."""
    when = pd.Series(pd.NA, index=table.index, dtype="string")
    for name in ORDER_TIMES:
        values = column(table, name).str.strip(" \t")
        when = when.fillna(values.where(filled(values)))
    return when


def _days_in_order_numbers(table: pd.DataFrame) -> pd.Series:
    """The day an order number starts with (260517-… → 2026-05-17), <NA> where it has none."""
    parts = column(table, "订单号").str.strip(" \t'=\"").str.extract(_ORDER_NUMBER_DAY)
    day = "20" + parts[0] + "-" + parts[1] + "-" + parts[2]
    return day.astype("string")


def _address(table: pd.DataFrame) -> pd.Series:
    """Province, city, district and street in one text, <NA> when the street is empty."""
    street = column(table, "详细地址")
    parts = [column(table, name).fillna("") for name in ("省", "市", "区")]
    joined = parts[0] + parts[1] + parts[2] + street.fillna("")
    return joined.where(filled(street))
