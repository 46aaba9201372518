"""The questions of the column dialog: which column is which, checked against its values.

Pure state and words, no Telegram calls: `uploads` sends what `question` returns and feeds
button presses to `answer`. Every step offers at least one button that moves on (a column,
"none", or Cancel), and a field no column can fill ends the dialog with the reason instead
of a keyboard with nothing to press.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from analytics.errors import MissingColumns
from analytics.ingest.mapping import (
    REQUIRED_FIELDS,
    STATUSES,
    ChoiceProblem,
    check_choice,
    status_columns,
    unknown_status_words,
)

MAP_PREFIX = "map:"
NONE = "none"
CANCEL = "cancel"
BUTTON_TEXT_LIMIT = 40

FIELD_QUESTIONS = {
    "customer_id": "the customer (an id, e-mail or name)",
    "ordered_at": "the order date",
    "total": "the amount",
    "order_id": "the order id",
    "status": "the order status (paid, cancelled, refunded…)",
}
FIELD_NAMES = {"customer_id": "customer", "ordered_at": "date", "total": "amount", "order_id": "order id",
               "status": "status"}
STATUS_BUTTONS = {"paid": "✅ A paid sale", "cancelled": "✖️ Cancelled", "refunded": "↩️ Refunded",
                  "pending": "⏳ Not paid yet"}
STATUS_WORDS = {"paid": "paid", "cancelled": "cancelled", "refunded": "refunded", "pending": "not paid yet"}
PROBLEMS = {
    "empty": "is mostly empty",
    "not_dates": "does not look like dates",
    "dates_out_of_range": "has dates before 1990 or in the future",
    "not_amounts": "does not look like amounts",
    "looks_like_dates": "looks like dates",
    "looks_like_amounts": "looks like amounts",
    "same_values": "has the same few values on every row",
    "running_number": "looks like a running number, not amounts",
    "not_a_status": "has too many different values to be an order status",
}
LACKING = {
    "customer_id": "column that names the customer (an id, e-mail or name)",
    "ordered_at": "column with order dates I can read (like 2024-05-06 or 06/05/2024)",
    "total": "column with amounts (like 12.50 or 12,50 €)",
}


@dataclass
class Dialog:
    """One file's questions: kept in chat data (in memory, never on disk) until answered."""

    token: str
    name: str
    data: bytes
    columns: list[str]
    samples: list[list[str | None]]
    signature: str | None
    steps: list[str]  # what is still to ask: a field, or "word:<status word>"
    mapping: dict

    @property
    def step(self) -> str:
        return self.steps[0]

    @property
    def done(self) -> bool:
        return not self.steps

    def taken(self) -> set[int]:
        return {value for key, value in self.mapping.items() if key in FIELD_NAMES and isinstance(value, int)}

    def label(self, position: int) -> str:
        """A button's words: the column's name (or its number when the header cell is blank)
        and its first value, so a column is told apart from its neighbours."""
        name = self.columns[position].strip() if position < len(self.columns) else ""
        if not name or name.startswith("Unnamed: "):
            name = f"Column {position + 1}"
        example = next((value for value in self.samples[position] if value), None)
        text = f"{name} · {example}" if example else name
        return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"

    def quoted(self, position: int) -> str:
        return "“" + escape(self.label(position).split(" · ")[0]) + "”"


def start(name: str, data: bytes, error: MissingColumns) -> Dialog | str:
    """A new dialog for the file, or the reason no answer could make it readable."""
    filled = [position for position, values in enumerate(error.samples) if any(values)]
    dialog = Dialog(secrets.token_hex(4), name, data, error.columns, error.samples, error.signature,
                    list(REQUIRED_FIELDS) + ["order_id"], {})
    if len(filled) < len(REQUIRED_FIELDS):
        names = ", ".join(dialog.quoted(position) for position in filled) or "none"
        return (
            f"⚠️ “{escape(name)}” has only {len(filled)} column{'s' if len(filled) != 1 else ''} with values "
            f"({names}). I need the customer, the order date and the amount, each in its own column: "
            "add what is missing and send the file again. Nothing from it was saved."
        )
    return dialog


