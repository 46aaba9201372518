"""Parse the values exports write in many local styles: money, dates and order statuses.

Each parser works on a whole column at once (fast path for the common clean format, slower
path only for the rest) and decides ambiguous conventions from the whole column, never from
one cell: "05/06/2024" is day-first only if some other row proves it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import N_, Message

# Symbols that name one currency without doubt in the shops we serve; "$" alone is taken as
# USD, the overwhelmingly common case, and a currency column or code always wins over it.
_SYMBOL_CURRENCY = {
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "৳": "BDT",
    "￥": "CNY",
    "¥": "CNY",
    "元": "CNY",
    "₩": "KRW",
    "₽": "RUB",
    "zł": "PLN",
    "R$": "BRL",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "US$": "USD",
    "$": "USD",
}
_CODE = re.compile(r"\b([A-Z]{3})\b")
_SYMBOLS = re.compile("|".join(re.escape(s) for s in sorted(_SYMBOL_CURRENCY, key=len, reverse=True)))
_NOT_NUMBER = re.compile(r"[^0-9.,\-]")
_PLAIN_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)"
# Spreadsheet artefacts, never prices: "inf", "NaN", "1e309", "(1e5)", "5e3 EUR". Reading them as
# numbers gave "revenue: inf"; reading their digits gave -15 and 53.
_NOT_AN_AMOUNT = re.compile(r"\d[eE][+-]?\d|\b(?:inf|infinity|nan)\b", re.IGNORECASE)


def _without_accents(text: str) -> str:
    """"payée" -> "payee", "zwrócone" -> "zwrocone", "opłacone" -> "oplacone"; CJK untouched."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Money:
    """A parsed money column: amounts (NaN where unreadable) and the currency each row names."""

    amount: pd.Series
    currency: pd.Series  # ISO code or <NA> where the cell names none


def parse_money(column: pd.Series) -> Money:
    """Read amounts like "$1,234.50", "1.234,50 €", "1 234,50", "(12.00)", "USD 12", "-$0.95".

    Infinity, NaN and exponent forms are unreadable (NaN), never a number.
    """
    text = column.astype("string").str.strip()
    plain, fast = _plain_numbers(text)
    currency = pd.Series(pd.NA, index=column.index, dtype="string")
    slow = ~plain & text.ne("").fillna(False).astype(bool)
    if slow.any():  # the refusal pattern only on the few cells that are not plain numbers
        slow[slow] = ~text[slow].str.contains(_NOT_AN_AMOUNT).fillna(False).astype(bool).to_numpy()
    if not slow.any():
        return Money(_finite(fast), currency)
    raw = text[slow]
    upper = raw.str.upper()
    code = upper.str.extract(_CODE, expand=False)
    symbol = raw.str.extract(f"({_SYMBOLS.pattern})", expand=False).map(_SYMBOL_CURRENCY)
    currency.loc[slow] = code.where(code.notna(), symbol)
    negative = raw.str.contains(r"^\(.*\)$|^-|-\s*$|^[^0-9]*-", regex=True)
    digits = raw.str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace(_NOT_NUMBER, "", regex=True)
    digits = digits.str.replace("-", "", regex=False)
    comma_decimal = _column_uses_decimal_comma(digits)
    digits = digits.map(lambda value: _normalise_separators(value, comma_decimal), na_action="ignore")
    amount = pd.to_numeric(digits, errors="coerce").astype(float)
    amount = amount.where(~negative.fillna(False), -amount)
    fast.loc[slow] = amount
    return Money(_finite(fast), currency)


def _per_distinct(text: pd.Series, read):
    """`read(text)` (a Series or a DataFrame, row for row), worked out once per distinct text: a
    million rows of prices, dates or statuses repeat a few thousand texts. A missing cell gets
    what `read` makes of <NA>."""
    codes, distinct = pd.factorize(text, use_na_sentinel=False)
    found = read(pd.Series(distinct, dtype="string")).take(codes)
    found.index = text.index
    return found


def parse_numbers(column: pd.Series) -> pd.Series:
    """pd.to_numeric(column, errors="coerce"), worked out once per distinct text (in the column's
    own text type, so the numbers come out of the same type): a million line quantities repeat a
    handful of texts, 0.35 s read cell by cell, 0.03 s this way. Only text: 1 and 1.0 would be
    one value to factorize, and two to to_numeric."""
    if not pd.api.types.is_string_dtype(column):
        return pd.to_numeric(column, errors="coerce")
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    found = pd.to_numeric(pd.Series(distinct, dtype=column.dtype), errors="coerce").take(codes)
    found.index = column.index
    return found


