"""Douyin shop (抖店) order export: one row per sub-order (子订单编号) of a main order (主订单编号).

Facts from docs/formats.md section 6 (third-party importer code, no raw export seen): 主订单编号
holds several 子订单编号, one product each; 商品金额 is the product's unit price and 商品数量 its
quantity; 订单应付金额 is what the buyer pays; times in 订单提交时间 and 支付完成时间; 订单状态
and 售后状态 per sub-order. Buyers by 买家手机号 (masked in many exports) or the receiver.

Revenue rule: what the buyer paid, 订单应付金额 (the shared build reads it once per main order
when every sub-order repeats it, else adds the sub-orders up); unit price × quantity when the file
lacks it. A sub-order refunded after sale (退款成功) or closed leaves the order; an order whose
every sub-order is refunded or closed is kept as refunded or cancelled.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_
from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.readers.base import column, filled
from analytics.ingest.readers.chinese import ChineseOrdersReader, china_time, mark_refunds, unwrap_cells
from analytics.ingest.values import known_status

BUYER_COLUMNS = ("买家手机号", "收件人", "收件人手机号", "详细地址", "收货地址")
_BUYER = "买家"


class DouyinOrdersReader(ChineseOrdersReader):
    platform = "douyin"
    platform_name = N_("Douyin shop (抖店)")
    buyer_columns = BUYER_COLUMNS
    signature = ("主订单编号", "子订单编号", "商品数量")
    extra_columns = BUYER_COLUMNS + ("售后状态", "订单状态")
    aliases = {
        "order_id": ("主订单编号",),
        "customer_id": (_BUYER,),
        "ordered_at": ("支付完成时间", "订单提交时间"),
        "total": ("订单应付金额",),
        "status": ("订单状态",),
        "product": ("选购商品", "商品名称"),
        "sku": ("商品ID", "商家编码"),
        "quantity": ("商品数量",),
        "unit_price": ("商品金额",),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = unwrap_cells(table)
        table["币种"] = "CNY"
        paid_at = column(table, "支付完成时间")
        if "支付完成时间" in table.columns:
            table["支付完成时间"] = paid_at.where(filled(paid_at), column(table, "订单提交时间"))
        table[_BUYER], table[BUYER_BASIS] = buyer_keys(
            table.index,
            phones=[column(table, "买家手机号"), column(table, "收件人手机号")],
            receivers=[column(table, "收件人")],
            addresses=[column(table, "详细地址"), column(table, "收货地址")],
        )
        table = mark_refunds(china_time(table, ("支付完成时间", "订单提交时间")), ("售后状态",))
        meaning = table["订单状态"].map(lambda word: known_status(word) if isinstance(word, str) else None)
        live = ~meaning.isin(["refunded", "cancelled"]).to_numpy()
        order = column(table, "主订单编号")
        has_live = pd.Series(live, index=table.index).groupby(order.fillna("")).transform("any").to_numpy()
        return table[live | ~has_live]
