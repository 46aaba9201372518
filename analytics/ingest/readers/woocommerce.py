"""WooCommerce: the built-in Analytics download and the two common order-export plugins.

Facts from docs/formats.md section 2: "Advanced Order Export" (one row per item, order fields
repeated, human status labels, "Name" is the product), SkyVerge's Customer/Order Export (raw
status slugs), and Analytics → Orders (one row per order, revenue with currency symbol).
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.readers.base import ColumnReader, column


class WooAdvancedOrderExportReader(ColumnReader):
    platform = "woocommerce"
    signature = ("Order Number", "Order Status", "Order Date")
    extra_columns = ("First Name (Billing)", "Last Name (Billing)")
    aliases = {
        "order_id": ("Order Number",),
        "email": ("Email (Billing)",),
        "name": ("Customer Name",),
        "customer_id": ("Customer User ID",),
        "ordered_at": ("Order Date",),
        "total": ("Order Total Amount", "Order Total"),
        "status": ("Order Status",),
        "refunded_amount": ("Order Refund Amount",),
        "product": ("Name", "Item Name", "Product Name"),
        "sku": ("SKU",),
        "quantity": ("Quantity",),
        "unit_price": ("Item Cost",),
        "currency": ("Currency", "Order Currency"),
        "country": ("Country Code (Billing)",),
        "discount_code": ("Coupon Code",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        first, last = column(table, "First Name (Billing)"), column(table, "Last Name (Billing)")
        table["Customer Name"] = (first.fillna("") + " " + last.fillna("")).str.strip()
        return table


class WooSkyVergeExportReader(ColumnReader):
    platform = "woocommerce"
    signature = ("order_id", "order_date", "status", "order_total", "billing_email")
    extra_columns = ("billing_first_name", "billing_last_name")
    aliases = {
        "order_id": ("order_number_formatted", "order_number", "order_id"),
        "email": ("billing_email",),
        "name": ("customer_name",),
        "customer_id": ("customer_id",),
        "ordered_at": ("order_date",),
        "total": ("order_total",),
        "status": ("status",),
        "refunded_amount": ("refunded_total",),
        "currency": ("order_currency",),
        "product": ("item_name",),
        "sku": ("item_sku",),
        "quantity": ("item_quantity",),
        "unit_price": ("item_price",),
        "country": ("billing_country",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        first, last = column(table, "billing_first_name"), column(table, "billing_last_name")
        table["customer_name"] = (first.fillna("") + " " + last.fillna("")).str.strip()
        if (column(table, "customer_id").fillna("0").str.strip() == "0").all():
            table = table.drop(columns=[c for c in table.columns if c == "customer_id"])  # 0 = guest
        return table


class WooAnalyticsReader(ColumnReader):
    platform = "woocommerce"
    signature = ("Date", "Order #", "Status", "Customer", "Net Sales")
    aliases = {
        "order_id": ("Order #",),
        "name": ("Customer",),
        "ordered_at": ("Date",),
        "total": ("N. Revenue (formatted)", "N. Revenue", "Net Sales"),
        "status": ("Status",),
        "discount_code": ("Coupon(s)",),
    }
