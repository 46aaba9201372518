"""Marketplaces: Amazon Seller Central order reports (tab-separated) and eBay's orders report.

Facts from docs/formats.md section 5. Amazon: hyphenated lower-case headers, one row per
item, ISO times with offsets; only the order reports carry a buyer (a relay e-mail), the "All
Orders" report has none and is refused with that reason. eBay: a blank line above the header,
summary row plus item rows per order, footer lines, "$45.99" money and "Jul-21-25" dates.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_, MissingColumns
from analytics.ingest.canonical import Export
from analytics.ingest.readers.base import ColumnReader, column, filled


class AmazonOrdersReader(ColumnReader):
    platform = "amazon"
    signature = ("purchase-date", "sku", "currency", "item-price")
    aliases = {
        "order_id": ("amazon-order-id", "order-id"),
        "email": ("buyer-email",),
        "name": ("buyer-name",),
        "ordered_at": ("purchase-date",),
        "total": ("item-price",),
        "currency": ("currency",),
        "status": ("item-status", "order-status"),
        "product": ("product-name",),
        "sku": ("sku",),
        "quantity": ("quantity", "quantity-purchased"),
        "country": ("ship-country",),
        "channel": ("sales-channel",),
    }

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        if not filled(column(table, "buyer-email")).any() and not filled(column(table, "buyer-name")).any():
            raise MissingColumns(
                N_("“{file}” is Amazon's All Orders report, which names no buyer, so customers cannot be told "
                   "apart. Download the Orders report instead (Seller Central → Reports → Order Reports), which "
                   "has buyer-email."), file=file_name)
        return super().read(table, file_name)


class EbayOrdersReader(ColumnReader):
    platform = "ebay"
    signature = ("Sales Record Number", "Order Number", "Buyer Username", "Sale Date", "Total Price")
    aliases = {
        "order_id": ("Order Number", "Sales Record Number"),
        "customer_id": ("Buyer Username",),
        "email": ("Buyer Email",),
        "name": ("Buyer Name",),
        "ordered_at": ("Sale Date",),
        "total": ("Total Price",),
        "product": ("Item Title",),
        "sku": ("Custom Label", "Item Number"),
        "quantity": ("Quantity",),
        "unit_price": ("Sold For",),
        "country": ("Buyer Country",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        order = column(table, "Order Number").fillna(column(table, "Sales Record Number"))
        footer = order.str.contains(r"record\(s\) downloaded|Seller ID", case=False, na=False)
        table = table[(filled(order) & ~footer).to_numpy()].copy()
        sale = column(table, "Sale Date").str.strip()
        parsed = pd.to_datetime(sale, format="%b-%d-%y", errors="coerce")
        parsed = parsed.fillna(pd.to_datetime(sale, format="%d-%b-%y", errors="coerce"))
        table["Sale Date"] = parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), sale)
        # Item rows of a multi-item order carry no total; the summary row holds it.
        return table
