"""A corpus of hostile uploads, built by code: each must be refused with a clear message,
quickly and without unpacking or reading it all."""

from __future__ import annotations

import gzip
import io
import re
import zipfile

from openpyxl import Workbook


def zip_bomb() -> bytes:
    """A few kilobytes that would unpack to over a gigabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            with archive.open(f"orders{n}.csv", "w", force_zip64=True) as member:
                chunk = b"0" * (16 * 1024 * 1024)
                for _ in range(32):
                    member.write(chunk)
    return buffer.getvalue()


def nested_zip(depth: int = 4) -> bytes:
    data = b"Order ID,Email,Date,Total\n1,a@x.com,2024-01-01,5\n"
    name = "orders.csv"
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    return data


def many_columns(count: int = 100_000) -> bytes:
    header = ",".join(f"c{i}" for i in range(count))
    return (header + "\n" + ",".join("1" for _ in range(count)) + "\n").encode()


def giant_line(megabytes: int = 50) -> bytes:
    return b"Order ID,Email,Date,Total\n" + b"x" * (megabytes * 1024 * 1024)


def nul_bytes() -> bytes:
    return b"\x00" * 50_000 + b"\x01\x02binary"


def mixed_line_endings() -> bytes:
    return b"Order ID,Email,Date,Total\r\n1,a@x.com,2024-01-01,5\r2,b@x.com,2024-01-02,6\n"


def png_image() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def gzip_bomb() -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as stream:
        chunk = b"0" * (16 * 1024 * 1024)
        for _ in range(40):
            stream.write(chunk)
    return buffer.getvalue()


def _workbook(fill) -> bytes:
    book = Workbook()
    fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sparse_corners_xlsx() -> bytes:
    """About 5 KB claiming cells at XFD1 and A1048576: pandas would build a 17-billion-cell grid."""

    def fill(sheet):
        for column, name in enumerate(("Order ID", "Email", "Date", "Total"), start=1):
            sheet.cell(row=1, column=column, value=name)
        sheet["XFD1"] = "x"
        sheet["A1048576"] = "y"

    return _workbook(fill)


def tall_xlsx_with_a_lying_dimension() -> bytes:
    """Twenty columns and a cell on the last row, while the dimension tag claims A1:T2."""

    def fill(sheet):
        for column in range(1, 21):
            sheet.cell(row=1, column=column, value=f"c{column}")
        sheet["T1048576"] = "y"

    return _with_dimension(_workbook(fill), b'<dimension ref="A1:T2"/>')


def sparse_corners_xlsx_without_dimension() -> bytes:
    """The corners workbook with its dimension tag taken out, so only its cells tell."""
    return _with_dimension(sparse_corners_xlsx(), b"")


def _with_dimension(workbook: bytes, tag: bytes) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"\s*/>', tag, content)
            out.writestr(info.filename, content)
    return buffer.getvalue()


def zip_of_gzips(members: int = 8, megabytes_each: int = 300) -> bytes:
    """Each member a .csv.gz under the unpack limit, together far over it."""
    member = io.BytesIO()
    with gzip.GzipFile(fileobj=member, mode="wb", compresslevel=6) as stream:
        chunk = b"0" * (4 * 1024 * 1024)
        for _ in range(megabytes_each // 4):
            stream.write(chunk)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(members):
            archive.writestr(f"orders{n}.csv.gz", member.getvalue())
    return buffer.getvalue()


def deep_gzip(depth: int = 1200) -> bytes:
    """A CSV gzipped 1,200 times over: unpacking it recursively would overflow the stack."""
    data = b"Order ID,Email,Date,Total\n1,a@x.com,2024-01-01,5\n"
    for _ in range(depth):
        data = gzip.compress(data, compresslevel=1)
    return data


NASTY = {
    "zip-bomb.zip": (zip_bomb, "unpacks to more than"),
    "gzip-bomb.csv.gz": (gzip_bomb, "unpacks to more than"),
    "nested.zip": (nested_zip, "zips inside zips"),
    "wide.csv": (many_columns, "columns"),
    "one-line.csv": (giant_line, "longer than"),
    "nul.csv": (nul_bytes, "binary file"),
    "photo.csv": (png_image, "picture"),
    "corners.xlsx": (sparse_corners_xlsx, "17,179,869,184 spreadsheet cells"),
    "corners-undimensioned.xlsx": (sparse_corners_xlsx_without_dimension, "16,384 columns wide"),
    "tall.xlsx": (tall_xlsx_with_a_lying_dimension, "spreadsheet cells"),
    "gzips.zip": (zip_of_gzips, "unpacks to more than"),
    "deep.csv.gz": (deep_gzip, "too many layers"),
}
