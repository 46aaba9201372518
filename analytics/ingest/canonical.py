"""The canonical tables every reader produces, and the one place rows become orders.

A reader's only job is to say which of its columns means what (and to fix its platform's
quirks); `build_orders` then parses values, names customers, groups line rows into orders and
counts what it had to skip, the same way for every platform.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.errors import MissingColumns, UnreadableValues
from analytics.ingest.reconcile import empty_references
from analytics.ingest.values import first_bad_rows, normalise_status, parse_dates, parse_money

ORDER_COLUMNS = [
    "order_id", "customer_id", "email", "name", "country", "channel",
    "ordered_at", "total", "currency", "status",
]
ITEM_COLUMNS = ["order_id", "line_no", "sku", "product", "quantity", "unit_price"]
PROFILE_COLUMNS = ["email", "name", "accepts_marketing"]
REVIEW_COLUMNS = ["review_id", "text", "rating", "created_at", "order_id", "customer_id", "product"]

# Fields a reader may map its columns to; anything else in the file is ignored.
ROW_FIELDS = (
    "order_id", "customer_id", "email", "name", "country", "channel", "ordered_at", "total",
    "currency", "status", "refunded_amount", "product", "sku", "quantity", "unit_price",
    "review_text", "rating",
)

# Above this share of unreadable dates the column is wrong, not a few odd rows.
MAX_BAD_DATE_SHARE = 0.2


@dataclass
class Export:
    """What one upload holds, in canonical form, with an honest account of what was left out."""

    platform: str
    orders: pd.DataFrame
    items: pd.DataFrame
    rows_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    orders_are_partial: bool = False  # items-only files (Etsy items) add orders but never overwrite them
    reviews: pd.DataFrame = field(default_factory=lambda: empty_reviews())
    profiles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROFILE_COLUMNS))
    # Order numbers and payment ids each order carries, to match store orders with payments
    references: pd.DataFrame = field(default_factory=lambda: empty_references())

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())


def empty_orders() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in ORDER_COLUMNS})


def empty_items() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in ITEM_COLUMNS})


def empty_reviews() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in REVIEW_COLUMNS})


def review_ids(reviews: pd.DataFrame) -> pd.Series:
    """A stable id from who wrote what and when, so a re-uploaded review is stored once."""
    basis = (reviews["customer_id"].astype("string").fillna("") + "|" + reviews["order_id"].astype("string").fillna("")
             + "|" + reviews["created_at"].astype("string").fillna("") + "|" + reviews["text"].astype("string"))
    return basis.map(lambda text: "rv-" + hashlib.sha1(text.encode()).hexdigest()[:16])


def build_orders(rows: pd.DataFrame, platform: str, file_name: str) -> Export:
    """Turn rows whose columns carry canonical field names into the orders and items tables.

    Several rows may share an order id (one row per line item); order-level values are taken
    from the first row that has them, so exports that fill them only once (Shopify) and
    exports that repeat them (WooCommerce) both work.
    """
    rows = rows.reset_index(drop=True)
    _require(rows, file_name)
    skipped: Counter = Counter()
    notes: list[str] = []

    dates = parse_dates(rows["ordered_at"])
    if dates.note:
        notes.append(dates.note)
    written = rows["ordered_at"].notna() & (rows["ordered_at"].astype("string").str.strip() != "")
    unreadable = written & dates.values.isna()
    if written.sum() and unreadable.sum() > MAX_BAD_DATE_SHARE * written.sum():
        bad = first_bad_rows(unreadable)
        sample = rows["ordered_at"][unreadable].iloc[0]
        raise UnreadableValues(
            f"I could not read the dates in “{file_name}” (for example “{sample}” on row {bad[0]}; "
            f"rows {', '.join(map(str, bad))}). Use a date like 2024-05-06 or 06/05/2024 and resend.",
            rows=bad,
        )

    line = pd.DataFrame(index=rows.index)
    line["ordered_at"] = dates.values
    customer = _customer_key(rows)
    line["customer_id"] = customer
    for text_field in ("email", "name", "country", "channel"):
        line[text_field] = _clean_text(rows, text_field)
    line["email"] = line["email"].str.lower()
    line["email"] = line["email"].where(line["email"].str.contains("@", regex=False, na=False))
    line["status"] = normalise_status(rows.get("status"), rows.index)

    currency = _clean_text(rows, "currency").str.upper()
    total = _money(rows, "total", currency)
    unit_price = _money(rows, "unit_price", currency)
    quantity = pd.to_numeric(rows["quantity"], errors="coerce") if "quantity" in rows else None
    refunded = _money(rows, "refunded_amount", currency)
    named = currency.dropna().unique()
    line["currency"] = currency.fillna(named[0]) if len(named) == 1 else currency
    line["order_id"] = _order_ids(rows, line, total)

    orders = _group_orders(line, rows, total, unit_price, quantity, refunded)
    orders, dropped, order_skips = _drop_incomplete(orders)
    skipped.update(order_skips)
    items = _items(line, rows, quantity, unit_price, dropped)
    export = Export(platform, orders, items, rows_read=len(rows), skipped=skipped, notes=notes)
    if "review_text" in rows:
        export.reviews = _order_feedback(rows, line, orders)
    return export


def _order_feedback(rows: pd.DataFrame, line: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Notes, feedback and survey answers written on orders, as reviews of those orders."""
    text = _clean_text(rows, "review_text")
    written = text.notna() & line["order_id"].isin(orders["order_id"].tolist()) if text.notna().any() else text.notna()
    if not written.any():
        return empty_reviews()
    reviews = pd.DataFrame({
        "text": text[written],
        "rating": pd.to_numeric(rows["rating"][written], errors="coerce") if "rating" in rows else np.nan,
        "created_at": line["ordered_at"][written].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "order_id": line["order_id"][written],
        "customer_id": line["customer_id"][written],
        "product": _clean_text(rows, "product")[written],
    })
    reviews.insert(0, "review_id", review_ids(reviews))
    return reviews.drop_duplicates("review_id").reset_index(drop=True)


