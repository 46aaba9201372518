"""Reading a text export into a table of strings: a clean UTF-8 file read by pyarrow's CSV reader
gives the very table pandas' C parser gives, and anything pyarrow would read differently is left
to the C parser."""

from __future__ import annotations

import codecs
import random
import warnings

import pandas as pd
import pytest

from analytics.ingest import tables
from analytics.ingest.tables import read_text_table, sniff_layout

CLEAN = {
    "plain": b"Name,Email,Total\n#1,a@x.com,10.00\n#2,b@x.com,5\n",
    "empty and quoted empty cells": b'Name,Email,Total\n#1,,10\n#2,"",\n,,\n#3,c@x.com,"7"\n',
    "a note over two lines": b'Name,Notes,Total\n#1,"first line\nsecond, with a comma",10\n#2,"say ""hi""",3\n',
    "spaces kept, accents and CJK": "Name,Email,Product\n #1 ,a@x.com,Crème brûlée \n#2,b@x.com,茶壶\n".encode(),
    "a byte order mark and CRLF": codecs.BOM_UTF8 + b"Name,Email,Total\r\n#1,a@x.com,10\r\n\r\n#2,b@x.com,5\r\n",
    "semicolons": b"Name;Email;Total\n#1;a@x.com;10,50\n#2;b@x.com;5\n",
    "tabs": b"Name\tEmail\tTotal\n#1\ta@x.com\t10\n",
    "quoted header names": b'"Name","Email","Total"\n"#1","a@x.com","10"\n',
}


def _read_by_c_parser(monkeypatch, data: bytes, keep):
    with monkeypatch.context() as patched:
        patched.setattr(tables, "_read_clean_utf8", lambda *args: None)
        return read_text_table(data, "orders.csv", keep=keep)


@pytest.mark.parametrize("keep", [None, ["Name", "Total", "Notes", "Product"]])
@pytest.mark.parametrize("name", list(CLEAN))
def test_a_clean_utf8_file_gives_the_c_parsers_table(monkeypatch, name, keep):
    data = CLEAN[name]
    layout = sniff_layout(data, "orders.csv")
    wanted = None if keep is None else set(keep)
    assert tables._read_clean_utf8(data, layout, wanted) is not None  # pyarrow really read it
    pd.testing.assert_frame_equal(read_text_table(data, "orders.csv", keep=keep), _read_by_c_parser(monkeypatch, data, keep))


NOT_CLEAN = {
    "a short row (padded by the C parser)": b"Name,Email,Total\n#1,a@x.com\n#2,b@x.com,5\n",
    "a long row (skipped by the C parser)": b"Name,Email,Total\n#1,a@x.com,10,extra\n#2,b@x.com,5\n",
    "bytes that are not UTF-8 (replaced)": b"Name,Email,Total\n#1,m\xfcller@x.com,10\n",
    "a repeated column name": b"Name,Name,Total\n#1,#2,10\n",
    "a blank line above the header": b"\nName,Email,Total\n#1,a@x.com,10\n",
}


@pytest.mark.parametrize("name", list(NOT_CLEAN))
def test_what_pyarrow_would_read_differently_is_read_by_the_c_parser(monkeypatch, name):
    data = NOT_CLEAN[name]
    layout = sniff_layout(data, "orders.csv")
    assert tables._read_clean_utf8(data, layout, None) is None
    with warnings.catch_warnings():  # the C parser may warn about the row it skips: its own behaviour
        warnings.simplefilter("ignore")
        table = read_text_table(data, "orders.csv")
        pd.testing.assert_frame_equal(table, _read_by_c_parser(monkeypatch, data, None))


@pytest.mark.parametrize("seed", range(30))
def test_a_line_too_long_is_found_exactly_where_every_line_break_would_show_it(seed):
    rng = random.Random(seed)
    data = bytes(rng.choice(b"ab\n" if seed % 3 else b"abcdefgh\n") for _ in range(rng.randint(0, 400)))
    length = rng.randint(1, 40)
    longest = max((len(line) for line in data.split(b"\n")), default=0)
    assert tables._has_run_without_newline(data, length) == (longest >= length)


@pytest.mark.parametrize("data, rows", [
    (b'Name,Notes\n#1,"two\nlines"\n', 1),
    (b'Name,Notes\n#1,"two\nlines"', 1),
    (b'Name,Notes\r\n#1,"two\r\nlines"\r\n', 1),
    (b'Name,Notes\r#1,"two\nlines"\r', 1),  # lines end in a lone "\r": no count of "\n" can say
    (b'Name,Notes\n#1,"two\nlines"\n#2,x\n', 2),
])
def test_a_file_whose_cells_may_break_lines_is_looked_at_cell_by_cell(data, rows):
    assert tables.cells_may_break_lines(data, rows)
    assert read_text_table(data, "notes.csv").shape[0] == rows


@pytest.mark.parametrize("data", [b"Name,Notes\n#1,a\n#2,b\n", b"Name,Notes\n#1,a\n#2,b", b"Name,Notes\r\n#1,a\r\n#2,b\r\n"])
def test_a_file_with_one_line_break_per_row_needs_no_cell_looked_at(data):
    assert read_text_table(data, "notes.csv").shape[0] == 2
    assert not tables.cells_may_break_lines(data, 2)
