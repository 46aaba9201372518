"""Files no reader recognises: the owner says which column is which, and we remember it.

Every answer is checked against the column's own values before it is accepted, because one
mis-tap (an order number taken for the date) would otherwise shape every later analysis. A
mapping names columns by position, so blank or repeated header names work, and it is keyed by
the file's header signature, so the next export with the same columns is read without asking.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import N_, counted
from analytics.ingest.canonical import EARLIEST_ORDER_DATE, Export, build_orders
from analytics.ingest.readers.base import header_key
from analytics.ingest.readers.generic import GENERIC_ALIASES
from analytics.ingest.values import known_status, parse_dates, parse_money

# The fields an owner is asked for, in order: the first three are needed, the order id may be
# "none", and the status is asked only when a column looks like one.
REQUIRED_FIELDS = ("customer_id", "ordered_at", "total")
ASKED_FIELDS = (*REQUIRED_FIELDS, "order_id", "status")
STATUSES = ("paid", "cancelled", "refunded", "pending")

SAMPLE_ROWS = 1000  # enough values to judge a column, small enough to keep while the owner answers
MAX_STATUS_WORDS = 12  # a column with more different values is not an order status
_ENOUGH = 0.8  # the share of a column's values that must fit the answer
_DATE_LIKE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_SERIAL = re.compile(r"\d{5}(\.\d+)?")
_PRICE = re.compile(r"-?\d+[.,]\d{2}")
_AMOUNT_SHAPE = re.compile(
    r"[\s(+\-−]*(?:[A-Za-z]{3}|[A-Z]{1,2}\$|[^\w\s#]{1,2})?\s*\d[\d\s.,'\u00a0\u202f]*"
    r"\s*(?:[A-Za-z]{3}|[^\w\s#]{1,2}|zł|元)?[\s)\-]*"
)
MAX_PLAUSIBLE_AMOUNT = 1e9  # above it the numbers are phone numbers or references, not one order's money


def header_signature(columns: list[str]) -> str:
    """A short stable key for a header: same columns (loosely compared) -> same key."""
    joined = "\x1f".join(header_key(column) for column in columns)
    return hashlib.sha1(joined.encode()).hexdigest()[:16]


def column_sample(values: pd.Series) -> list[str | None]:
    """The first values of a column as text (None where empty), for checking an owner's answer."""
    head = values.head(SAMPLE_ROWS).astype("string").str.strip()
    return [None if pd.isna(value) or value == "" else str(value) for value in head]


@dataclass(frozen=True)
class ChoiceProblem:
    """Why a column cannot be the field the owner picked it for, with one of its values."""

    reason: str  # empty | not_dates | dates_out_of_range | not_amounts | looks_like_dates | looks_like_amounts
    #              | running_number | same_values | not_a_status
    example: str | None = None


def check_choice(field: str, values: list[str | None], *, today: pd.Timestamp | None = None) -> ChoiceProblem | None:
    """None when the column's values fit the field, else what is wrong with them."""
    text = pd.Series(values, dtype="string")
    present = text.dropna()
    if len(present) < max(1, 0.5 * len(text)):
        return ChoiceProblem("empty", present.iloc[0] if len(present) else None)
    if field == "ordered_at":
        return _check_dates(present, today or pd.Timestamp.now(tz="UTC"))
    if field in ("total", "customer_id", "order_id") and _share(present.str.match(_DATE_LIKE)) >= _ENOUGH:
        return ChoiceProblem("looks_like_dates", present.iloc[0])
    if field in ("customer_id", "order_id") and _share(present.str.fullmatch(_PRICE)) >= _ENOUGH:
        return ChoiceProblem("looks_like_amounts", present.iloc[0])
    if field in ("customer_id", "order_id") and len(present) >= 20 and present.nunique() <= 3:
        return ChoiceProblem("same_values", present.iloc[0])
    if field == "total":
        return _check_amounts(present)
    if field == "status" and len(status_words(values)) > MAX_STATUS_WORDS:
        return ChoiceProblem("not_a_status", present.iloc[0])
    return None


