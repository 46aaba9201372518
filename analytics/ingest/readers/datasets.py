"""Public retail data sets shops copy their exports from: UCI Online Retail (I and II).

Facts from ../shared/formats section 7.1: one row per invoice line, invoices starting with
"C" are cancellations (negative quantities), a quarter of the rows have no customer, prices
in GBP, customer ids read as floats by some tools ("17850.0").
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.readers.base import ColumnReader, column


class OnlineRetailReader(ColumnReader):
    platform = "online-retail"
    signature = ("StockCode", "Description", "Quantity", "InvoiceDate")
    extra_columns = ("Invoice", "InvoiceNo")
    aliases = {
        "order_id": ("Invoice", "InvoiceNo"),
        "customer_id": ("Customer ID", "CustomerID"),
        "ordered_at": ("InvoiceDate",),
        "unit_price": ("Price", "UnitPrice"),
        "quantity": ("Quantity",),
        "product": ("Description",),
        "sku": ("StockCode",),
        "country": ("Country",),
        "status": ("Invoice Status",),
        "currency": ("Currency",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        invoice = column(table, "Invoice").fillna(column(table, "InvoiceNo")).str.strip()
        table["Invoice Status"] = invoice.str.upper().str.startswith("C").map({True: "cancelled", False: "paid"})
        table["Currency"] = "GBP"
        return table
