"""The readers, most specific first; the generic reader is always last and takes what is left.

A platform reader (issue: real exports) is a class with `platform`, `recognises(columns)` and
`read(table, file_name)`; adding one means adding it to `READERS` before the generic reader.
"""

from __future__ import annotations

from analytics.ingest.readers.base import Reader
from analytics.ingest.readers.generic import GenericOrdersReader

READERS: list[Reader] = [GenericOrdersReader()]


def choose_reader(columns: list[str]) -> Reader:
    """The first reader that recognises these columns (the generic one accepts any)."""
    for reader in READERS:
        if reader.recognises(columns):
            return reader
    return READERS[-1]


__all__ = ["Reader", "READERS", "choose_reader"]
