"""Chinese marketplace exports: the Taobao/Tmall seller order report (订单报表).

Facts from ../shared/formats section 6 (third-party reproductions, GBK encoded): one row per
order, the buyer known by member name (买家会员名), statuses such as 交易成功 / 交易关闭,
refunds in 退款金额. Other Chinese spreadsheets fall to the generic reader's Chinese names.
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.readers.base import ColumnReader, column


class TaobaoOrdersReader(ColumnReader):
    platform = "taobao"
    signature = ("订单编号", "买家会员名", "订单状态", "订单创建时间")
    extra_columns = ("订单付款时间",)
    aliases = {
        "order_id": ("订单编号",),
        "customer_id": ("买家会员名",),
        "name": ("收货人姓名",),
        "ordered_at": ("订单付款时间", "订单创建时间"),
        "total": ("买家实际支付金额", "总金额"),
        "status": ("订单状态",),
        "refunded_amount": ("退款金额",),
        "product": ("宝贝标题",),
        "quantity": ("宝贝总数量",),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        for name in table.columns:  # Taobao wraps numbers as ="123" so Excel keeps them as text
            table[name] = table[name].astype("string").str.replace(r'^="(.*)"$', r"\1", regex=True)
        if "币种" not in table.columns:
            table["币种"] = "CNY"
        paid_at = column(table, "订单付款时间")
        table["订单付款时间"] = paid_at.fillna(column(table, "订单创建时间"))
        return table
