"""Read an uploaded export (CSV, TSV, zip, gz, Excel) into the canonical orders and items tables."""

from __future__ import annotations

import io
import warnings

import pandas as pd

from analytics.errors import N_, EmptyFile, Message, MissingColumns, UnreadableFile
from analytics.ingest.canonical import (
    ITEM_COLUMNS,
    ORDER_COLUMNS,
    REVIEW_COLUMNS,
    Export,
    combined_profiles,
    empty_items,
    empty_orders,
    empty_reviews,
)
from analytics.ingest.containers import Payload, unpack
from analytics.ingest.mapping import MappedReader, column_sample, header_signature
from analytics.ingest.readers import choose_reader
from analytics.ingest.reconcile import PAYMENT_PLATFORMS, STORE_PLATFORMS
from analytics.ingest.tables import (
    TextLayout,
    clean_header,
    read_text_table,
    rows_merged_by_quotes,
    sniff_layout,
)
from analytics.ingest.workbooks import EXCEL_NOT_OPENED, check_workbook_size
from analytics.membership import is_in

__all__ = ["Export", "ORDER_COLUMNS", "ITEM_COLUMNS", "REVIEW_COLUMNS", "read_export", "read_exports"]


def read_export(data: bytes, file_name: str, *, mappings: dict[str, dict] | None = None) -> Export:
    """Read every export inside the upload and merge them into one canonical Export.

    `mappings` are column choices the owner made earlier, by header signature; a file whose
    header has one is read with it. A file nobody recognises raises MissingColumns carrying
    its columns and signature, so the bot can ask.
    """
    return read_exports([(data, file_name)], mappings=mappings)


def read_exports(uploads: list[tuple[bytes, str]], *, mappings: dict[str, dict] | None = None) -> Export:
    """Read several uploads (bytes, file name) as one history, as the bot does over time."""
    exports = [_read_payload(p, mappings or {}) for data, name in uploads for p in unpack(data, name)]
    return exports[0] if len(exports) == 1 else _merge(exports)


def _read_payload(payload: Payload, mappings: dict[str, dict]) -> Export:
    """Choose the reader from the header alone, then read only the columns it needs."""
    if payload.is_excel:
        table = _read_excel(payload)
        columns = list(table.columns)
    else:
        layout = sniff_layout(payload.data, payload.name)
        columns = layout.columns
    signature = header_signature(columns)
    reader = MappedReader(mappings[signature]) if signature in mappings else choose_reader(columns)
    merged = None
    if not payload.is_excel:
        table = _read_text(payload, layout, reader.columns_needed(columns))
        merged = rows_merged_by_quotes(table, layout, payload.data)
        lines_lost = _line_count(table[merged])
        if merged.any():  # else the table as it is: no copy of a million rows
            table = table[~merged]
    try:
        export = reader.read(table, payload.name)
    except MissingColumns as error:
        if reader.platform != "generic":
            raise
        if not payload.is_excel:  # every column, blank and repeated names included, to ask about
            table = _read_text(payload, layout, None)
        samples = [column_sample(table.iloc[:, position]) for position in range(table.shape[1])]
        raise MissingColumns(error.template, columns=columns, signature=signature, samples=samples,
                             **error.params) from error
    if merged is not None and merged.any():
        first = int(merged.index[merged.to_numpy()][0]) + 2
        export.skipped[Message(N_("rows run together by a quote mark that is never closed (from row {row}: "
                                  "fix that quote and resend to import them)"), row=first)] = lines_lost
    return export


def _line_count(rows: pd.DataFrame) -> int:
    """How many lines of the file these rows hold (a merged row holds several)."""
    breaks = pd.concat([rows[name].astype("string").str.count("\n") for name in rows.columns], axis=1)
    return int((breaks.max(axis=1).fillna(0) + 1).sum()) if len(rows) else 0


def _read_text(payload: Payload, layout: TextLayout, keep: list[str] | None) -> pd.DataFrame:
    """The text table, with only `keep` columns, or every one (None). Reading every column, a
    row longer than the header loses its extra cells, as a by-name selection would; pandas warns
    about that, and it is expected."""
    if keep is not None:
        return read_text_table(payload.data, payload.name, layout=layout, keep=keep)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        return read_text_table(payload.data, payload.name, layout=layout)


