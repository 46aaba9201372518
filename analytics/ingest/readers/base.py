"""What every reader offers, and the header matching they share."""

from __future__ import annotations

import re
from typing import Protocol

import pandas as pd

from analytics.ingest.buyers import BUYER_BASIS
from analytics.ingest.canonical import Export, build_orders
from analytics.ingest.reconcile import references
from analytics.membership import is_in


class Reader(Protocol):
    """Reads one platform's export into the canonical tables."""

    platform: str

    def recognises(self, columns: list[str]) -> bool:
        """True when these header names are this platform's."""

    def columns_needed(self, columns: list[str]) -> list[str]:
        """The columns of this file the reader uses; the others are never read."""

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        """Canonical orders and items from the table of strings."""


def header_key(name: str) -> str:
    """Compare headers loosely: case, spaces, punctuation and BOMs do not matter; CJK is kept."""
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", name.lower())


def map_columns(columns: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map canonical field -> the file's column, taking each field's first alias that is present."""
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(header_key(column), column)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field_name, names in aliases.items():
        for alias in names:
            column = by_key.get(header_key(alias))
            if column is not None and column not in used:
                mapping[field_name] = column
                used.add(column)
                break
    return mapping


def rename_to_fields(table: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Keep only the mapped columns, named by their canonical field."""
    return table[list(mapping.values())].set_axis(list(mapping.keys()), axis=1)


class ColumnReader:
    """A platform reader described by data: the headers that identify the platform, which of
    its columns mean what, and a `prepare` hook for the platform's quirks (done on the strings,
    before the shared `build_orders`)."""

    platform: str = ""
    signature: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = {}
    orders_are_partial = False  # an items-only file must not overwrite order totals
    extra_columns: tuple[str, ...] = ()  # read by `prepare` although no alias names them
    # Columns naming a payment (payment_ids), an order number (order_numbers) or an order in free
    # text (order_texts), so a store's orders and a provider's payments of them can be matched.
    reference_columns: dict[str, tuple[str, ...]] = {}

    def recognises(self, columns: list[str]) -> bool:
        keys = {header_key(column) for column in columns}
        return all(header_key(name) in keys for name in self.signature)

    def columns_needed(self, columns: list[str]) -> list[str]:
        referenced = tuple(name for names in self.reference_columns.values() for name in names)
        return needed_by_aliases(columns, self.aliases, self.signature + self.extra_columns + referenced)

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        return table

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        table = self.prepare(table)
        mapping = map_columns(list(table.columns), self.aliases)
        if BUYER_BASIS in table.columns:  # what each buyer key rests on (analytics.ingest.buyers)
            mapping["buyer_basis"] = BUYER_BASIS
        export = build_orders(rename_to_fields(table, mapping), self.platform, file_name)
        export.orders_are_partial = self.orders_are_partial
        if self.reference_columns and "order_id" in mapping:
            found = references(table[mapping["order_id"]].astype("string").str.strip(),
                               **{kind: [column(table, name) for name in names]
                                  for kind, names in self.reference_columns.items()})
            export.references = found[is_in(found["order_id"], export.orders["order_id"])].reset_index(drop=True)
        return export


def column(table: pd.DataFrame, name: str) -> pd.Series:
    """A column by loose header name, or an empty one if the file lacks it."""
    wanted = header_key(name)
    for existing in table.columns:
        if header_key(existing) == wanted:
            return table[existing].astype("string")
    return pd.Series(pd.NA, index=table.index, dtype="string")


def filled(values: pd.Series) -> pd.Series:
    """True where a text cell holds something."""
    return values.notna() & (values.str.strip() != "")


def needed_by_aliases(columns: list[str], aliases: dict[str, tuple[str, ...]], extra: tuple[str, ...] = ()) -> list[str]:
    """The file's columns that any alias (or an extra name) refers to."""
    keys = {header_key(name) for names in aliases.values() for name in names} | {header_key(n) for n in extra}
    return [column for column in columns if header_key(column) in keys]
