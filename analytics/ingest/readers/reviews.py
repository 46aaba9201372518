"""Review exports: Judge.me, Yotpo, Loox, Okendo and Shopify Product Reviews (Shopify review
apps), Etsy reviews, or any CSV with a review text and optionally a rating, product, e-mail and
date.

A file is a reviews file when it has a review text column and no amount column: that is how an
orders upload is told from a reviews upload. Column names for the review apps are those their
CSV exports are seen with in third-party parsers and their tests (no raw export was found):
- Judge.me: title, body, rating, review_date ("2025-03-02 10:12:00 UTC"), curated (ok/spam),
  reviewer_name, reviewer_email, product_id, product_handle, reply, ...;
- Yotpo: Review Title, Review Content, Review Score, Date, Product Title, Display Name, Email;
- Loox: status, rating, email, nickname, full_name, review, date, productId, handle, ...;
- Okendo: Product Name, Rating, Title, Body, Reviewer Name, Date Created, Status;
- Shopify Product Reviews: product_handle, state, rating, title, author, email, body, reply,
  created_at;
- Etsy: Reviewer, Date Reviewed, Star Rating, Message, Order ID.
Reviews Judge.me marked as spam are left out. Hidden or unpublished ones are kept: they are
still what a customer said, and often the unhappy part.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.errors import N_, MissingColumns
from analytics.ingest.canonical import Export, empty_items, empty_orders, review_ids
from analytics.ingest.readers.base import header_key, map_columns, needed_by_aliases, rename_to_fields
from analytics.ingest.readers.generic import GENERIC_ALIASES
from analytics.ingest.values import parse_dates

REVIEW_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("body", "review content", "review body", "review text", "review", "message", "comment",
             "comments", "feedback", "content", "text", "评价内容", "评价"),
    "title": ("title", "review title", "summary"),
    "rating": ("rating", "review score", "star rating", "stars", "score", "评分"),
    "created_at": ("review_date", "date reviewed", "review date", "created at", "date created", "date", "created",
                   "时间"),
    "email": ("reviewer_email", "email", "customer email", "邮箱"),
    "customer_id": ("customer id", "customer_id", "customerid", "buyer user id", "buyer id", "user id", "client id"),
    "name": ("reviewer_name", "display name", "reviewer", "full_name", "author", "nickname", "customer name", "name",
             "customer"),
    "order_id": ("order id", "order number", "order", "订单号"),
    "product": ("product title", "product name", "product_handle", "handle", "product", "item", "product id", "商品"),
}
CURATION = "curated"  # Judge.me: ok, spam
_AMOUNT_KEYS = {header_key(name) for name in GENERIC_ALIASES["total"] + GENERIC_ALIASES["unit_price"]}


class ReviewsReader:
    """Reads a reviews export into the canonical reviews table (no orders)."""

    platform = "reviews"

    def recognises(self, columns: list[str]) -> bool:
        keys = {header_key(column) for column in columns}
        has_text = any(header_key(alias) in keys for alias in REVIEW_ALIASES["text"])
        return has_text and not (keys & _AMOUNT_KEYS)

    def columns_needed(self, columns: list[str]) -> list[str]:
        return needed_by_aliases(columns, REVIEW_ALIASES, (CURATION,))

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        curated = [c for c in table.columns if header_key(c) == CURATION]
        if curated:
            table = table[~table[curated[0]].astype("string").str.strip().str.lower().eq("spam").fillna(False)]
        mapping = map_columns(list(table.columns), REVIEW_ALIASES)
        rows = rename_to_fields(table, mapping)
        text = rows["text"].astype("string").str.strip()
        if "title" in rows:
            title = rows["title"].astype("string").str.strip()
            text = (title.fillna("") + ". " + text.fillna("")).str.strip(". ").where(title.notna(), text)
        written = text.notna() & (text != "")
        if not written.any():
            raise MissingColumns(N_("“{file}” has a review column but no review texts in it."), file=file_name)
        customer = _writer(rows)
        created = parse_dates(rows["created_at"]).values if "created_at" in rows else None
        reviews = pd.DataFrame({
            "text": text,
            "rating": pd.to_numeric(rows["rating"], errors="coerce") if "rating" in rows else np.nan,
            "created_at": created.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00") if created is not None else None,
            "order_id": rows["order_id"].astype("string").str.strip() if "order_id" in rows else None,
            "customer_id": customer,
            "product": rows["product"].astype("string").str.strip() if "product" in rows else None,
        })[written.to_numpy()]
        reviews.insert(0, "review_id", review_ids(reviews))
        reviews = reviews.drop_duplicates("review_id").reset_index(drop=True)
        return Export(self.platform, empty_orders(), empty_items(), rows_read=len(table), reviews=reviews)


def _writer(rows: pd.DataFrame) -> pd.Series:
    """Who wrote each review, as the file names them: an e-mail, else the shop's customer id,
    else the reviewer's (user) name. analytics.review_links matches it to a customer."""
    writer = pd.Series(pd.NA, index=rows.index, dtype="string")
    for field_name in ("name", "customer_id", "email"):  # the last one a row has wins
        if field_name in rows:
            value = rows[field_name].astype("string").str.strip().str.lower()  # as review ids were made
            if field_name == "email":
                value = value.where(value.str.contains("@", na=False))
            writer = value.where(value.notna() & (value != ""), writer)
    return writer