def _read_excel(payload: Payload) -> pd.DataFrame:
    check_workbook_size(payload.data, payload.name)
    try:
        sheets = pd.read_excel(io.BytesIO(payload.data), sheet_name=None, dtype=str, engine="openpyxl")
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise UnreadableFile(N_("Excel files need openpyxl; send the export as CSV instead.")) from error
    except Exception as error:
        raise UnreadableFile(EXCEL_NOT_OPENED, file=payload.name, reason=type(error).__name__) from error
    tables = [sheet.dropna(how="all") for sheet in sheets.values() if not sheet.dropna(how="all").empty]
    if not tables:
        raise EmptyFile(N_("“{file}” has no rows in any sheet."), file=payload.name)
    first_columns = list(tables[0].columns)
    table = pd.concat([t for t in tables if list(t.columns) == first_columns], ignore_index=True)
    table.columns = [clean_header(name) for name in table.columns]
    return table


def _merge(exports: list[Export]) -> Export:
    platforms = sorted({export.platform for export in exports})
    full = [e.orders for e in exports if not e.orders_are_partial and not e.orders.empty]
    orders = pd.concat(full or [empty_orders()], ignore_index=True).drop_duplicates("order_id", keep="last")
    partial = [e.orders for e in exports if e.orders_are_partial and not e.orders.empty]
    if partial:
        orders = pd.concat([orders, _partial_orders_joined(pd.concat(partial, ignore_index=True), orders)],
                           ignore_index=True)
    items = pd.concat([e.items for e in exports if not e.items.empty] or [empty_items()], ignore_index=True)
    items = items.drop_duplicates(["order_id", "line_no"], keep="last")
    reviews = pd.concat([e.reviews for e in exports if not e.reviews.empty] or [empty_reviews()], ignore_index=True)
    merged = Export(
        platform="+".join(platforms),
        orders=orders.reset_index(drop=True),
        items=items.reset_index(drop=True),
        rows_read=sum(e.rows_read for e in exports),
        reviews=reviews.drop_duplicates("review_id").reset_index(drop=True),
        orders_are_partial=all(e.orders_are_partial for e in exports),
    )
    completed = {e.platform for e in exports if not e.orders_are_partial and not e.orders.empty}
    for export in exports:
        merged.skipped.update(export.skipped)
        merged.buyer_bases.update(export.buyer_bases)
        if export.orders_are_partial and export.platform in completed:
            continue  # what the partial file could not know, the full one in this upload says
        merged.notes.extend(note for note in export.notes if note not in merged.notes)
    merged.profiles = combined_profiles([e.profiles for e in exports])
    merged.references = pd.concat([e.references for e in exports], ignore_index=True).drop_duplicates()
    if {e.platform for e in exports} & STORE_PLATFORMS:
        merged.payment_ids = frozenset().union(*(set(e.orders["order_id"].astype(str)) for e in exports
                                                 if e.platform in PAYMENT_PLATFORMS))
    if orders.empty and reviews.empty and merged.profiles.empty:
        raise MissingColumns(N_("None of the files in this upload holds orders or reviews I can read."))
    return merged


def _partial_orders_joined(partial: pd.DataFrame, full: pd.DataFrame) -> pd.DataFrame:
    """Orders only a partial file (Etsy items) names, with customers as the full file names them.
    An order both files hold is the full file's."""
    partial = customers_as_named_by(partial.drop_duplicates("order_id", keep="last"), full)
    return partial[~is_in(partial["order_id"], full["order_id"])]


def customers_as_named_by(partial: pd.DataFrame, full: pd.DataFrame) -> pd.DataFrame:
    """A partial file's orders with each buyer key replaced by the full file's customer.

    The two files may name one buyer differently (a guest is "Full Name" in one, the delivery
    name in the other); the orders they share show which key of the partial file is which
    customer, so that buyer stays one customer. `full` needs order_id and customer_id only: it
    is the same upload's full file, or the orders stored from an earlier one.
    """
    shared = partial[["order_id", "customer_id"]].merge(full[["order_id", "customer_id"]], on="order_id",
                                                        suffixes=("", "_full"))
    if shared.empty:
        return partial
    same_person = shared.groupby("customer_id")["customer_id_full"].agg(lambda keys: keys.mode().iloc[0])
    return partial.assign(customer_id=partial["customer_id"].map(same_person).fillna(partial["customer_id"]))
