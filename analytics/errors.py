"""The errors a shop owner can meet, each carrying the message they will read.

    ShopPulseError                  every error here; `str(error)` is the friendly message
    ├── UnreadableFile              the upload cannot be turned into a table
    │   ├── EmptyFile               nothing in it, or only a header
    │   ├── NotATable               a PDF, an image or another binary file
    │   ├── FileTooLarge            over Telegram's download limit or our unpacking limits
    │   └── UnsupportedContainer    a zip with nothing we can read inside, an archive we do not open
    ├── MissingColumns              no column for the customer, the date or the amount
    ├── UnreadableValues            dates or amounts that cannot be read (with row numbers)
    ├── NotEnoughData               readable, but too little to analyse
    └── StorageUnavailable          the database cannot be written (disk full, read-only file)

The bot, the command line and the tests show `str(error)` as it is, so every message says
what was wrong and how to fix it, in words an owner understands.
"""

from __future__ import annotations

__all__ = [
    "ShopPulseError",
    "UnreadableFile",
    "EmptyFile",
    "NotATable",
    "FileTooLarge",
    "UnsupportedContainer",
    "MissingColumns",
    "UnreadableValues",
    "NotEnoughData",
    "StorageUnavailable",
]


class ShopPulseError(Exception):
    """Base of every error whose message is meant for the shop owner."""


class UnreadableFile(ShopPulseError):
    """The upload cannot be turned into a table of rows and columns."""


class EmptyFile(UnreadableFile):
    """The file has no rows to read."""


class NotATable(UnreadableFile):
    """The file is a document, a picture or another binary file, not an export."""


class FileTooLarge(UnreadableFile):
    """The file, or what it unpacks to, is over a limit."""


class UnsupportedContainer(UnreadableFile):
    """An archive or workbook with nothing readable inside."""


class MissingColumns(ShopPulseError):
    """The table lacks a column we need (customer, date or amount)."""

    def __init__(
        self,
        message: str,
        columns: list[str] | None = None,
        signature: str | None = None,
        samples: list[list[str | None]] | None = None,
    ) -> None:
        super().__init__(message)
        self.columns = list(columns or [])  # the file's columns, so the owner can be asked which is which
        self.signature = signature
        self.samples = list(samples or [])  # the first values of each column, by position, to check answers

    def __reduce__(self):  # keep the columns when the error crosses from a worker process
        return (type(self), (str(self), self.columns, self.signature, self.samples))


class UnreadableValues(ShopPulseError):
    """Too many dates or amounts in a column cannot be read."""

    def __init__(self, message: str, rows: list[int] | None = None) -> None:
        super().__init__(message)
        self.rows = list(rows or [])

    def __reduce__(self):
        return (type(self), (str(self), self.rows))


class NotEnoughData(ShopPulseError):
    """The data is valid but too small for the analysis asked for."""


class StorageUnavailable(ShopPulseError):
    """Saving failed for a reason on the server, not in the file; nothing was half-written."""
