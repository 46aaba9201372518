"""1688 (阿里巴巴批发) order export.

Facts (docs/formats.md section 6): the order list's Excel export ("历史订单", 49 columns) as four
independent public importers quote it, the first 32 in the same order: 订单编号, 买家公司名,
买家会员名, 卖家公司名, 卖家会员名, 货品总价(元), 运费(元), 涨价或折扣(元), 实付款(元), 订单状态,
订单创建时间, 订单付款时间, … 收货人姓名, 收货地址, 邮编, 联系电话, 联系手机, 货品标题, 单价(元),
数量 …. One row per product; an order of several products fills its order cells only on its
first row (merged cells in the workbook), so those cells are carried down to its other rows. One
importer writes 运费 and 实付款 without "(元)". Statuses seen: 等待买家付款, 退款中, 交易关闭 (left
out by an importer), 交易成功. The importers read the buyer's side of the export (purchases); that
the seller's side has the same layout is our assumption, since the header names both parties.

Revenue rule: what the buyer paid, 实付款(元) (货品总价 + 运费 + 涨价或折扣), once per order.
The buyer is the 1688 member (买家会员名), else the company (买家公司名), else a full phone or the
receiver and address (analytics.ingest.buyers).

The issue's shorter list (订单号, 下单时间, 实付款, 买家, 退款状态) was found in no public code;
it is read too, unconfirmed, by `Alibaba1688ShortOrdersReader`.
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.readers.base import column
from analytics.ingest.readers.chinese import ChineseOrdersReader, china_time, mark_refunds, unwrap_cells

_BUYER = "买家标识"
# Cells an order fills once, on its first product row (the export merges them over the others).
_ORDER_CELLS = ("订单编号", "买家公司名", "买家会员名", "卖家公司名", "卖家会员名", "货品总价(元)", "运费(元)", "运费",
                "涨价或折扣(元)", "实付款(元)", "实付款", "订单状态", "订单创建时间", "订单付款时间", "发货方", "收货人姓名",
                "收货地址", "邮编", "联系电话", "联系手机")


class Alibaba1688OrdersReader(ChineseOrdersReader):
    platform = "1688"
    platform_name = "1688"
    buyer_columns = ("买家会员名", "买家公司名", "联系手机", "收货人姓名")
    signature = ("订单编号", "买家会员名", "卖家会员名", "订单创建时间", "货品标题")
    extra_columns = _ORDER_CELLS + buyer_columns
    aliases = {
        "order_id": ("订单编号",),
        "customer_id": (_BUYER,),
        "ordered_at": ("订单付款时间", "订单创建时间"),
        "total": ("实付款(元)", "实付款"),
        "status": ("订单状态",),
        "product": ("货品标题",),
        "sku": ("SKU ID", "货号"),
        "quantity": ("数量",),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = unwrap_cells(table)
        table = _carry_order_cells_down(table)
        paid_at = column(table, "订单付款时间")
        table["订单付款时间"] = paid_at.fillna(column(table, "订单创建时间"))
        table = china_time(table, ("订单付款时间", "订单创建时间"))
        table["币种"] = "CNY"
        table[_BUYER], table[BUYER_BASIS] = buyer_keys(
            table.index, members=[column(table, "买家会员名"), column(table, "买家公司名")],
            phones=[column(table, "联系手机"), column(table, "联系电话")],
            receivers=[column(table, "收货人姓名")], addresses=[column(table, "收货地址")])
        return table


def _carry_order_cells_down(table: pd.DataFrame) -> pd.DataFrame:
    """A product row without an order number belongs to the order above it: give it that
    order's cells (only where the number is empty, so two orders never mix)."""
    number = column(table, "订单编号")
    follows = (number.isna() | (number.str.strip() == "")).fillna(True).astype(bool)
    if not follows.any():
        return table
    table = table.copy()
    group = (~follows).cumsum()
    for name in table.columns:
        if name in _ORDER_CELLS:
            table[name] = table[name].where(~follows, table[name].groupby(group).transform("first"))
    return table


class Alibaba1688ShortOrdersReader(ChineseOrdersReader):
    """The issue's list of 1688 columns (unconfirmed: no public export or importer has it).
    Revenue rule: 实付款; a 退款成功 in 退款状态 makes the order refunded."""

    platform = "1688"
    platform_name = "1688"
    buyer_columns = ("买家",)
    signature = ("订单号", "下单时间", "实付款", "买家", "退款状态")
    extra_columns = ("买家", "退款状态")
    aliases = {
        "order_id": ("订单号",),
        "customer_id": (_BUYER,),
        "ordered_at": ("下单时间",),
        "total": ("实付款",),
        "status": ("订单状态",),
        "product": ("货品标题", "商品名称"),
        "quantity": ("数量",),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = china_time(unwrap_cells(table), ("下单时间",))
        table["币种"] = "CNY"
        table[_BUYER], table[BUYER_BASIS] = buyer_keys(table.index, members=[column(table, "买家")])
        return mark_refunds(table, ("退款状态",))
