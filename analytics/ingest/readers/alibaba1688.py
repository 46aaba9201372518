"""1688 (阿里巴巴批发) seller order export.

Facts: only the issue's list (订单号, 下单时间, 实付款, 买家, 退款状态); no public export or
importer code was found, so every fact here is unconfirmed (docs/formats.md section 6). 买家 is
the buying company's 1688 member name, which identifies it.

Revenue rule: what the buyer paid, 实付款. A 退款成功 in 退款状态 makes the order refunded;
other statuses through the shared status words.
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.readers.base import column
from analytics.ingest.readers.chinese import ChineseOrdersReader, china_time, mark_refunds, unwrap_cells

_BUYER = "买家标识"


class Alibaba1688OrdersReader(ChineseOrdersReader):
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
