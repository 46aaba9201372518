"""Chinese marketplace exports: the Taobao and Tmall seller order reports (订单报表), and what
every Chinese reader shares (cells wrapped for Excel, refunds written in an after-sale column).

Facts from docs/formats.md section 6 (third-party reproductions, GBK encoded): one row per
order, the buyer known by member name (买家会员名), statuses such as 交易成功 / 交易关闭,
refunds in 退款金额. Other Chinese spreadsheets fall to the generic reader's Chinese names.

An order of several products has one row whose 宝贝标题 joins their titles, and 宝贝种类 says
how many different products there are. We split the titles at the full-width comma "，" (how
we understand the report joins them; not seen in a raw export) only when that gives exactly
宝贝种类 parts, so a single title with a comma in it is never cut, and each product becomes an
item for /basket. The quantity of each is known only when every product was bought once.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_, Message, MissingColumns
from analytics.ingest.buyers import BUYER_BASIS, buyer_keys
from analytics.ingest.canonical import Export
from analytics.ingest.readers.base import ColumnReader, column, filled


class ChineseOrdersReader(ColumnReader):
    """A Chinese platform's export, whose buyers are known only by the columns in
    `buyer_columns`: a file in which all of them are empty is refused with what to export,
    rather than imported as orders of nobody."""

    buyer_columns: tuple[str, ...] = ()
    platform_name = ""

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        if self.buyer_columns and not any(filled(column(table, name)).any() for name in self.buyer_columns):
            raise MissingColumns(
                N_("“{file}” is a {platform} order export without the buyer columns ({buyers}), so I cannot tell "
                   "one customer from another. Export the orders again with the buyer's details included and "
                   "resend."),
                file=file_name, platform=Message(self.platform_name), buyers=", ".join(self.buyer_columns),
            )
        return super().read(table, file_name)


class TaobaoOrdersReader(ColumnReader):
    platform = "taobao"
    signature = ("订单编号", "买家会员名", "订单状态", "订单创建时间")
    extra_columns = ("订单付款时间", "宝贝种类")
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
        table = unwrap_cells(table)
        if "币种" not in table.columns:
            table["币种"] = "CNY"
        paid_at = column(table, "订单付款时间")
        table["订单付款时间"] = paid_at.fillna(column(table, "订单创建时间"))
        return _one_row_per_product(china_time(table, ("订单付款时间", "订单创建时间")))


class TmallOrdersReader(ChineseOrdersReader):
    """Tmall's order report as a public importer maps it (docs/formats.md section 6): like
    Taobao's but without 买家会员名, so buyers are known by their phone (联系手机) or by receiver
    name and address (收货人姓名, 收货地址). Revenue rule: what the buyer paid, 买家实际支付金额,
    else 买家应付货款; 退款金额 is taken off."""

    platform = "tmall"
    platform_name = N_("Tmall (天猫)")
    buyer_columns = ("联系手机", "收货人姓名", "收货地址")
    signature = ("订单编号", "订单创建时间", "买家应付货款", "收货地址")
    extra_columns = ("订单付款时间",) + buyer_columns
    aliases = {
        "order_id": ("订单编号",),
        "customer_id": ("买家",),
        "ordered_at": ("订单付款时间", "订单创建时间"),
        "total": ("买家实际支付金额", "买家应付货款"),
        "status": ("订单状态",),
        "refunded_amount": ("退款金额",),
        "product": ("商品标题", "宝贝标题"),
        "quantity": ("宝贝总数量", "购买数量"),
        "currency": ("币种",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = unwrap_cells(table)
        table["币种"] = "CNY"
        paid_at = column(table, "订单付款时间")
        table["订单付款时间"] = paid_at.fillna(column(table, "订单创建时间"))
        table["买家"], table[BUYER_BASIS] = buyer_keys(
            table.index, phones=[column(table, "联系手机")], receivers=[column(table, "收货人姓名")],
            addresses=[column(table, "收货地址")])
        return china_time(table, ("订单付款时间", "订单创建时间"))


_LOCAL_TIME = r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?$"


def china_time(table: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Order times as Chinese back offices write them (Beijing time, no offset, "-" or "/"),
    marked +08:00 so they are stored in UTC like every other platform's; bare dates stay dates."""
    table = table.copy()
    for name in names:
        if name in table.columns:
            text = table[name].astype("string").str.strip().str.replace("/", "-", regex=False)
            table[name] = text.where(~text.str.match(_LOCAL_TIME).fillna(False).astype(bool), text + "+08:00")
    return table


def mark_refunds(table: pd.DataFrame, after_sale_columns: tuple[str, ...]) -> pd.DataFrame:
    """An order whose after-sale or refund column says 退款成功 was refunded, whatever 订单状态 says."""
    refunded = pd.Series(False, index=table.index)
    for name in after_sale_columns:
        refunded |= column(table, name).str.contains("退款成功", regex=False).fillna(False).astype(bool)
    table = table.copy()
    table["订单状态"] = column(table, "订单状态").mask(refunded, "已退款")
    return table


def unwrap_cells(table: pd.DataFrame) -> pd.DataFrame:
    """Cells as Chinese back offices write them so Excel keeps long numbers as text: ="123",
    a leading tab or apostrophe ("\t260517-6071…"); the value inside is kept."""
    table = table.copy()
    for name in table.columns:
        text = table[name].astype("string").str.replace(r'^\s*="(.*)"\s*$', r"\1", regex=True)
        table[name] = text.str.strip(" \t\u3000").str.lstrip("'")
    return table


TITLE_JOINER = "，"


def _one_row_per_product(table: pd.DataFrame) -> pd.DataFrame:
    """Repeat an order's row once per product its joined 宝贝标题 names (order fields repeated)."""
    if "宝贝标题" not in table.columns:
        return table
    titles = table["宝贝标题"].astype("string")
    kinds = pd.to_numeric(column(table, "宝贝种类"), errors="coerce").astype(float)
    parts = titles.str.split(TITLE_JOINER).map(
        lambda pieces: [piece.strip() for piece in pieces if piece.strip()], na_action="ignore")
    count = parts.map(lambda pieces: float(len(pieces)) if isinstance(pieces, list) else float("nan"))
    joined = ((kinds > 1) & (count == kinds)).astype(bool)
    if not joined.any():
        return table
    table = table.copy()
    table["宝贝标题"] = parts.where(joined, titles.map(lambda title: [title], na_action="ignore"))
    total_quantity = pd.to_numeric(column(table, "宝贝总数量"), errors="coerce").astype(float)
    once_each = (total_quantity == kinds).map({True: "1", False: pd.NA})
    table["宝贝总数量"] = column(table, "宝贝总数量").where(~joined, once_each)
    return table.explode("宝贝标题")
