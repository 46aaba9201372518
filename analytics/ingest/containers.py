"""Unwrap what a shop owner sends (zip, gzip, Excel, plain text) into named byte payloads.

Limits guard against zip bombs and absurd files before anything is decompressed in full:
an upload may unpack to at most `MAX_UNPACKED_BYTES` in all, counted while reading across every
layer (a zip of gzips shares one budget, it does not get one per member), and may nest at most
`MAX_NESTING` containers deep. A workbook's own parts count against the same budget.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from dataclasses import dataclass

from analytics.errors import N_, FileTooLarge, Message, NotATable, UnsupportedContainer

MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 20
MAX_NESTING = 2

_TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")

_BINARY_SIGNATURES = {
    b"%PDF": N_("a PDF document"),
    b"\x89PNG": N_("a PNG picture"),
    b"\xff\xd8\xff": N_("a JPEG picture"),
    b"GIF8": N_("a GIF picture"),
    b"RIFF": N_("a picture or media file"),
    b"Rar!": N_("a RAR archive"),
    b"7z\xbc\xaf": N_("a 7-Zip archive"),
    b"\xd0\xcf\x11\xe0": N_("an old Excel (.xls) or Word file"),
}


@dataclass(frozen=True)
class Payload:
    """One file found in the upload: its name, and either text bytes or an Excel workbook."""

    name: str
    data: bytes
    is_excel: bool = False


class _Budget:
    """The bytes an upload may still unpack to, shared by every layer and member."""

    def __init__(self) -> None:
        self.left = MAX_UNPACKED_BYTES

    def take(self, size: int) -> None:
        if size > self.left:
            raise _too_large_unpacked()
        self.left -= size


def unpack(data: bytes, file_name: str) -> list[Payload]:
    """Return the readable files inside an upload, unwrapping zip and gzip layers."""
    return _unpack(data, file_name, depth=0, budget=_Budget())


def _unpack(data: bytes, file_name: str, *, depth: int, budget: _Budget) -> list[Payload]:
    lower = file_name.lower()
    if data[:2] == b"\x1f\x8b":
        if depth >= MAX_NESTING:
            raise _too_deep()
        inner_name = file_name[:-3] if lower.endswith(".gz") else file_name + ".csv"
        return _unpack(_gunzip(data, budget), inner_name, depth=depth + 1, budget=budget)
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        if lower.endswith(_EXCEL_SUFFIXES) or _is_excel_zip(data):
            budget.take(_excel_unpacked_size(data, file_name))
            return [Payload(file_name, data, is_excel=True)]
        return _unzip(data, file_name, depth, budget)
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise NotATable(N_("“{file}” looks like {what}, not an order export. Export your orders as CSV (or "
                               "Excel .xlsx) and send that file."), file=file_name, what=Message(what))
    return [Payload(file_name, data)]


def _gunzip(data: bytes, budget: _Budget) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(budget.left + 1)
    except (OSError, EOFError) as error:
        raise UnsupportedContainer(
            N_("This .gz file is damaged and cannot be unpacked. Export the file again and resend it.")
        ) from error
    budget.take(len(out))
    return out


def _excel_unpacked_size(data: bytes, file_name: str) -> int:
    """What the workbook's parts unpack to. zipfile never reads past a member's stated size, so
    the stated sizes bound what openpyxl will hold, however the file was made."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            return sum(info.file_size for info in workbook.infolist())
    except zipfile.BadZipFile as error:
        raise UnsupportedContainer(
            N_("“{file}” is a damaged Excel file. Save it again (or as CSV) and resend it."), file=file_name
        ) from error


def _is_excel_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist() and any(
                name.startswith("xl/") for name in archive.namelist()
            )
    except zipfile.BadZipFile:
        return False


def _unzip(data: bytes, file_name: str, depth: int, budget: _Budget) -> list[Payload]:
    if depth >= MAX_NESTING:
        raise UnsupportedContainer(
            N_("This zip holds zips inside zips. Unpack it and send the export file itself.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnsupportedContainer(
            N_("“{file}” is a damaged zip file. Zip the export again and resend it."), file=file_name
        ) from error
    payloads: list[Payload] = []
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith(("__MACOSX/", "."))
            and "/." not in info.filename
        ]
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise UnsupportedContainer(
                N_("This zip holds {files} files; send at most {limit} exports at once."),
                files=len(members), limit=MAX_ARCHIVE_MEMBERS,
            )
        for info in members:
            name = info.filename.rsplit("/", 1)[-1]
            lower = name.lower()
            if not lower.endswith(_TEXT_SUFFIXES + _EXCEL_SUFFIXES + (".zip", ".gz")):
                continue
            if info.file_size > budget.left:
                raise _too_large_unpacked()
            try:
                with archive.open(info) as stream:
                    content = stream.read(budget.left + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
                raise UnsupportedContainer(
                    N_("“{file}” inside the zip cannot be unpacked (damaged or password-protected)."), file=name
                ) from error
            budget.take(len(content))
            payloads.extend(_unpack(content, name, depth=depth + 1, budget=budget))
    if not payloads:
        raise UnsupportedContainer(
            N_("I found no CSV, TXT or Excel file inside this zip. Put the order export in it and resend.")
        )
    return payloads


def _too_deep() -> UnsupportedContainer:
    return UnsupportedContainer(N_(
        "This file is packed inside too many layers (gz or zip files inside each other). "
        "Unpack it and send the export file itself."
    ))


def _too_large_unpacked() -> FileTooLarge:
    return FileTooLarge(
        N_("This archive unpacks to more than {limit} MB, which is more than any order export needs. Send the "
           "export itself, or split it by year."), limit=MAX_UNPACKED_BYTES // (1024 * 1024))
