"""JD (京东) POP merchant order export.

Facts from docs/formats.md section 6 (third-party importer code, no raw export seen): 订单号,
下单时间, 商品名称, 订购数量, 商家应收, 订单状态 (finished orders contain 完成), the buyer's
account in 下单帐号, 客户姓名, 联系电话 and 客户地址; several rows per order, one per product,
with the order's values repeated.

Revenue rule: what the merchant is owed, 商家应收 (应付金额, what the buyer pays, when the file
lacks it). An order is known by its 下单帐号 when written in full, else by phone, else by name
and address.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_
from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.readers.base import column
from analytics.ingest.readers.chinese import ChineseOrdersReader, china_time, mark_refunds, unwrap_cells

BUYER_COLUMNS = ("下单帐号", "联系电话", "客户姓名", "客户地址")
_BUYER = "买家"


class JdOrdersReader(ChineseOrdersReader):
    platform = "jd"
    platform_name = N_("JD (京东)")
    buyer_columns = BUYER_COLUMNS
    signature = ("订单号", "下单时间", "商家应收")
    extra_columns = BUYER_COLUMNS + ("售后状态", "退款状态")
    aliases = {
        "order_id": ("订单号",),
        "customer_id": (_BUYER,),
        "ordered_at": ("下单时间",),
        "total": ("商家应收", "应付金额"),
        "status": ("订单状态",),
        "product": ("商品名称",),
        "sku": ("商品ID", "商品编号"),
        "quantity": ("订购数量",),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = china_time(unwrap_cells(table), ("下单时间",))
        table["币种"] = "CNY"
        table[_BUYER], table[BUYER_BASIS] = buyer_keys(
            table.index,
            members=[column(table, "下单帐号")],
            phones=[column(table, "联系电话")],
            receivers=[column(table, "客户姓名")],
            addresses=[column(table, "客户地址")],
        )
        return mark_refunds(table, ("售后状态", "退款状态"))