def _plain_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Which cells are plain numbers ("12.50", "-3"), and their values (NaN elsewhere)."""
    def read(distinct: pd.Series) -> pd.DataFrame:
        plain = distinct.str.fullmatch(_PLAIN_NUMBER).fillna(False).astype(bool)
        return pd.DataFrame({"plain": plain, "value": pd.to_numeric(distinct.where(plain), errors="coerce").astype(float)})

    found = _per_distinct(text, read)
    return found["plain"].rename(None), found["value"].rename(None)


def _finite(amount: pd.Series) -> pd.Series:
    """NaN for anything too large to be a real price (a plain "1" followed by 309 zeros)."""
    return amount.where(np.isfinite(amount))


def _column_uses_decimal_comma(digits: pd.Series) -> bool:
    """A column is decimal-comma when commas end values with 1-2 digits and dots never do."""
    comma_end = digits.str.contains(r",\d{1,2}$", regex=True).sum()
    dot_end = digits.str.contains(r"\.\d{1,2}$", regex=True).sum()
    dot_thousands = digits.str.contains(r"\.\d{3}(?:,|$)", regex=True).sum()
    return bool(comma_end > dot_end or (comma_end and dot_thousands and not dot_end))


def _normalise_separators(value: str, comma_decimal: bool) -> str:
    if comma_decimal:
        return value.replace(".", "").replace(",", ".")
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            return value.replace(".", "").replace(",", ".")
        return value.replace(",", "")
    if "," in value:
        head, _, tail = value.rpartition(",")
        if len(tail) == 3:
            return value.replace(",", "")
        return head.replace(",", "") + "." + tail
    return value


@dataclass(frozen=True)
class Dates:
    """A parsed date column in UTC, with the convention chosen and anything the owner should know."""

    values: pd.Series  # datetime64[UTC], NaT where unreadable
    note: str | None = None


_DAY_FIRST_HINT = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})")
_UTC_SUFFIX = re.compile(r"\s+(?:UTC|GMT)$", re.IGNORECASE)
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_TIME_PARTS = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")


def parse_dates(column: pd.Series) -> Dates:
    """Read a date column into UTC: ISO with offsets, slashed dates, Excel serials, Chinese dates."""
    text = column.astype("string").str.strip()
    text = text.where(text != "", pd.NA)
    if text.str.contains("年", regex=False).any():
        text = text.str.replace(_CHINESE_DATE, r"\1-\2-\3", regex=True)
    present = text.dropna()
    if present.empty:
        return Dates(pd.Series(pd.NaT, index=column.index, dtype="datetime64[us, UTC]"))
    sample = _first_distinct(present, 500)
    if sample.str.contains(_UTC_SUFFIX).any():  # "2025-03-02 10:12:00 UTC" (Judge.me)
        text = text.str.replace(_UTC_SUFFIX, "+00:00", regex=True)
        present, sample = text.dropna(), sample.str.replace(_UTC_SUFFIX, "+00:00", regex=True)

    if sample.str.fullmatch(r"\d{5}(\.\d+)?").mean() > 0.9:
        serial = pd.to_numeric(text, errors="coerce")
        values = pd.to_datetime(serial, unit="D", origin="1899-12-30", errors="coerce")
        return Dates(values.dt.tz_localize("UTC"), "Dates were Excel serial numbers.")

    if sample.str.match(r"^\d{4}-\d{1,2}-\d{1,2}").mean() > 0.9:
        return Dates(_to_utc(text, "ISO8601"))

    slashed = sample.str.extract(_DAY_FIRST_HINT)
    if slashed.notna().all(axis=1).mean() > 0.9:
        return _parse_slashed(text, present)

    return Dates(_to_utc(text, "mixed"))


def _first_distinct(values: pd.Series, count: int) -> pd.Series:
    """values.drop_duplicates().head(count), found in the shortest prefix (growing fourfold) that
    holds that many distinct values: a million dates need not all be hashed to pick 500."""
    size = 4 * count
    while size < len(values):
        found = values.iloc[:size].drop_duplicates()
        if len(found) >= count:
            return found.head(count)
        size *= 4
    return values.drop_duplicates().head(count)


def _parse_slashed(text: pd.Series, present: pd.Series) -> Dates:
    parts = present.str.extract(_DAY_FIRST_HINT).astype(float)
    first_over_12 = bool((parts[0] > 12).any())
    second_over_12 = bool((parts[1] > 12).any())
    note = None
    example = present[present.str.match(_DAY_FIRST_HINT)].iloc[0].strip()
    first = _DAY_FIRST_HINT.match(example)
    separator = example[len(first.group(1))]
    if first_over_12 and not second_over_12:
        day_first = True
    elif second_over_12 and not first_over_12:
        day_first = False
    elif separator == ".":
        day_first = True  # 02.03.2024 is how Germany, Poland, the Netherlands… write 2 March
    else:
        day_first = False
        note = Message(N_(
            "Every date in the file could be read day-first or month-first; I read them month-first "
            "(05/06/2024 = May 6). If your shop writes the day first, re-export with ISO dates."
        ))
    year = "%Y" if len(first.group(3)) == 4 else "%y"
    date_format = (
        f"%d{separator}%m{separator}{year}" if day_first else f"%m{separator}%d{separator}{year}"
    )
    values = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    for time_part in _TIME_PARTS:
        missing = values.isna() & text.notna()
        if not missing.any():
            break
        values.loc[missing] = _to_utc(text[missing], date_format + time_part)
    return Dates(values, note)


def _to_utc(text: pd.Series, date_format: str) -> pd.Series:
    """Once per distinct text: an order's time repeats on each of its line-item rows."""
    return _per_distinct(text, lambda distinct: pd.to_datetime(
        distinct, format=date_format, utc=True, errors="coerce").astype("datetime64[us, UTC]"))


