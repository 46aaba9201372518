"""Youzan (有赞) store order export.

Facts from docs/formats.md section 6 (one third-party importer's data dictionary, no raw export
seen): 订单号, 订单创建时间, 订单实付金额, 买家手机号 (often masked, 138****8888), the receiver in
收货人/提货人, 收货人手机号/提货人手机号, 收货人省份, 收货人城市 and 详细收货地址/提货地址, the
products in 全部商品名称. 买家昵称 is a WeChat nickname that many buyers share, so it is not
taken as an identity.

Revenue rule: what the buyer paid, 订单实付金额. Statuses through the shared status words;
a 退款成功 in 售后状态 or 退款状态 makes the order refunded.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_
from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.readers.base import column
from analytics.ingest.readers.chinese import ChineseOrdersReader, china_time, mark_refunds, unwrap_cells

BUYER_COLUMNS = ("买家手机号", "收货人/提货人", "收货人手机号/提货人手机号", "收货人省份", "收货人城市",
                 "详细收货地址/提货地址")
_BUYER = "买家"


class YouzanOrdersReader(ChineseOrdersReader):
    platform = "youzan"
    platform_name = N_("Youzan (有赞)")
    buyer_columns = BUYER_COLUMNS
    signature = ("订单号", "订单创建时间", "订单实付金额")
    extra_columns = BUYER_COLUMNS + ("售后状态", "退款状态")
    aliases = {
        "order_id": ("订单号",),
        "customer_id": (_BUYER,),
        "ordered_at": ("订单创建时间",),
        "total": ("订单实付金额",),
        "status": ("订单状态",),
        "product": ("全部商品名称", "商品名称"),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = china_time(unwrap_cells(table), ("订单创建时间",))
        table["币种"] = "CNY"
        address = (column(table, "收货人省份").fillna("") + column(table, "收货人城市").fillna("")
                   + column(table, "详细收货地址/提货地址"))
        table[_BUYER], table[BUYER_BASIS] = buyer_keys(
            table.index,
            phones=[column(table, "买家手机号"), column(table, "收货人手机号/提货人手机号")],
            receivers=[column(table, "收货人/提货人")],
            addresses=[address],
        )
        return mark_refunds(table, ("售后状态", "退款状态"))
