"""What every reader offers, and the header matching they share."""

from __future__ import annotations

import re
from typing import Protocol

import pandas as pd

from analytics.ingest.canonical import Export


class Reader(Protocol):
    """Reads one platform's export into the canonical tables."""

    platform: str

    def recognises(self, columns: list[str]) -> bool:
        """True when these header names are this platform's."""

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
