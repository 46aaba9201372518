"""Fit a reply into one Telegram message without breaking its HTML.

Telegram refuses a message whose text, once its tags are parsed, is over 4,096 characters, and
one whose tags do not close. So a long reply is cut only between whole tags and entities: at the
last line break outside any tag if there is one, else inside the text with the open tags closed
after the cut. Lengths are counted in UTF-16 code units, which is never less than what Telegram
counts. Long values inside lists are shortened first (`shorten`) so that a list keeps its rows.
"""

from __future__ import annotations

import re

from telegram.ext import ExtBot

MAX_MESSAGE = 4096
MAX_CAPTION = 1024
SHORTENED = "\n…(shortened)"

_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.S)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(html: str) -> int:
    """How long the owner's screen shows `html`, in UTF-16 code units (tags count for nothing)."""
    total = 0
    for match in _TOKEN.finditer(html):
        token = match.group(0)
        if match.group(2):
            continue
        total += 1 if token.startswith("&") and len(token) > 1 else _units(token)
    return total


def fit(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` (Telegram HTML) cut to at most `limit` visible characters, saying that it was cut."""
    if visible_length(text) <= limit:
        return text
    budget = limit - _units(SHORTENED)
    shown, open_tags = 0, []
    last_line_end = None  # (position, tags open there): a line break outside every tag
    cut, cut_tags = 0, []
    for match in _TOKEN.finditer(text):
        token, closing, tag = match.group(0), match.group(1), match.group(2)
        if tag:
            tag = tag.lower()
            if closing:
                if open_tags and open_tags[-1] == tag:
                    open_tags.pop()
            elif not token.endswith("/>"):
                open_tags.append(tag)
            cut, cut_tags = match.end(), list(open_tags)
            continue
        size = 1 if token.startswith("&") and len(token) > 1 else _units(token)
        if shown + size > budget:
            break
        if token == "\n" and not open_tags:
            last_line_end = match.start()
        shown += size
        cut, cut_tags = match.end(), list(open_tags)
    if last_line_end is not None and last_line_end >= cut // 2:
        return text[:last_line_end] + SHORTENED
    return text[:cut] + "".join(f"</{tag}>" for tag in reversed(cut_tags)) + SHORTENED


def fit_plain(text: str, limit: int = MAX_MESSAGE) -> str:
    """A reply sent without parse mode, cut at a line break where one is near."""
    if _units(text) <= limit:
        return text
    budget = limit - _units(SHORTENED)
    head = text.encode("utf-16-le")[: budget * 2].decode("utf-16-le", errors="ignore")
    line_end = head.rfind("\n")
    return (head[:line_end] if line_end >= len(head) // 2 else head) + SHORTENED


def shorten(text: object, limit: int = 60) -> str:
    """One value (a name, a product) on one line of at most `limit` characters, ending in … if cut.
    Apply before escaping, so an entity is never cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit_for(text: str, parse_mode: object, limit: int = MAX_MESSAGE) -> str:
    """`text` fitted as Telegram will parse it: as HTML when `parse_mode` says so, else as plain text."""
    if not isinstance(text, str):
        return text
    return fit(text, limit) if str(parse_mode).upper() == "HTML" else fit_plain(text, limit)


class FittingBot(ExtBot):
    """The bot every reply goes through: texts and captions are fitted before they are sent, so a
    path that forgot to (an error message echoing a 10,000-character argument) cannot break."""

    async def send_message(self, chat_id, text, *args, **kwargs):
        mode = kwargs.get("parse_mode", args[0] if args else None)
        return await super().send_message(chat_id, fit_for(text, mode), *args, **kwargs)

    async def edit_message_text(self, text, *args, **kwargs):
        mode = kwargs.get("parse_mode", args[3] if len(args) > 3 else None)
        return await super().edit_message_text(fit_for(text, mode), *args, **kwargs)

    async def send_photo(self, *args, **kwargs):
        return await super().send_photo(*args, **_fit_caption(kwargs))

    async def send_document(self, *args, **kwargs):
        return await super().send_document(*args, **_fit_caption(kwargs))


def _fit_caption(kwargs: dict) -> dict:
    if kwargs.get("caption") is not None:
        kwargs["caption"] = fit_for(kwargs["caption"], kwargs.get("parse_mode"), MAX_CAPTION)
    return kwargs
