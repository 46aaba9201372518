"""A corpus of hostile uploads, built by code: each must be refused with a clear message,
quickly and without unpacking or reading it all."""

from __future__ import annotations

import gzip
import io
import zipfile


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


NASTY = {
    "zip-bomb.zip": (zip_bomb, "unpacks to more than"),
    "gzip-bomb.csv.gz": (gzip_bomb, "unpacks to more than"),
    "nested.zip": (nested_zip, "zips inside zips"),
    "wide.csv": (many_columns, "columns"),
    "one-line.csv": (giant_line, "longer than"),
    "nul.csv": (nul_bytes, "binary file"),
    "photo.csv": (png_image, "picture"),
}
