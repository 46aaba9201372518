"""The owner's language: gettext catalogues, and numbers, money and dates written the way that
language writes them (Babel).

Catalogues are the `.po` files under `bot/locale/` (extracted with `pybabel extract -F babel.cfg`,
see README "Translations"). They are compiled into memory with Babel the first time a language
is used, so no generated `.mo` binary is committed and none can drift from its `.po`.

The language of the chat being answered sits in a context variable: the access gate sets it
for each update, the digest job for its chat, and the worker pool carries it into the worker
process. The reply functions stay pure functions of their data and call `_()`; English is the
default, and its texts are the message ids themselves, so English replies are unchanged.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

T = TypeVar("T")

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
ENGLISH = "en"
CHINESE = "zh_Hans"
# Every language the bot speaks, with its name in itself (what the /language buttons say).
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}
# Telegram's setMyCommands language_code for each catalogue (none: the default menu).
MENU_LANGUAGE_CODES: dict[str, str | None] = {ENGLISH: None, CHINESE: "zh"}

_current: ContextVar[str] = ContextVar("shoppulse_language", default=ENGLISH)


@functools.cache
def translator(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `language`; English (the message ids) needs none."""
    if language not in LANGUAGES or language == ENGLISH:
        return _gettext.NullTranslations()
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def language_for(language_code: str | None) -> str:
    """Telegram's language_code (an IETF tag such as "zh-hans", "zh-TW", "en-GB") -> a catalogue:
    Chinese (Simplified) for every "zh", English otherwise."""
    return CHINESE if (language_code or "").lower().split("-")[0] == "zh" else ENGLISH


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> None:
    """For the rest of the current task (one update): answer in `language`."""
    _current.set(language if language in LANGUAGES else ENGLISH)


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Within the block, answer in `language` (a job with no incoming update: the digest)."""
    token = _current.set(language if language in LANGUAGES else ENGLISH)
    try:
        yield
    finally:
        _current.reset(token)


def in_language(language: str, function: Callable[..., T], *args) -> T:
    """Run `function` in `language`: how a job in a worker process keeps the chat's language."""
    with use_language(language):
        return function(*args)


def _(message: str) -> str:
    """`message` in the current chat's language (the English text is the message id)."""
    return translator(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count` (Chinese has one form)."""
    return translator(_current.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a text for the catalogue where it is defined (a module constant), translated where it is
    shown with `_()`."""
    return message


def translated(message: object) -> str:
    """What analytics (or the service) said as a code and values, in the current language: an
    error or an `analytics.errors.Message` carries its English template (the message id) and
    its values; a value that is itself such words is translated too, any other (a file name, a
    cell of the file) is data and stays as it is. Plain text is looked up as it is."""
    template = getattr(message, "template", None)
    if template is None:
        return _(str(message))
    params = getattr(message, "params", None) or {}
    if not params:
        return _(template)
    return _(template).format(**{name: translated(value) if hasattr(value, "template") else value
                                 for name, value in params.items()})


def translate_filled(text: str, templates: tuple[str, ...],
                     values: Callable[[str], str] | None = None) -> str:
    """`text` that the analysis wrote in English from one of `templates` ("bought once, {days}
    days ago"), in the current language with the same values (each passed through `values`, when
    given, for words inside words); any other text as it is.

    The analysis stores some sentences whole (a churn reason per customer); this reads their
    values back by the template, so the catalogue translates them like any other message."""
    for template in templates:
        found = _template_pattern(template).fullmatch(text)
        if found:
            filled = {name: values(value) if values else value for name, value in found.groupdict().items()}
            return _(template).format(**filled)
    return text


@functools.cache
def _template_pattern(template: str) -> re.Pattern[str]:
    pattern = ""
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        pattern += re.escape(literal) + (f"(?P<{field}>.+?)" if field else "")
    return re.compile(pattern)


def babel_locale() -> str:
    return _current.get()


def money(amount: float, currency: str | None) -> str:
    """An amount with its currency as the owner's language writes it: "1,234.50 USD" in English,
    "¥1,234.50" in Chinese; the pattern itself is in the catalogue.

    Rounded to cents first, as the shop's exports are, whatever the currency's usual digits."""
    cents = Decimal(f"{amount:.2f}")
    if not currency:
        return format_decimal(cents, format="#,##0.00", locale=babel_locale())
    # Translators: a Unicode (CLDR) currency pattern: ¤ is the symbol (¥), ¤¤ the code (CNY).
    return format_currency(cents, currency, format=_("#,##0.00 ¤¤"), locale=babel_locale(), currency_digits=False)


def day(value, pattern: str | None = None) -> str:
    """A date as the owner's language writes it, by a CLDR pattern from the catalogue
    (default: ISO "2024-05-06", which both languages read)."""
    return format_date(value, format=pattern or "yyyy-MM-dd", locale=babel_locale())