def question(dialog: Dialog, problem: str = "") -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of the current step; no buttons when the file cannot answer it."""
    step = dialog.step
    cancel = [InlineKeyboardButton("Cancel", callback_data=_data(dialog, CANCEL))]
    if step.startswith("word:"):
        word = step.removeprefix("word:")
        buttons = [InlineKeyboardButton(STATUS_BUTTONS[s], callback_data=_data(dialog, s)) for s in STATUSES]
        text = f"{problem}Orders marked <b>“{escape(word)}”</b> in the status column: what are they?"
        return text, InlineKeyboardMarkup([buttons[:2], buttons[2:], cancel])
    positions = _choices(dialog, step)
    if not positions and step in REQUIRED_FIELDS:
        return (
            f"⚠️ “{escape(dialog.name)}” has no {LACKING[step]}, so I cannot read it. "
            "Add it and send the file again. Nothing from it was saved."
        ), None
    buttons = [InlineKeyboardButton(dialog.label(p), callback_data=_data(dialog, str(p))) for p in positions]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if step == "order_id":
        rows.append([InlineKeyboardButton("No order id: one row per purchase", callback_data=_data(dialog, NONE))])
    if step == "status":
        rows.append([InlineKeyboardButton("No status: every row is a sale", callback_data=_data(dialog, NONE))])
    rows.append(cancel)
    intro = (
        f"🤔 I don't recognise the columns of {escape(dialog.name)}. Tell me which is which, once; "
        "I'll remember it for files like this.\n\n" if not dialog.mapping and not problem else ""
    )
    return f"{problem}{intro}Which column is <b>{FIELD_QUESTIONS[step]}</b>?", InlineKeyboardMarkup(rows)


def _choices(dialog: Dialog, step: str) -> list[int]:
    """Columns offered for a step: every untaken column with values (the status step offers
    only the status-like ones); a required field with no column that fits offers none."""
    taken = dialog.taken()
    if step == "status":
        return status_columns(dialog.columns, dialog.samples, taken)
    offered = [p for p, values in enumerate(dialog.samples) if p not in taken and any(values)]
    if step in REQUIRED_FIELDS and not any(check_choice(step, dialog.samples[p]) is None for p in offered):
        return []
    return offered


def answer(dialog: Dialog, choice: str) -> str:
    """Apply a pressed button; return a problem to show above the repeated question, or ""."""
    step = dialog.step
    if step.startswith("word:"):
        if choice not in STATUSES:
            return ""
        dialog.mapping.setdefault("status_words", {})[step.removeprefix("word:")] = choice
        dialog.steps.pop(0)
        return ""
    if choice == NONE and step in ("order_id", "status"):
        dialog.mapping[step] = None
    else:
        position = int(choice) if choice.isdigit() else -1
        if not 0 <= position < len(dialog.samples) or position in dialog.taken():
            return ""
        problem = check_choice(step, dialog.samples[position])
        if problem is not None:
            return _problem_text(dialog, position, problem)
        dialog.mapping[step] = position
        if step == "status":
            dialog.steps[1:1] = [f"word:{word}" for word in unknown_status_words(dialog.samples[position])]
    dialog.steps.pop(0)
    if step == "order_id":
        _plan_status(dialog)
    return ""


def _plan_status(dialog: Dialog) -> None:
    """Ask about the status when a column looks like one; take it without asking when there is
    just one, and then ask only about the words we do not know."""
    candidates = status_columns(dialog.columns, dialog.samples, dialog.taken())
    if len(candidates) == 1:
        dialog.mapping["status"] = candidates[0]
        dialog.steps.extend(f"word:{word}" for word in unknown_status_words(dialog.samples[candidates[0]]))
    elif candidates:
        dialog.steps.append("status")


def _problem_text(dialog: Dialog, position: int, problem: ChoiceProblem) -> str:
    example = f" (for example “{escape(problem.example)}”)" if problem.example else ""
    return f"⚠️ {dialog.quoted(position)} {PROBLEMS[problem.reason]}{example}: pick again.\n\n"


def summary(dialog: Dialog) -> str:
    """What was chosen, in one line the owner can check."""
    parts = []
    for field, value in dialog.mapping.items():
        if field not in FIELD_NAMES:
            continue
        parts.append(f"{FIELD_NAMES[field]} {dialog.quoted(value)}" if isinstance(value, int)
                     else f"no {FIELD_NAMES[field]}")
    words = dialog.mapping.get("status_words") or {}
    if words:
        parts.append(", ".join(f"“{escape(w)}” = {STATUS_WORDS[s]}" for w, s in words.items()))
    return "; ".join(parts)


def _data(dialog: Dialog, choice: str) -> str:
    return f"{MAP_PREFIX}{dialog.token}:{choice}"


def parse(data: str) -> tuple[str, str]:
    """(dialog token, choice) from a button's callback data."""
    token, _, choice = data.removeprefix(MAP_PREFIX).partition(":")
    return token, choice
