"""Turn the bytes of one text export into a table of strings: encoding, delimiter, header.

Every cell stays a string here; readers decide what a column means and how to parse it, so a
strange value fails in the reader with a message about that column, not deep inside pandas.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from dataclasses import dataclass

import pandas as pd

from analytics.errors import N_, EmptyFile, FileTooLarge, NotATable, UnreadableFile

try:  # pandas' own text columns are backed by pyarrow when it is installed
    import pyarrow as pa
    import pyarrow.csv as pa_csv
except ImportError:  # pragma: no cover - pyarrow is a dependency
    pa = pa_csv = None


def _arrow_memory_given_back() -> None:
    """Let pyarrow's allocations go back to the system once freed. Its default allocator
    (mimalloc) keeps what a large import freed: a 1,000,000-line export left the process 500 MB
    larger than it needed and peaked 230 MB higher, at the same speed. jemalloc returns it; kept
    as it is where jemalloc is not built in, or where ARROW_DEFAULT_MEMORY_POOL chose a pool."""
    if pa is None or os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # pragma: no cover - a pyarrow built without jemalloc
        pass


_arrow_memory_given_back()

NO_ROWS = N_("“{file}” has no rows. Export your orders again and send the file.")
MAX_COLUMNS = 500
MAX_LINE_BYTES = 1024 * 1024
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class TextLayout:
    """How a text export is written: found from its first kilobytes, before reading it all."""

    encoding: str
    delimiter: str
    header_row: int
    columns: list[str]


def sniff_layout(data: bytes, file_name: str) -> TextLayout:
    """Encoding, delimiter, header position and column names of a text export."""
    if not data.strip():
        raise EmptyFile(N_("“{file}” is empty. Export your orders again and send the file."), file=file_name)
    _refuse_giant_lines(data, file_name)
    encoding = detect_encoding(data, file_name)
    head = data[: 256 * 1024].decode(encoding, errors="replace").lstrip("\ufeff")
    lines = head.splitlines()
    start = _header_line_index(lines)
    if start is None:
        raise EmptyFile(NO_ROWS, file=file_name)
    delimiter = sniff_delimiter(lines[start])
    columns = [clean_header(name) for name in next(csv.reader([lines[start]], delimiter=delimiter))]
    if len(columns) > MAX_COLUMNS:
        raise UnreadableFile(
            N_("“{file}” has {columns:,} columns; an order export has a few dozen. Check that you sent the right "
               "file."), file=file_name, columns=len(columns))
    return TextLayout(encoding, delimiter, start, columns)


def read_text_table(
    data: bytes, file_name: str, *, layout: TextLayout | None = None, keep: list[str] | None = None
) -> pd.DataFrame:
    """Rows of a delimited text export as strings, header as columns; only `keep` columns if given.

    The bytes are parsed in place (no decoded copy of the whole file), and columns no reader
    needs are never materialised: on a 79-column Shopify export that is most of the work.
    """
    layout = layout or sniff_layout(data, file_name)
    wanted = None if keep is None else {clean_header(name) for name in keep}
    if b"\x00" in data and not layout.encoding.startswith("utf-16"):
        data = data.replace(b"\x00", b"")
    table = _read_clean_utf8(data, layout, wanted)
    if table is not None:
        return _with_rows(table, file_name)
    try:
        table = pd.read_csv(
            io.BytesIO(data),
            sep=layout.delimiter,
            encoding=layout.encoding,
            encoding_errors="replace",
            skiprows=layout.header_row,
            usecols=None if wanted is None else (lambda name: clean_header(name) in wanted),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            engine="c",
            on_bad_lines="skip",
            index_col=False,
        )
    except pd.errors.EmptyDataError as error:
        raise EmptyFile(NO_ROWS, file=file_name) from error
    except (pd.errors.ParserError, ValueError, UnicodeError) as error:
        raise UnreadableFile(
            N_("“{file}” is not a table I can read ({reason}). Export it again as CSV from your shop's admin and "
               "resend."), file=file_name, reason=_short(error)) from error
    return _with_rows(table, file_name)


def _with_rows(table: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """The table with clean column names and without empty rows; refused if none is left."""
    table.columns = [clean_header(name) for name in table.columns]
    table = table.dropna(how="all")
    if table.empty:
        raise EmptyFile(
            N_("“{file}” has a header but no orders. Pick a date range with orders and export again."), file=file_name)
    return table


# What pandas' C parser gives a column read with dtype=str (pandas 3: text backed by pyarrow).
_TEXT_DTYPE = pd.Series(["x"], dtype=str).dtype


def _read_clean_utf8(data: bytes, layout: TextLayout, wanted: set[str] | None) -> pd.DataFrame | None:
    """The table as pandas' C parser reads it, read by pyarrow's CSV reader instead: UTF-8 is parsed
    into text columns without a Python string per cell (half the CPU, far less memory on a million
    lines). Only a file pyarrow reads without complaint qualifies: a row of the wrong width, bytes
    that are not UTF-8, a header above the first line or repeated names give None, and the C parser
    reads the file with its own rules (skipping or padding rows, replacing bytes) as before."""
    arrow_text = isinstance(_TEXT_DTYPE, pd.StringDtype) and _TEXT_DTYPE.storage == "pyarrow"
    if pa is None or not arrow_text or layout.encoding not in ("utf-8", "utf-8-sig") or layout.header_row:
        return None
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    end = data.find(b"\n", start)
    try:
        header = next(csv.reader([data[start:end].decode("utf-8").rstrip("\r")], delimiter=layout.delimiter))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return None
    if end < 0 or not header:
        return None
    buffer = pa.py_buffer(data)[start:]
    if len(set(header)) != len(header) or len({clean_header(name) for name in header}) != len(header):
        return None
    names = [name for name in header if wanted is None or clean_header(name) in wanted]
    try:
        table = pa_csv.read_csv(
            buffer,
            parse_options=pa_csv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                include_columns=names, column_types={name: pa.large_string() for name in names}, null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except (pa.ArrowException, KeyError, ValueError):
        return None
    if table.column_names != names:
        return None
    # Read as large strings, the type pandas keeps its text in: read as plain strings, every
    # column was converted again on the way to pandas (0.17 s of CPU on a 1,000,000-line export).
    return table.to_pandas(types_mapper=lambda kind: _TEXT_DTYPE if kind in (pa.string(), pa.large_string()) else None)


def cells_may_break_lines(data: bytes, rows: int) -> bool:
    """False when no cell of the file can hold a line break, seen from its bytes alone: every
    line ends in "\n" (no lone "\r"), and the file has no more line breaks than the header and
    the `rows` read from it end with (blank or skipped lines, and breaks inside cells, only add
    to the count). Counting bytes costs a tenth of a second on a 1,000,000-line export; looking
    for a break in every cell of every column cost 0.4 s."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return True
    ended = rows + 1 if data.endswith(b"\n") else rows  # the last row may end without a break
    return data.count(b"\n") > ended


