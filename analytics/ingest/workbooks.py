"""Size an Excel workbook before pandas loads it, so a few kilobytes cannot claim gigabytes.

pandas builds every sheet as a dense grid, as tall as the last row with a value and as wide as
the widest row, so two cells at XFD1 and A1048576 become 17 billion. The sheet's own dimension
tag may lie either way, so it only serves to refuse absurd claims early; the real cells are then
streamed (openpyxl read-only, one row at a time) and counted against the same limits.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from analytics.errors import N_, FileTooLarge, UnreadableFile
from analytics.ingest.tables import MAX_COLUMNS

EXCEL_NOT_OPENED = N_("“{file}” is an Excel file I cannot open ({reason}). Save it as CSV and resend.")
MAX_SHEET_CELLS = 10_000_000  # the dense grid of all sheets; a 100,000-line Shopify export is ~8 million


def check_workbook_size(data: bytes, file_name: str) -> None:
    """Raise FileTooLarge if loading the workbook would build an absurd grid; else return."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableFile(EXCEL_NOT_OPENED, file=file_name, reason=type(error).__name__) from error
    try:
        grid = 0
        for sheet in book.worksheets:
            claimed = (sheet.max_row or 0) * (sheet.max_column or 0)
            if claimed > MAX_SHEET_CELLS:
                raise _too_many_cells(file_name, claimed)
            grid += _real_grid(sheet, file_name, MAX_SHEET_CELLS - grid)
    finally:
        book.close()


def _real_grid(sheet, file_name: str, allowed: int) -> int:
    """Rows up to the last with a value times the widest row, stopping as soon as it is over."""
    sheet.reset_dimensions()  # read every cell there is, as pandas does, not what the tag says
    last_row = width = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        used = next((len(row) - i for i, value in enumerate(reversed(row)) if value is not None), 0)
        if not used:
            continue
        if used > MAX_COLUMNS:
            raise FileTooLarge(
                N_("“{file}” has a row {columns:,} columns wide; an order export has a few dozen. "
                   "Check that you sent the right file, or save the sheet as CSV."), file=file_name, columns=used)
        last_row, width = number, max(width, used)
        if last_row * width > allowed:
            raise _too_many_cells(file_name, last_row * width)
    return last_row * width


def _too_many_cells(file_name: str, cells: int) -> FileTooLarge:
    return FileTooLarge(
        N_("“{file}” spans {cells:,} spreadsheet cells, more than I can read safely ({limit:,}). Delete empty "
           "rows and columns far below or right of the data, or save the sheet as CSV, and resend."),
        file=file_name, cells=cells, limit=MAX_SHEET_CELLS)
