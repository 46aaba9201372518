"""Etsy: EtsySoldOrders (one row per order) and EtsySoldOrderItems (one row per item).

Facts from ../shared/formats section 3: US-order dates (MM/DD/YY) even for UK shops, no
e-mail, the buyer as a username ("Buyer User ID"; in the items file "Full Name (username)"),
blank for guests, then known by full name. Both files name the same orders, so the items file
is partial: it adds orders it has not seen but never overwrites an order's totals, and either
upload order ends with the same history.
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.readers.base import ColumnReader, column, filled

# The two files' headers as Etsy writes them (../shared/formats section 3).
ETSY_ORDERS_HEADER = ["Sale Date", "Order ID", "Buyer User ID", "Full Name", "First Name", "Last Name", "Number of Items",
                      "Payment Method", "Date Shipped", "Street 1", "Street 2", "Ship City", "Ship State", "Ship Zipcode",
                      "Ship Country", "Currency", "Order Value", "Coupon Code", "Coupon Details", "Discount Amount",
                      "Shipping Discount", "Shipping", "Sales Tax", "Order Total", "Status", "Card Processing Fees",
                      "Order Net", "Adjusted Order Total", "Adjusted Card Processing Fees", "Adjusted Net Order Amount",
                      "Buyer", "Order Type", "Payment Type", "InPerson Discount", "InPerson Location", "SKU"]
ETSY_ITEMS_HEADER = ["Sale Date", "Item Name", "Buyer", "Quantity", "Price", "Coupon Code", "Coupon Details",
                     "Discount Amount", "Shipping Discount", "Order Shipping", "Order Sales Tax", "Item Total", "Currency",
                     "Transaction ID", "Listing ID", "Date Paid", "Date Shipped", "Ship Name", "Ship Address1",
                     "Ship Address2", "Ship City", "Ship State", "Ship Zipcode", "Ship Country", "Order ID", "Variations",
                     "Order Type", "Listings Type", "Payment Type", "InPerson Discount", "InPerson Location",
                     "VAT Paid by Buyer", "SKU"]


class EtsyOrdersReader(ColumnReader):
    platform = "etsy"
    signature = ("Sale Date", "Order ID", "Buyer User ID", "Full Name", "Order Total")
    aliases = {
        "order_id": ("Order ID",),
        "customer_id": ("Buyer Key",),
        "name": ("Full Name",),
        "ordered_at": ("Sale Date",),
        "total": ("Order Total",),
        "currency": ("Currency",),
        "status": ("Status",),
        "country": ("Ship Country", "Delivery Country"),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        username = column(table, "Buyer User ID")
        table["Buyer Key"] = username.where(filled(username), column(table, "Full Name").str.lower())
        return table


class EtsyOrderItemsReader(ColumnReader):
    platform = "etsy"
    signature = ("Sale Date", "Item Name", "Buyer", "Transaction ID", "Order ID")
    orders_are_partial = True
    aliases = {
        "order_id": ("Order ID",),
        "customer_id": ("Buyer Key",),
        "name": ("Buyer Name",),
        "ordered_at": ("Sale Date",),
        "product": ("Item Name",),
        "sku": ("SKU", "Listing ID"),
        "quantity": ("Quantity",),
        "unit_price": ("Price",),
        "currency": ("Currency",),
        "country": ("Ship Country", "Delivery Country"),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        buyer = column(table, "Buyer").str.strip()
        parts = buyer.str.extract(r"^(?P<name>.*?)\s*\((?P<user>[^()]+)\)\s*$")
        name = parts["name"].where(parts["user"].notna(), buyer)
        table["Buyer Key"] = parts["user"].where(parts["user"].notna(), name.str.lower())
        table["Buyer Name"] = name
        return table
