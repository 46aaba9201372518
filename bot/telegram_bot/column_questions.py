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
from bot.i18n import N_, _, ngettext

MAP_PREFIX = "map:"
NONE = "none"
CANCEL = "cancel"
BUTTON_TEXT_LIMIT = 40

# Message ids: shown with _().
FIELD_QUESTIONS = {
    "customer_id": N_("the customer (an id, e-mail or name)"),
    "ordered_at": N_("the order date"),
    "total": N_("the amount"),
    "order_id": N_("the order id"),
    "status": N_("the order status (paid, cancelled, refunded…)"),
}
FIELD_NAMES = {"customer_id": N_("customer"), "ordered_at": N_("date"), "total": N_("amount"), "order_id": N_("order id"),
               "status": N_("status")}
STATUS_BUTTONS = {"paid": N_("✅ A paid sale"), "cancelled": N_("✖️ Cancelled"), "refunded": N_("↩️ Refunded"),
                  "pending": N_("⏳ Not paid yet")}
STATUS_WORDS = {"paid": N_("paid"), "cancelled": N_("cancelled"), "refunded": N_("refunded"), "pending": N_("not paid yet")}
PROBLEMS = {
    "empty": N_("is mostly empty"),
    "not_dates": N_("does not look like dates"),
    "dates_out_of_range": N_("has dates before 1990 or in the future"),
    "not_amounts": N_("does not look like amounts"),
    "looks_like_dates": N_("looks like dates"),
    "looks_like_amounts": N_("looks like amounts"),
    "same_values": N_("has the same few values on every row"),
    "running_number": N_("looks like a running number, not amounts"),
    "not_a_status": N_("has too many different values to be an order status"),
}
LACKING = {
    "customer_id": N_("column that names the customer (an id, e-mail or name)"),
    "ordered_at": N_("column with order dates I can read (like 2024-05-06 or 06/05/2024)"),
    "total": N_("column with amounts (like 12.50 or 12,50 €)"),
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
            name = _("Column {number}").format(number=position + 1)
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
        names = _(", ").join(dialog.quoted(position) for position in filled) or _("none")
        return ngettext(
            "⚠️ “{file}” has only {count} column with values ({names}). I need the customer, the order date and the "
            "amount, each in its own column: add what is missing and send the file again. Nothing from it was saved.",
            "⚠️ “{file}” has only {count} columns with values ({names}). I need the customer, the order date and the "
            "amount, each in its own column: add what is missing and send the file again. Nothing from it was saved.",
            len(filled)).format(file=escape(name), count=len(filled), names=names)
    return dialog


def question(dialog: Dialog, problem: str = "") -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of the current step; no buttons when the file cannot answer it."""
    step = dialog.step
    cancel = [InlineKeyboardButton(_("Cancel"), callback_data=_data(dialog, CANCEL))]
    if step.startswith("word:"):
        word = step.removeprefix("word:")
        buttons = [InlineKeyboardButton(_(STATUS_BUTTONS[s]), callback_data=_data(dialog, s)) for s in STATUSES]
        text = problem + _("Orders marked <b>“{word}”</b> in the status column: what are they?").format(word=escape(word))
        return text, InlineKeyboardMarkup([buttons[:2], buttons[2:], cancel])
    positions = _choices(dialog, step)
    if not positions and step in REQUIRED_FIELDS:
        return _("⚠️ “{file}” has no {lacking}, so I cannot read it. "
                 "Add it and send the file again. Nothing from it was saved.").format(
            file=escape(dialog.name), lacking=_(LACKING[step])), None
    buttons = [InlineKeyboardButton(dialog.label(p), callback_data=_data(dialog, str(p))) for p in positions]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if step == "order_id":
        rows.append([InlineKeyboardButton(_("No order id: one row per purchase"), callback_data=_data(dialog, NONE))])
    if step == "status":
        rows.append([InlineKeyboardButton(_("No status: every row is a sale"), callback_data=_data(dialog, NONE))])
    rows.append(cancel)
    intro = (
        _("🤔 I don't recognise the columns of {file}. Tell me which is which, once; "
          "I'll remember it for files like this.\n\n").format(file=escape(dialog.name))
        if not dialog.mapping and not problem else ""
    )
    ask = _("Which column is <b>{field}</b>?").format(field=_(FIELD_QUESTIONS[step]))
    return f"{problem}{intro}{ask}", InlineKeyboardMarkup(rows)


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
    example = _(" (for example “{example}”)").format(example=escape(problem.example)) if problem.example else ""
    return _("⚠️ {column} {problem}{example}: pick again.\n\n").format(
        column=dialog.quoted(position), problem=_(PROBLEMS[problem.reason]), example=example)


def summary(dialog: Dialog) -> str:
    """What was chosen, in one line the owner can check."""
    parts = []
    for field, value in dialog.mapping.items():
        if field not in FIELD_NAMES:
            continue
        parts.append(_("{field} {column}").format(field=_(FIELD_NAMES[field]), column=dialog.quoted(value))
                     if isinstance(value, int) else _("no {field}").format(field=_(FIELD_NAMES[field])))
    words = dialog.mapping.get("status_words") or {}
    if words:
        parts.append(_(", ").join(f"“{escape(w)}” = {_(STATUS_WORDS[s])}" for w, s in words.items()))
    return _("; ").join(parts)


def _data(dialog: Dialog, choice: str) -> str:
    return f"{MAP_PREFIX}{dialog.token}:{choice}"


def parse(data: str) -> tuple[str, str]:
    """(dialog token, choice) from a button's callback data."""
    token, _colon, choice = data.removeprefix(MAP_PREFIX).partition(":")
    return token, choice