def _check_dates(present: pd.Series, today: pd.Timestamp) -> ChoiceProblem | None:
    dates = parse_dates(present).values
    # Plain numbers ("1010", "12,50") are amounts or references, even where a lenient date
    # parser finds a year in them; five-digit ones may be Excel date serials.
    plain_number = parse_money(present).amount.notna() & ~present.str.match(_DATE_LIKE) & ~present.str.fullmatch(_SERIAL)
    readable = dates.notna() & ~plain_number
    if _share(readable) < _ENOUGH:
        return ChoiceProblem("not_dates", present[~readable.to_numpy()].iloc[0])
    in_range = readable & (dates >= EARLIEST_ORDER_DATE) & (dates <= today + pd.Timedelta(days=1))
    if _share(in_range) < _ENOUGH:
        return ChoiceProblem("dates_out_of_range", present[~in_range.to_numpy()].iloc[0])
    return None


def _check_amounts(present: pd.Series) -> ChoiceProblem | None:
    # The money parser keeps the digits of any text ("2 Example Street" -> 2, "#1317" -> 1317),
    # so the shape is checked first: a number with at most a currency sign or code around it.
    amounts = parse_money(present).amount.where(present.str.fullmatch(_AMOUNT_SHAPE).fillna(False))
    readable = amounts.notna() & np.isfinite(amounts) & (amounts.abs() < MAX_PLAUSIBLE_AMOUNT)
    if _share(readable) < _ENOUGH:
        return ChoiceProblem("not_amounts", present[~readable.to_numpy()].iloc[0])
    numbers = amounts[readable]
    steps = numbers.diff().dropna()
    if len(numbers) >= 5 and (numbers == numbers.round()).all() and _share(steps == 1) >= 0.9:
        return ChoiceProblem("running_number", present.iloc[0])
    return None


def _share(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def status_words(values: list[str | None]) -> list[str]:
    """The different words of a status column, lower-cased, most common first."""
    words = pd.Series(values, dtype="string").dropna().str.strip().str.lower()
    return words.value_counts().index.tolist()


def unknown_status_words(values: list[str | None]) -> list[str]:
    """Status words we cannot place by ourselves, so the owner is asked what each means."""
    return [word for word in status_words(values) if known_status(word) is None]


def status_columns(columns: list[str], samples: list[list[str | None]], taken: set[int]) -> list[int]:
    """Positions of columns that look like an order status: named like one, or holding a few
    different words of which we know some. Quantity-like columns (1, 2, 3) are not statuses."""
    status_names = {header_key(alias) for alias in GENERIC_ALIASES["status"]}
    found = []
    for position, values in enumerate(samples):
        if position in taken:
            continue
        words = status_words(values)
        if not words or len(words) > MAX_STATUS_WORDS:
            continue
        named = position < len(columns) and header_key(columns[position]) in status_names
        known = [word for word in words if known_status(word) is not None]
        if named or (known and len(known) >= len(words) / 2):
            found.append(position)
    return found


class MappedReader:
    """Reads a table with the columns the owner chose.

    The mapping is {field: column position} plus, for a status column, {"status_words": {word:
    status}} for the words the owner explained. Mappings saved before positions were used name
    the column instead; both are read.
    """

    platform = "mapped"

    def __init__(self, mapping: dict) -> None:
        self.status_words = dict(mapping.get("status_words") or {})
        self.mapping = {field: column for field, column in mapping.items()
                        if field in ASKED_FIELDS and column is not None and column != ""}

    def recognises(self, columns: list[str]) -> bool:
        return all(column < len(columns) if isinstance(column, int) else column in columns
                   for column in self.mapping.values())

    def columns_needed(self, columns: list[str]) -> None:
        """Every column: positions count blank and repeated header names, which a by-name
        selection would drop."""
        return None

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        rows = pd.DataFrame({field: self._column(table, column) for field, column in self.mapping.items()})
        if "customer_id" in rows and rows["customer_id"].astype("string").str.contains("@", na=False).mean() > 0.5:
            rows["email"] = rows["customer_id"]
        if "status" in rows:
            words = rows["status"].astype("string").str.strip().str.lower()
            rows["status"] = words.astype(object).map(lambda word: self.status_words.get(word, word))
        export = build_orders(rows, self.platform, file_name)
        left_out = int((export.orders["status"] != "paid").sum())
        if left_out:
            export.notes.append(counted(
                left_out,
                N_("{count:,} order marked cancelled, refunded or not yet paid in the status column: kept out of "
                   "revenue."),
                N_("{count:,} orders marked cancelled, refunded or not yet paid in the status column: kept out of "
                   "revenue.")))
        return export

    @staticmethod
    def _column(table: pd.DataFrame, column: int | str) -> pd.Series:
        return table.iloc[:, column] if isinstance(column, int) else table[column]