def _require(rows: pd.DataFrame, file_name: str) -> None:
    missing = []
    if "ordered_at" not in rows:
        missing.append("the order date")
    if "total" not in rows and "unit_price" not in rows:
        missing.append("the amount (order total or price)")
    if not ({"customer_id", "email", "name"} & set(rows.columns)):
        missing.append("the customer (an id, e-mail or name)")
    if missing:
        raise MissingColumns(
            f"I could not find {' and '.join(missing)} in “{file_name}”. "
            "Name the columns for example Order ID, Customer, Date, Total, and resend.",
        )


def _clean_text(rows: pd.DataFrame, field_name: str) -> pd.Series:
    """The field as trimmed text, <NA> where empty; a column the file lacks is all <NA>."""
    if field_name not in rows:
        return pd.Series(pd.NA, index=rows.index, dtype="string")
    text = rows[field_name].astype("string").str.strip().str.lstrip("'")
    return text.where(text != "")


def _customer_key(rows: pd.DataFrame) -> pd.Series:
    """E-mail identifies a person best; then the platform's customer id; then the name."""
    email = _clean_text(rows, "email").str.lower()
    email = email.where(email.str.contains("@", regex=False, na=False))
    customer_id = _clean_text(rows, "customer_id").str.replace(r"\.0$", "", regex=True)
    name = _clean_text(rows, "name").str.lower()
    return email.fillna(customer_id).fillna(name)


def _money(rows: pd.DataFrame, field_name: str, currency: pd.Series) -> pd.Series | None:
    if field_name not in rows:
        return None
    parsed = parse_money(rows[field_name])
    currency.update(parsed.currency[currency.isna()].dropna())
    return parsed.amount


