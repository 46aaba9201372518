"""Files no reader recognises: the owner says which column is which, and we remember it.

A mapping is keyed by the file's header signature, so the next export with the same columns
is read without asking again.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from analytics.ingest.canonical import Export, build_orders
from analytics.ingest.readers.base import header_key

# The fields an owner is asked for, in order; the order id may be "none".
ASKED_FIELDS = ("customer_id", "ordered_at", "total", "order_id")
FIELD_QUESTIONS = {
    "customer_id": "the customer (an id, e-mail or name)",
    "ordered_at": "the order date",
    "total": "the amount",
    "order_id": "the order id",
}


def header_signature(columns: list[str]) -> str:
    """A short stable key for a header: same columns (loosely compared) -> same key."""
    joined = "\x1f".join(header_key(column) for column in columns)
    return hashlib.sha1(joined.encode()).hexdigest()[:16]


class MappedReader:
    """Reads a table with the columns the owner chose: {field: column name}."""

    platform = "generic"

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = {field: column for field, column in mapping.items() if column}

    def recognises(self, columns: list[str]) -> bool:
        return set(self.mapping.values()) <= set(columns)

    def columns_needed(self, columns: list[str]) -> list[str]:
        return [column for column in columns if column in self.mapping.values()]

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        rows = pd.DataFrame({field: table[column] for field, column in self.mapping.items()})
        if "customer_id" in rows and rows["customer_id"].astype("string").str.contains("@", na=False).mean() > 0.5:
            rows["email"] = rows["customer_id"]
        return build_orders(rows, self.platform, file_name)
