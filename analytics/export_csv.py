"""Customer lists as CSV files that are safe to open in a spreadsheet and ready for e-mail tools.

Text cells starting with = + - @ (or tab, carriage return) are prefixed with a quote, as OWASP
recommends, so a name like "=HYPERLINK(...)" stays text. Numbers are left as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

import pandas as pd


def N_(message: str) -> str:
    """Marks a header as a message id for the bot's catalogue (analytics itself speaks no language)."""
    return message


# Score column -> the header a person reads in a spreadsheet or an e-mail tool, in file order.
# "{horizon}" and "{currency}" are filled in per file.
EXPORT_HEADERS: dict[str, str] = {
    "email": N_("Email"),
    "name": N_("Name"),
    "accepts_marketing": N_("Accepts email marketing"),
    "customer_id": N_("Customer ID"),
    "segment": N_("Segment"),
    "cluster_label": N_("Behaviour group"),
    "recency_days": N_("Days since last order"),
    "frequency": N_("Orders"),
    "monetary": N_("Total spent{currency}"),
    "r": N_("Recency score (1-5)"),
    "f": N_("Frequency score (1-5)"),
    "m": N_("Spend score (1-5)"),
    "churn_risk": N_("Chance of no order in the next {horizon} days (%)"),
    "churn_reason": N_("Buying pattern"),
    "clv_12m": N_("Expected spend next 12 months{currency}"),
    "value_at_risk": N_("Spend at risk{currency}"),
    "next_order_date": N_("Next order expected around"),
    "next_best_product": N_("Product to suggest"),
}


EXPORT_COLUMNS = list(EXPORT_HEADERS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _english(message: str) -> str:
    return message


def customers_csv(scores: pd.DataFrame, *, horizon_days: int, currency: str | None = None,
                  gettext: Callable[[str], str] = _english) -> bytes:
    """The export file: one row per customer, UTF-8 with BOM so Excel shows accents right.

    Headers are words, not score names, in the owner's language through the caller's `gettext`
    (English, the message ids, by default); the chance of no order is a whole percentage, as the
    bot states it."""
    table = scores.reindex(columns=EXPORT_COLUMNS)
    table["churn_risk"] = (pd.to_numeric(table["churn_risk"], errors="coerce") * 100).round()
    unit = f" ({currency})" if currency else ""
    table.columns = [gettext(EXPORT_HEADERS[c]).format(horizon=horizon_days, currency=unit) for c in table.columns]
    return spreadsheet_safe_csv(table)


def spreadsheet_safe_csv(table: pd.DataFrame) -> bytes:
    """Any table as a CSV a spreadsheet opens without running a cell: text neutralised, numbers kept."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralise_formula)
    # Quote every text cell: pandas leaves a lone carriage return unquoted, which splits the row.
    return table.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")