def _order_ids(rows: pd.DataFrame, line: pd.DataFrame, total: pd.Series | None) -> pd.Series:
    """Use the export's order id; a one-row-per-purchase file gets a stable id from its content.

    The content id (customer, time, amount, and which repeat it is) is the same on every upload
    of the same file, so a re-upload still adds nothing twice.
    """
    given = _clean_text(rows, "order_id") if "order_id" in rows else None
    if given is not None:
        given = given.str.replace(r"\.0$", "", regex=True)
        if given.notna().all():
            return given
    amount = total if total is not None else pd.Series(np.nan, index=rows.index)
    customers = line["customer_id"].astype(object).where(line["customer_id"].notna(), "")
    keys = pd.Series([f"{c}|{t}|{a:.2f}" for c, t, a in zip(customers, line["ordered_at"], amount)], index=rows.index)
    repeat = keys.groupby(keys).cumcount()
    synthetic = pd.Series(
        ["row-" + hashlib.sha1(f"{key}|{n}".encode()).hexdigest()[:16] for key, n in zip(keys, repeat)],
        index=rows.index, dtype="string",
    )
    return synthetic if given is None else given.fillna(synthetic)


def _group_orders(line, rows, total, unit_price, quantity, refunded) -> pd.DataFrame:
    keys = line["order_id"]
    grouped = line.groupby(keys, sort=False)
    orders = grouped[["customer_id", "email", "name", "country", "channel", "ordered_at", "currency", "status"]].first()
    orders["total"] = _order_totals(keys, total, unit_price, quantity)
    if refunded is not None:
        refund = refunded.abs().groupby(keys, sort=False).max().reindex(orders.index).fillna(0.0)
        fully = (refund > 0) & (refund >= orders["total"] - 0.005)
        orders.loc[fully & (orders["status"] == "paid"), "status"] = "refunded"
        orders["total"] = (orders["total"] - refund.where(~fully, 0.0)).clip(lower=0.0)
    orders.loc[(orders["total"] < 0) & (orders["status"] == "paid"), "status"] = "refunded"
    orders = orders.reset_index().rename(columns={"index": "order_id"})
    orders["order_id"] = orders["order_id"].astype("string")
    return orders


def _order_totals(keys, total, unit_price, quantity) -> pd.Series:
    """Sum line amounts, unless the file repeats the order total on every line (then take it once)."""
    if total is None:
        qty = quantity.fillna(1.0) if quantity is not None else 1.0
        return (unit_price * qty).groupby(keys, sort=False).sum(min_count=1)
    by_order = total.groupby(keys, sort=False)
    if unit_price is not None:
        qty = quantity.fillna(1.0) if quantity is not None else 1.0
        line_amount = (unit_price * qty).round(2)
        is_line_level = (total.round(2) - line_amount).abs().lt(0.011).mean() > 0.9
        if is_line_level:
            return by_order.sum(min_count=1)
    repeated = (by_order.transform("nunique") <= 1).all()
    return by_order.first() if repeated else by_order.sum(min_count=1)


def _drop_incomplete(orders: pd.DataFrame) -> tuple[pd.DataFrame, list[str], Counter]:
    reasons = {
        "no customer (id, e-mail or name)": orders["customer_id"].isna(),
        "no readable date": orders["ordered_at"].isna(),
        "no readable amount": orders["total"].isna(),
    }
    skipped: Counter = Counter()
    keep = pd.Series(True, index=orders.index)
    for reason, mask in reasons.items():
        newly = mask & keep
        if newly.any():
            skipped[reason] = int(newly.sum())
        keep &= ~mask
    dropped = orders.loc[~keep, "order_id"].tolist()
    return orders.loc[keep, ORDER_COLUMNS].reset_index(drop=True), dropped, skipped


def _items(line, rows, quantity, unit_price, dropped_orders: list[str]) -> pd.DataFrame:
    if "product" not in rows and "sku" not in rows:
        return empty_items()
    items = pd.DataFrame({
        "order_id": line["order_id"],
        "sku": _clean_text(rows, "sku"),
        "product": _clean_text(rows, "product"),
        "quantity": quantity if quantity is not None else 1.0,
        "unit_price": unit_price if unit_price is not None else np.nan,
    })
    items = items[items["product"].notna() | items["sku"].notna()]
    if dropped_orders:  # few, so filter by them rather than by the (many) kept orders
        items = items[~items["order_id"].isin(dropped_orders)]
    items.insert(1, "line_no", items.groupby("order_id", sort=False).cumcount())
    return items[ITEM_COLUMNS].reset_index(drop=True)
