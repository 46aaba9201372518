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

Every message says what was wrong and how to fix it, in words an owner understands. An error
carries its message as a code and parameters: `template` is the English message id (marked with
`N_`, so `make messages` puts it in the bot's catalogue) and `params` its values. `str(error)`
is the English text, what the command line and the logs show; the bot says the same in the
owner's language by looking the template up in its catalogue (analytics has no gettext and
imports nothing from the bot). A value that is itself words (`Message`: "row 7", "a PDF
document") is translated the same way; any other value (a file name, a sample cell) is data
and stays as it is.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "N_",
    "Message",
    "rows_phrase",
    "joined",
    "counted",
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


def N_(template: str) -> str:
    """Mark an English message for the bot's catalogue (extracted by `make messages`)."""
    return template


class Message(str):
    """Words inside analytics' output (a refusal's part, a reason rows were skipped): the English
    text, which is what it equals, with its template and values kept for the bot to translate."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = super().__new__(cls, template.format(**params) if params else template)
        text.template, text.params = template, params
        return text

    def __reduce__(self):  # across a worker process as code and values, not as bare English
        return (_message, (self.template, self.params))


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def rows_phrase(numbers: list[int], limit: int = 5) -> Message:
    """ "row 7", "rows 7 and 9", "rows 7, 9, 12, 15, 20 and 3 more" (spreadsheet row numbers)."""
    listed = [str(int(n)) for n in numbers[:limit]]
    more = len(numbers) - len(listed)
    if len(listed) == 1:
        return Message(N_("row {row}"), row=listed[0])
    if more:
        return Message(N_("rows {rows} and {more:,} more"), rows=", ".join(listed), more=more)
    return Message(N_("rows {rows} and {last}"), rows=", ".join(listed[:-1]), last=listed[-1])


def counted(count: int, singular: str, plural: str, /, **params: Any) -> Message:
    """A sentence about `count` things, in its singular or plural template (both marked)."""
    return Message(singular if count == 1 else plural, count=count, **params)


def joined(parts: list[Message]) -> Message:
    """ "a and b and c": parts a sentence lists."""
    whole = parts[0]
    for part in parts[1:]:
        whole = Message(N_("{first} and {second}"), first=whole, second=part)
    return whole


class ShopPulseError(Exception):
    """Base of every error whose message is meant for the shop owner: `template` (the English
    message id) and `params` are what the bot translates; `str(error)` is the English."""

    def __init__(self, template: str = "", /, **params: Any) -> None:
        self.template = getattr(template, "template", template)
        self.params = {**getattr(template, "params", {}), **params}
        super().__init__(self.template.format(**self.params) if self.params else self.template)

    def __reduce__(self):  # keep the code, the values and any extra fields across a worker process
        return (_restore, (type(self), self.template, self.params, dict(self.__dict__)))


def _restore(kind: type[ShopPulseError], template: str, params: dict[str, Any], fields: dict[str, Any]):
    error = kind.__new__(kind)
    Exception.__init__(error, template.format(**params) if params else template)
    error.__dict__.update(fields)
    return error


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
        template: str,
        /,
        *,
        columns: list[str] | None = None,
        signature: str | None = None,
        samples: list[list[str | None]] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(template, **params)
        self.columns = list(columns or [])  # the file's columns, so the owner can be asked which is which
        self.signature = signature
        self.samples = list(samples or [])  # the first values of each column, by position, to check answers


class UnreadableValues(ShopPulseError):
    """Too many dates or amounts in a column cannot be read."""

    def __init__(self, template: str, /, *, rows: list[int] | None = None, **params: Any) -> None:
        super().__init__(template, **params)
        self.rows = list(rows or [])


class NotEnoughData(ShopPulseError):
    """The data is valid but too small for the analysis asked for."""


class StorageUnavailable(ShopPulseError):
    """Saving failed for a reason on the server, not in the file; nothing was half-written."""
