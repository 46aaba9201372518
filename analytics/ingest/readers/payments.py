"""Payment processors and small-seller platforms: Stripe, PayPal, Square, Gumroad.

Facts from docs/formats.md section 4. Stripe: one row per charge, UTC without offset,
lower-case currency, Mode Live/Test, failed or incomplete rows. PayPal: Date + Time +
TimeZone abbreviation, Memo rows move no money, refunds are negative rows. Square: Date +
Time + a Rails zone name, money with "$". Gumroad: a "Totals" trailer row.
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.readers.base import ColumnReader, column, filled
from analytics.ingest.values import parse_dates

# Abbreviations PayPal writes in its TimeZone column, as hours from UTC.
_ZONE_OFFSETS = {"PDT": -7, "PST": -8, "MDT": -6, "MST": -7, "CDT": -5, "CST": -6, "EDT": -4, "EST": -5,
                 "AKDT": -8, "AKST": -9, "HST": -10, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2,
                 "EET": 2, "EEST": 3, "AEST": 10, "AEDT": 11, "JST": 9}
# Square writes Rails time-zone names.
_RAILS_ZONES = {
    "Eastern Time (US & Canada)": "America/New_York", "Central Time (US & Canada)": "America/Chicago",
    "Mountain Time (US & Canada)": "America/Denver", "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Alaska": "America/Anchorage", "Hawaii": "Pacific/Honolulu", "Arizona": "America/Phoenix",
    "London": "Europe/London", "Dublin": "Europe/Dublin", "Paris": "Europe/Paris", "Madrid": "Europe/Madrid",
    "Tokyo": "Asia/Tokyo", "Sydney": "Australia/Sydney", "Melbourne": "Australia/Melbourne",
    "Brisbane": "Australia/Brisbane", "Perth": "Australia/Perth", "Auckland": "Pacific/Auckland",
    "UTC": "UTC",
}


def _local_to_utc_iso(date_time: pd.Series, offsets_hours: pd.Series) -> pd.Series:
    """Local date-time strings and their UTC offsets -> ISO strings in UTC."""
    local = parse_dates(date_time).values
    return (local - pd.to_timedelta(offsets_hours.fillna(0), unit="h")).dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


class StripePaymentsReader(ColumnReader):
    platform = "stripe"
    signature = ("id", "Amount", "Amount Refunded", "Currency", "Status")
    extra_columns = ("Mode",)
    aliases = {
        "order_id": ("id",),
        "customer_id": ("Customer ID",),
        "email": ("Customer Email",),
        "name": ("Card Name", "Customer Description", "Shipping Name"),
        "ordered_at": ("Created date (UTC)", "Created (UTC)"),
        "total": ("Amount",),
        "refunded_amount": ("Amount Refunded",),
        "currency": ("Currency",),
        "status": ("Status",),
    }
    # "Description" names what was paid for ("Shop - Order 1024"), never a product.
    reference_columns = {"payment_ids": ("PaymentIntent ID",), "order_numbers": ("order_id (metadata)",),
                         "order_texts": ("Description",)}

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        test = column(table, "Mode").str.lower().eq("test").fillna(False)
        table.loc[test.to_numpy(), [c for c in table.columns if c.lower() == "status"]] = "pending"
        return table


class PayPalActivityReader(ColumnReader):
    platform = "paypal"
    signature = ("Date", "Time", "TimeZone", "Name", "Type", "Status", "Gross")
    extra_columns = ("Balance Impact",)
    aliases = {
        "order_id": ("Transaction ID",),
        "email": ("From Email Address",),
        "name": ("Name",),
        "ordered_at": ("UTC Time",),
        "total": ("Gross",),
        "currency": ("Currency",),
        "status": ("Status",),
        "product": ("Item Title",),
    }
    reference_columns = {"order_numbers": ("Invoice Number",)}  # WooCommerce writes "WC-1024"

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        impact = column(table, "Balance Impact").str.strip().str.lower()
        keep = ~impact.isin(["memo", "debit"]) | (impact.eq("debit") & column(table, "Type").str.contains("Refund", na=False))
        table = table[keep.fillna(True).to_numpy()].copy()
        offsets = column(table, "TimeZone").str.upper().str.strip().map(_ZONE_OFFSETS)
        table["UTC Time"] = _local_to_utc_iso(column(table, "Date") + " " + column(table, "Time"), offsets)
        return table


class SquareItemsReader(ColumnReader):
    platform = "square"
    signature = ("Date", "Time", "Time Zone", "Item", "Qty", "Transaction ID")
    aliases = {
        "order_id": ("Transaction ID",),
        "customer_id": ("Customer ID",),
        "name": ("Customer Name",),
        "ordered_at": ("UTC Time",),
        "total": ("Net Sales", "Gross Sales"),
        "status": ("Event Type",),
        "product": ("Item",),
        "sku": ("SKU",),
        "quantity": ("Qty",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        table["UTC Time"] = _rails_zone_to_utc(table)
        return table


class SquareTransactionsReader(SquareItemsReader):
    signature = ("Date", "Time", "Time Zone", "Gross Sales", "Total Collected", "Transaction ID")
    aliases = {
        "order_id": ("Transaction ID",),
        "customer_id": ("Customer ID",),
        "name": ("Customer Name",),
        "ordered_at": ("UTC Time",),
        "total": ("Total Collected", "Net Sales"),
        "refunded_amount": ("Partial Refunds",),
        "status": ("Transaction Status", "Event Type"),
    }


def _rails_zone_to_utc(table: pd.DataFrame) -> pd.Series:
    local = parse_dates(column(table, "Date") + " " + column(table, "Time")).values.dt.tz_localize(None)
    zones = column(table, "Time Zone").map(_RAILS_ZONES).fillna("UTC")
    out = pd.Series(pd.NA, index=table.index, dtype="string")
    for zone in zones.unique():
        rows = zones == zone
        stamps = local[rows].dt.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
        out[rows] = stamps.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return out


class GumroadSalesReader(ColumnReader):
    platform = "gumroad"
    signature = ("Purchase ID", "Item Name", "Purchase Email", "Purchase Date", "Sale Price ($)")
    extra_columns = ("Fully Refunded?",)
    aliases = {
        "order_id": ("Purchase ID",),
        "email": ("Purchase Email", "Buyer Email"),
        "name": ("Buyer Name",),
        "ordered_at": ("Purchase Time (UTC timezone)", "Purchase Date"),
        "total": ("Sale Price ($)",),
        "refunded_amount": ("Partial Refund ($)",),
        "status": ("Refund Status",),
        "product": ("Item Name",),
        "sku": ("Product ID",),
        "quantity": ("Quantity",),
        "country": ("Country",),
        "discount_code": ("Discount Code",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table[~column(table, "Purchase ID").str.strip().eq("Totals").fillna(False).to_numpy()].copy()
        fully = column(table, "Fully Refunded?").str.strip().isin(["1", "true", "True"])
        table["Refund Status"] = fully.map({True: "refunded", False: "paid"})
        stamp = column(table, "Purchase Time (UTC timezone)").str.replace(" UTC", "+00:00", regex=False)
        if filled(stamp).any():
            table["Purchase Time (UTC timezone)"] = stamp
        return table
