"""Etsy: EtsySoldOrders (one row per order) and EtsySoldOrderItems (one row per item).

Facts from docs/formats.md section 3: US-order dates (MM/DD/YY) even for UK shops, no
e-mail, the buyer as a username ("Buyer User ID"; in the items file "Full Name (username)"),
blank for guests, then known by full name (compared without case, in both files). Refunds show
only in the Adjusted columns: `Adjusted Net Order Amount` 0.00 is a full refund, a smaller one
a partial refund, and what was kept is the adjusted net plus the adjusted fees. Files from 2020
on write 0 in all three Adjusted columns of every order that was never adjusted, so zeros there
mean "no refund"; older files leave those cells empty.

Both files name the same orders, so the items file is partial: it adds orders it has not seen
(at items + shipping + sales tax - discount, the order-level amounts it carries on one row of
each order) but never overwrites an order's totals, and either upload order ends with the same
history. It cannot know refunds: the reply says so.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_, Message
from analytics.ingest.canonical import Export
from analytics.ingest.readers.base import ColumnReader, column, filled
from analytics.ingest.values import parse_money

ITEMS_ALONE_NOTE = Message(N_(
    "An Etsy items file cannot know refunds or the taxes Etsy collects, so its orders count at items "
    "+ shipping + sales tax − discounts. Send the EtsySoldOrders file for the same months too: its "
    "totals and refunds then replace these."
))

# The two files' headers as Etsy writes them (docs/formats.md section 3).
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
    extra_columns = ("Adjusted Order Total", "Adjusted Card Processing Fees", "Adjusted Net Order Amount")
    aliases = {
        "order_id": ("Order ID",),
        "customer_id": ("Buyer Key",),
        "name": ("Full Name",),
        "ordered_at": ("Sale Date",),
        "total": ("Order Total",),
        "refunded_amount": ("Refunded (adjusted)",),
        "currency": ("Currency",),
        "status": ("Status",),
        "country": ("Ship Country", "Delivery Country"),
        "discount_code": ("Coupon Code",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        username = column(table, "Buyer User ID").str.strip()
        table["Buyer Key"] = username.where(filled(username), column(table, "Full Name").str.strip()).str.lower()
        table["Refunded (adjusted)"] = _refunded_by_adjustment(table).map(
            lambda amount: f"{amount:.2f}", na_action="ignore")
        return table


def _refunded_by_adjustment(table: pd.DataFrame) -> pd.Series:
    """What Etsy paid back on each order, from the Adjusted columns; NaN where nothing was."""
    total = _amount(table, "Order Total")
    adjusted_total = _amount(table, "Adjusted Order Total")
    adjusted_fees = _amount(table, "Adjusted Card Processing Fees")
    adjusted_net = _amount(table, "Adjusted Net Order Amount")
    zeros_mean_untouched = adjusted_total.notna()  # 2020+ files write 0s on every unadjusted order
    untouched = zeros_mean_untouched & (adjusted_total.fillna(0) == 0) & (adjusted_fees.fillna(0) == 0) & (
        adjusted_net.fillna(0) == 0)
    adjusted = adjusted_net.notna() & ~untouched
    kept = adjusted_total.where(adjusted_total > 0, adjusted_net + adjusted_fees.fillna(0))
    kept = kept.where(adjusted_net > 0, 0.0)  # Adjusted Net Order Amount 0.00: fully refunded
    return (total - kept).clip(lower=0.0).where(adjusted)


def _amount(table: pd.DataFrame, name: str) -> pd.Series:
    return parse_money(column(table, name)).amount


class EtsyOrderItemsReader(ColumnReader):
    platform = "etsy"
    signature = ("Sale Date", "Item Name", "Buyer", "Transaction ID", "Order ID")
    orders_are_partial = True
    extra_columns = ("Item Total", "Discount Amount", "Order Shipping", "Order Delivery", "Order Sales Tax",
                     "Ship Name", "Delivery Name")
    aliases = {
        "order_id": ("Order ID",),
        "customer_id": ("Buyer Key",),
        "name": ("Buyer Name",),
        "ordered_at": ("Sale Date",),
        "total": ("Order Total (items)",),
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
        name = name.where(filled(name), column(table, "Ship Name").fillna(column(table, "Delivery Name")).str.strip())
        table["Buyer Key"] = parts["user"].where(parts["user"].notna(), name).str.strip().str.lower()
        table["Buyer Name"] = name
        table["Order Total (items)"] = _order_totals_from_items(table)
        return table

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        export = super().read(table, file_name)
        if not export.orders.empty:
            export.notes.append(ITEMS_ALONE_NOTE)
        return export


def _order_totals_from_items(table: pd.DataFrame) -> pd.Series:
    """Each order's total on its first row (blank on the others): items + shipping + sales tax -
    discount. Etsy writes the order-level amounts on one row of the order and 0 on the rest."""
    price = _amount(table, "Price")
    quantity = pd.to_numeric(column(table, "Quantity"), errors="coerce").astype(float).fillna(1.0)
    line = _amount(table, "Item Total").fillna(price * quantity)
    shipping = _amount(table, "Order Shipping").fillna(_amount(table, "Order Delivery")).fillna(0.0)
    amount = line + shipping + _amount(table, "Order Sales Tax").fillna(0.0) - _amount(table, "Discount Amount").fillna(0.0)
    order = column(table, "Order ID").str.strip()
    totals = amount.groupby(order, sort=False).transform(lambda values: values.sum(min_count=1))
    first_row = ~order.duplicated() | order.isna()
    return totals.where(first_row).map(lambda value: f"{value:.2f}", na_action="ignore")