# Order statuses as the platforms and spreadsheets write them, mapped to our four. European
# words are written without accents: statuses are compared with accents removed ("payée" = "payee").
_STATUS_WORDS = {
    "paid": (
        "paid", "completed", "complete", "success", "succeeded", "successful", "shipped",
        "delivered", "fulfilled", "processing", "closed", "captured", "authorized", "settled",
        "partially_refunded", "partially refunded", "交易成功", "已完成", "已付款", "已发货", "已签收",
        "已收货", "待发货", "已发货，待签收", "已发货,待签收", "待收货", "售后处理中", "完成", "交易完成",
        "等待卖家发货", "等待买家确认收货",  # the Taobao family's (1688) words: unconfirmed, docs/formats.md 6
        # de, fr, es, it, nl, pt, pl
        "bezahlt", "abgeschlossen", "versendet", "versandt", "geliefert", "zugestellt", "erledigt", "in bearbeitung",
        "payee", "paye", "terminee", "termine", "expediee", "livree", "validee", "en cours", "en preparation",
        "pagado", "pagada", "completado", "completada", "enviado", "enviada", "entregado", "entregada",
        "pagato", "pagata", "completato", "completata", "spedito", "spedita", "consegnato", "consegnata", "evaso",
        "betaald", "voltooid", "verzonden", "geleverd", "afgerond", "in behandeling",
        "pago", "paga", "concluido", "concluida", "entregue", "faturado", "em processamento",
        "oplacone", "oplacona", "zaplacone", "zaplacona", "zrealizowane", "zrealizowana", "wyslane", "dostarczone",
        "w realizacji", "en proceso", "in lavorazione",
    ),
    "refunded": (
        "refunded", "fully refunded", "returned", "退款", "已退款", "退款成功",
        "erstattet", "ruckerstattet", "zuruckerstattet", "retourniert", "zuruckgesendet",
        "remboursee", "rembourse", "retournee",
        "reembolsado", "reembolsada", "devuelto", "devuelta",
        "rimborsato", "rimborsata", "reso", "restituito",
        "terugbetaald", "geretourneerd", "retour",
        "devolvido", "devolvida",
        "zwrocone", "zwrocona", "zwrot",
    ),
    "cancelled": (
        "cancelled", "canceled", "voided", "void", "failed", "declined", "expired", "trash",
        "交易关闭", "已取消", "已关闭",
        "storniert", "abgebrochen", "fehlgeschlagen", "annulee", "annule", "echouee",
        "cancelado", "cancelada", "anulado", "anulada", "fallido",
        "annullato", "annullata", "cancellato", "cancellata", "fallito",
        "geannuleerd", "mislukt", "anulowane", "anulowana", "nieudane",
    ),
    "pending": (
        "pending", "on hold", "on-hold", "awaiting payment", "unpaid", "draft", "requires_payment_method",
        "partially_paid", "等待付款", "待付款", "未付款", "待支付", "未支付",
        "等待买家付款", "退款中",  # 1688: left out of revenue until paid / until the refund is settled
        "offen", "ausstehend", "unbezahlt", "en attente", "non payee",
        "pendiente", "en espera", "sin pagar", "in attesa", "non pagato", "in sospeso",
        "open", "in afwachting", "onbetaald", "pendente", "aguardando pagamento", "nao pago",
        "oczekujace", "oczekujaca", "nieoplacone",
    ),
}
_STATUS_LOOKUP = {_without_accents(word): status for status, words in _STATUS_WORDS.items() for word in words}


def normalise_status(column: pd.Series | None, index: pd.Index) -> pd.Series:
    """Map free-text statuses to paid / refunded / cancelled / pending; unknown or empty is paid."""
    if column is None:
        return pd.Series("paid", index=index, dtype="string")
    return _per_distinct(column.astype("string"), lambda words: pd.Series(
        ["paid" if word is pd.NA else known_status(word) or "paid" for word in words], dtype="string"))


def known_status(word: str) -> str | None:
    """Our status for one word an export writes, or None when it is not a word we know (so the
    owner can be asked what it means instead of it silently counting as paid)."""
    return _STATUS_LOOKUP.get(_without_accents(re.sub(r"^wc-", "", word.strip().lower())))


def first_bad_rows(mask: pd.Series, limit: int = 5) -> list[int]:
    """Spreadsheet row numbers (header is row 1) of the first rows where `mask` is true."""
    positions = np.flatnonzero(mask.to_numpy())[:limit]
    return [int(position) + 2 for position in positions]