def rows_merged_by_quotes(table: pd.DataFrame, layout: TextLayout, data: bytes) -> pd.Series:
    """Rows holding a cell that swallowed whole later lines: a quote opened and never closed.

    Such a cell contains a line break followed by a line with as many delimiters as a row
    (half the header's, at least two); a real multi-line note or address has far fewer. The
    cells are searched only when the file's bytes (`data`) say some may hold a break.
    """
    merged = pd.Series(False, index=table.index)
    if not cells_may_break_lines(data, len(table)):
        return merged
    needed = max(2, len(layout.columns) // 2)
    delimiter = re.escape(layout.delimiter)
    pattern = re.compile(rf"\n(?:[^\n{delimiter}]*{delimiter}){{{needed}}}")
    for name in table.columns:
        cells = table[name]
        if cells.dtype == object or pd.api.types.is_string_dtype(cells):
            broken = cells.str.contains("\n", regex=False, na=False)  # cheap first: few cells break lines
            if broken.any():
                merged[broken] |= cells[broken].str.contains(pattern, na=False).to_numpy()
    return merged


def detect_encoding(data: bytes, file_name: str = "file") -> str:
    """The codec the bytes are written in: BOMs first, then UTF-8, GB18030, Windows-1252.

    Judged on a sample from the start and the end, so a large file is not decoded twice.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # Excel's "Unicode text" without a BOM: every other byte of ASCII is NUL.
        even_nuls = sample[1::2].count(b"\x00")
        odd_nuls = sample[0::2].count(b"\x00")
        if max(even_nuls, odd_nuls) > len(sample) // 3 and min(even_nuls, odd_nuls) < len(sample) // 20:
            return "utf-16-le" if even_nuls > odd_nuls else "utf-16-be"
        raise NotATable(
            N_("“{file}” is a binary file, not a text export. Export your orders as CSV and resend."), file=file_name)
    probe = data if len(data) <= 4 * _SAMPLE else data[:_SAMPLE] + data[-_SAMPLE:]
    try:
        probe.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if len(probe) != len(data) and error.start >= len(probe) - 4:
            return "utf-8"  # the sample cut a character in two at its seam or end
    if _looks_like_double_byte_chinese(data):
        try:
            data[: 4 * _SAMPLE].decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            pass
    return "cp1252"


_SAMPLE = 2 * 1024 * 1024


_HIGH_BYTE_RUN = re.compile(rb"[\x80-\xff]+")


def _looks_like_double_byte_chinese(data: bytes) -> bool:
    """GBK text has its high bytes in pairs; Windows-1252 accents stand alone (“Müller”)."""
    runs = _HIGH_BYTE_RUN.findall(data[:200_000])
    if not runs:
        return False
    odd = sum(1 for run in runs if len(run) % 2)
    return odd <= len(runs) * 0.05


def sniff_delimiter(header_line: str) -> str:
    """Pick the delimiter the header uses most, outside quoted names."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def clean_header(name: object) -> str:
    """Strip the BOM, quotes, apostrophes and stray spaces that exports leave on column names."""
    text = str(name).replace("\ufeff", "").strip().strip('"').strip()
    return re.sub(r"\s+", " ", text)


def _header_line_index(lines: list[str]) -> int | None:
    """Skip the blank or comma-only lines some exports (eBay) put above the header."""
    for index, line in enumerate(lines[:50]):
        if line.strip().strip(",;\t|").strip():
            return index
    return None


def _refuse_giant_lines(data: bytes, file_name: str) -> None:
    if len(data) <= MAX_LINE_BYTES:
        return
    if _has_run_without_newline(data, MAX_LINE_BYTES):
        raise FileTooLarge(
            N_("“{file}” has a line longer than {limit} MB, so it is not a normal export. Export your orders "
               "again as CSV and resend."), file=file_name, limit=MAX_LINE_BYTES // (1024 * 1024))


def _has_run_without_newline(data: bytes, length: int) -> bool:
    """True when `length` bytes in a row hold no line break. Window by window, each starting just
    after the last break of the one before: a few hundred searches in C on a large file, instead
    of an array of every line break's position."""
    start = 0
    while start + length <= len(data):
        last_break = data.rfind(b"\n", start, start + length)
        if last_break < 0:
            return True
        start = last_break + 1
    return False


def _short(error: Exception) -> str:
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__

