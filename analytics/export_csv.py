"""Customer lists as CSV files that are safe to open in a spreadsheet and ready for e-mail tools.

Text cells starting with = + - @ (or tab, carriage return) are prefixed with a quote, as OWASP
recommends, so a name like "=HYPERLINK(...)" stays text. Numbers are left as numbers.
"""

from __future__ import annotations

import csv

import pandas as pd

EXPORT_COLUMNS = [
    "email", "name", "accepts_marketing", "customer_id", "segment", "cluster_label", "recency_days", "frequency",
    "monetary", "r", "f", "m", "churn_risk", "churn_reason", "clv_12m", "value_at_risk",
    "next_order_date", "next_best_product",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def customers_csv(scores: pd.DataFrame) -> bytes:
    """The export file: one row per customer, UTF-8 with BOM so Excel shows accents right."""
    return spreadsheet_safe_csv(scores.reindex(columns=EXPORT_COLUMNS))


def spreadsheet_safe_csv(table: pd.DataFrame) -> bytes:
    """Any table as a CSV a spreadsheet opens without running a cell: text neutralised, numbers kept."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralise_formula)
    # Quote every text cell: pandas leaves a lone carriage return unquoted, which splits the row.
    return table.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")
