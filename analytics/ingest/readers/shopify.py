"""Shopify's orders export (one row per line item, order fields on the order's first row only)
and customers export (names and marketing consent, no orders).

Facts from docs/formats.md (section 1.1, raw exports 2021-2026): "Name" (#1001) is the order
id, times carry the shop's UTC offset, refunds are in "Financial Status"/"Refunded Amount",
cancelled orders have "Cancelled at". Test orders are paid through Shopify's Bogus Gateway
("Payment Method" bogus: the gateway's name, unconfirmed in a raw export); they are kept as
pending so they never count as sales. The customers export (1.2) enriches customers known from
orders with their names and "Accepts Email Marketing" (older files: "Accepts Marketing").
The orders export carries the same consent in "Accepts Marketing" (yes/no, 1.1); the newest
order's answer is kept for each e-mail.
"""

from __future__ import annotations

import pandas as pd

from analytics.errors import N_, MissingColumns, counted
from analytics.ingest.canonical import Export, combined_profiles, empty_items, empty_orders, platform_customer_ids
from analytics.ingest.readers.base import ColumnReader, column, filled

# The 79-column header of a current orders export, as Shopify writes it (formats README 1.1).
SHOPIFY_ORDERS_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,"
    "Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,"
    "Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,"
    "Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,"
    "Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,"
    "Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,"
    "Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,"
    "Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,"
    "Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References"
).split(",")


class ShopifyOrdersReader(ColumnReader):
    platform = "shopify"
    signature = ("Name", "Financial Status", "Lineitem name", "Created at", "Total")
    extra_columns = ("Cancelled at", "Payment Method", "Accepts Marketing")
    aliases = {
        "order_id": ("Name",),
        "email": ("Email",),
        "name": ("Billing Name", "Shipping Name"),
        "ordered_at": ("Created at",),
        "total": ("Total",),
        "currency": ("Currency",),
        "status": ("Financial Status",),
        "refunded_amount": ("Refunded Amount",),
        "product": ("Lineitem name",),
        "sku": ("Lineitem sku",),
        "quantity": ("Lineitem quantity",),
        "unit_price": ("Lineitem price",),
        "country": ("Billing Country", "Shipping Country"),
        "channel": ("Source",),
        "discount_code": ("Discount Code",),
        "review_text": ("Notes",),
    }
    reference_columns = {"payment_ids": ("Payment Reference", "Payment ID", "Payment References")}

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        status = column(table, "Financial Status")
        cancelled = filled(column(table, "Cancelled at"))
        # Status is on the first row only: spread it so a cancelled order is cancelled everywhere.
        # assign, not copy-and-set: the other columns are shared, not copied (a million rows).
        return table.assign(**{"Financial Status": status.where(~cancelled, "cancelled").mask(_test_orders(table), "pending")})

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        export = super().read(table, file_name)
        tests = column(table, "Name")[_test_orders(table)].nunique()
        if tests:
            export.notes.append(counted(int(tests), N_("{count:,} test order (Bogus Gateway) kept but not counted as sales."),
                                        N_("{count:,} test orders (Bogus Gateway) kept but not counted as sales.")))
        export.profiles = combined_profiles([export.profiles, marketing_consent(
            column(table, "Email"), column(table, "Accepts Marketing"), column(table, "Created at"))])
        return export


CONSENT_WORDS = {"yes": 1, "no": 0, "true": 1, "false": 0}


def marketing_consent(email: pd.Series, answer: pd.Series, when: pd.Series | None = None) -> pd.DataFrame:
    """Profiles (e-mail, no name, consent 1/0) from an e-mail and a yes/no column; the last row
    of an e-mail wins, in time order when `when` is given."""
    # Only rows with an e-mail and an answer can say anything: most rows of an orders export (later
    # line items, older exports without the column) answer nothing, and a million rows take seconds.
    answering = (email.notna() & answer.notna()).to_numpy()
    email, answer = email[answering], answer[answering]
    profiles = pd.DataFrame({
        "email": email.str.strip().str.lower(),
        "name": None,
        "accepts_marketing": answer.str.strip().str.lower().map(CONSENT_WORDS),
    })
    kept = profiles["email"].str.contains("@", na=False) & profiles["accepts_marketing"].notna()
    profiles = profiles[kept]
    profiles["when"] = _instants(when[answering][kept]) if when is not None else pd.NaT
    profiles = profiles.sort_values("when", kind="stable", na_position="first").drop_duplicates("email", keep="last")
    profiles = profiles.drop(columns="when").astype({"accepts_marketing": int}).assign(platform_customer_id=None)
    return profiles.reset_index(drop=True)


def _instants(when: pd.Series) -> pd.Series:
    """Times as UTC instants: Shopify writes ISO 8601, read in one pass (twice as fast as guessing
    each cell's format, a second on a million lines); any other form, cell by cell."""
    try:
        return pd.to_datetime(when, utc=True, format="ISO8601")
    except (ValueError, TypeError):
        return pd.to_datetime(when, utc=True, errors="coerce", format="mixed")


def _test_orders(table: pd.DataFrame) -> pd.Series:
    return column(table, "Payment Method").str.lower().str.contains("bogus", regex=False).fillna(False)


class ShopifyCustomersReader(ColumnReader):
    """Names, e-mail marketing consent and Shopify's customer id, to enrich customers known from
    orders (no orders): the orders export names buyers by e-mail only, review apps by either."""

    platform = "shopify-customers"
    signature = ("First Name", "Last Name", "Email", "Total Spent", "Total Orders")
    extra_columns = ("Accepts Email Marketing", "Accepts Marketing", "Customer ID")

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        email = column(table, "Email").str.strip().str.lower()
        name = (column(table, "First Name").fillna("") + " " + column(table, "Last Name").fillna("")).str.strip()
        consent = column(table, "Accepts Email Marketing").fillna(column(table, "Accepts Marketing"))
        profiles = pd.DataFrame({
            "email": email,
            "name": name.where(name != ""),
            "accepts_marketing": consent.str.strip().str.lower().map(CONSENT_WORDS),
            "platform_customer_id": platform_customer_ids(column(table, "Customer ID")),
        })
        profiles = profiles[email.str.contains("@", na=False).to_numpy()].drop_duplicates("email", keep="last")
        if profiles.empty:
            raise MissingColumns(N_("“{file}” is a Shopify customers export without any e-mail addresses."), file=file_name)
        return Export(self.platform, empty_orders(), empty_items(), rows_read=len(table),
                      profiles=profiles.reset_index(drop=True))
