"""Time phrases in English and Chinese -> local calendar periods in the shop's time zone.

Relative phrases count from today in the shop's zone: "last 30 days" and "最近30天" are the 30
days ending today (today included), "last month" the previous calendar month, "this year so far"
1 January to today, a week runs Monday to Sunday. A month or quarter named without a year is the
latest one not in the future; when the shop has orders in that month of more than one year the
parser asks which. Explicit dates ("since 5 May 2024", "from 2024-03-01 to 2024-03-15") are read
by dateparser. Each finder returns the span of text it used, so the parser can tell which words
were understood.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser
import pandas as pd

from analytics.questions.form import Period

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                    "last": 4}
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = r"[0-9零〇一二两三四五六七八九十百]+"
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 0, "months": 0, "天": 1, "日": 1, "周": 7, "星期": 7,
         "个星期": 7, "个月": 0, "月": 0, "年": -1, "year": -1, "years": -1}


def chinese_number(text: str) -> int | None:
    """'30', '三十', '十五', '九十', '一百二十' -> int; None if it is not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + CN_DIGITS[ch]
    return total + current


@dataclass(frozen=True)
class Found:
    """A period read from the text; `years` > 1 choices when a month or quarter came without a year."""

    span: tuple[int, int]
    periods: tuple[Period, ...]  # one, or the choices (newest first)


def month_period(year: int, month: int, timezone: str) -> Period:
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(dt.date(year, month, 1), end, timezone)


def quarter_period(year: int, quarter: int, timezone: str) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return Period(start, end, timezone)


def months_back(today: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months before (the month's last day if shorter)."""
    return (pd.Timestamp(today) - pd.DateOffset(months=months)).date()


def last_n(number: int, unit: str, today: dt.date, timezone: str) -> Period:
    """The `number` days / weeks / months / years ending today, today included."""
    step = UNITS[unit]
    end = today + dt.timedelta(days=1)
    if step > 0:
        return Period(end - dt.timedelta(days=number * step), end, timezone)
    months = number * (12 if step < 0 else 1)
    return Period(months_back(today, months) + dt.timedelta(days=1), end, timezone)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def named_period(name: str, today: dt.date, timezone: str) -> Period:
    """today, yesterday, this/last week, month, quarter, year (this_* runs to today)."""
    tomorrow = today + dt.timedelta(days=1)
    quarter = (today.month - 1) // 3 + 1
    if name == "today":
        return Period(today, tomorrow, timezone)
    if name == "yesterday":
        return Period(today - dt.timedelta(days=1), today, timezone)
    if name == "this_week":
        return Period(_week_start(today), tomorrow, timezone)
    if name == "last_week":
        start = _week_start(today) - dt.timedelta(days=7)
        return Period(start, start + dt.timedelta(days=7), timezone)
    if name == "this_month":
        return Period(today.replace(day=1), tomorrow, timezone)
    if name == "last_month":
        end = today.replace(day=1)
        return Period((end - dt.timedelta(days=1)).replace(day=1), end, timezone)
    if name == "this_quarter":
        return Period(quarter_period(today.year, quarter, timezone).start, tomorrow, timezone)
    if name == "last_quarter":
        year, previous = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
        return quarter_period(year, previous, timezone)
    if name == "this_year":
        return Period(dt.date(today.year, 1, 1), tomorrow, timezone)
    if name == "last_year":
        return Period(dt.date(today.year - 1, 1, 1), dt.date(today.year, 1, 1), timezone)
    raise KeyError(name)


_NAMED = [  # (pattern, period name); longest phrases first
    (r"\b(?:this year so far|so far this year|year to date|ytd|this year|this yr)\b|今年以来|今年至今|今年", "this_year"),
    (r"\blast year\b|\bprevious year\b|去年", "last_year"),
    (r"\b(?:this quarter|current quarter)\b|本季度|这个季度|这季度", "this_quarter"),
    (r"\b(?:last quarter|previous quarter)\b|上个季度|上季度", "last_quarter"),
    (r"\b(?:this month so far|this month|current month|month to date|mtd)\b|本月|这个月|这月", "this_month"),
    (r"\b(?:last month|previous month|past month)\b|上个月|上月", "last_month"),
    (r"\b(?:this week so far|this week|current week)\b|本周|这周|这个星期|这星期|本星期", "this_week"),
    (r"\b(?:last week|previous week|past week)\b|上周|上个星期|上星期|上个礼拜", "last_week"),
    (r"\byesterday\b|昨天|昨日", "yesterday"),
    (r"\btoday\b|今天|今日", "today"),
]
_LAST_N = re.compile(
    r"\b(?:in the |over the |during the |for the |the )?(?:last|past|previous|recent)\s+(\d+)\s*(days?|weeks?|months?|years?)\b"
    rf"|(?:最近|近|过去|前)({_CN_NUMBER})(天|日|周|个星期|星期|个月|月|年)(?:内|以来|里)?"
)
_MONTH_YEAR = re.compile(rf"\b(?:in |during |for )?({_MONTH_WORDS})\.?\s*(?:of\s+)?,?\s*(\d{{4}}|'\d{{2}}|3[2-9]|[4-9]\d)\b"
                         rf"|\b(\d{{4}})\s*[-/ ]?\s*({_MONTH_WORDS})\b"
                         r"|\b(\d{4})[-/.](\d{1,2})\b(?![-/.]\d)|(\d{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]+)\s*月(?:份)?")
_MONTH_ONLY = re.compile(rf"\b(?:in |during |for )?({_MONTH_WORDS})\b(?!\s*\d)"
                         r"|(?<![年\d])(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?(?!\d)")
_QUARTER = re.compile(r"\b(?:in |during |for )?q([1-4])\s*(?:of\s+)?['’]?(\d{4}|\d{2})?\b"
                      r"|\b(\d{4})\s*-?\s*q([1-4])\b"
                      r"|\b(?:in |during )?(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|last) quarter(?: of)?\s*(\d{4})?\b"
                      r"|(?:(\d{4})\s*年\s*)?第?([一二三四1-4])季度")
_YEAR = re.compile(r"\b(?:in |during |for |the year )?((?:19|20)\d{2})\b(?!\s*[-/.年]\s*\d)|((?:19|20)\d{2})\s*年(?!\s*\d|\s*第|\s*[一二三四五六七八九十]+\s*月|\s*q)")
_RANGE = re.compile(r"\b(?:from|between)\s+(.+?)\s+(?:to|and|until|till|-)\s+(.+?)(?=$|\s+(?:by|per|for|in|on)\b)"
                    r"|(?:从)?(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})(?:到|至|-)(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})")
_SINCE = re.compile(r"\bsince\s+(.+?)(?=$|\s+(?:by|per|for|in|on)\b)|自(.+?)以来|(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})(?:以来|之后|起)")
_ON_DAY = re.compile(r"\b(?:on\s+)?(\d{4}-\d{1,2}-\d{1,2})\b|(\d{4}年\d{1,2}月\d{1,2}日)")


PERIOD_PATTERNS = [pattern for pattern, _ in _NAMED] + [p.pattern for p in (_LAST_N, _MONTH_YEAR, _QUARTER,
                                                                           _RANGE, _SINCE, _YEAR)]


def _date(text: str, today: dt.date) -> dt.date | None:
    text = text.strip()
    numeric = re.fullmatch(r"(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?", text)
    if numeric:
        try:
            return dt.date(*map(int, numeric.groups()))
        except ValueError:
            return None
    parsed = dateparser.parse(text, languages=["en", "zh"], settings={
        "PREFER_DATES_FROM": "past", "RELATIVE_BASE": dt.datetime(today.year, today.month, today.day),
        "STRICT_PARSING": False, "REQUIRE_PARTS": ["day", "month"]})
    return parsed.date() if parsed else None


def find_period(text: str, today: dt.date, timezone: str, years_with_orders: dict[int, set[int]]) -> Found | None:
    """The first period the text names, or None. `years_with_orders` maps month -> years in which
    the shop has orders in that month, to know when "March" needs a question."""
    for finder in (_find_range, _find_since, _find_last_n, _find_named, _find_quarter, _find_month_year,
                   _find_day, _find_month_only, _find_year):
        found = finder(text, today, timezone, years_with_orders)
        if found is not None:
            return found
    return None


def _find_range(text, today, timezone, _years):
    match = _RANGE.search(text)
    if not match:
        return None
    first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    if not all(re.search(rf"\d{{4}}|\d[-/.]\d|\b(?:{_MONTH_WORDS})\b", part) for part in (first, second)):
        return None  # "between first and second order", "from 2nd to 3rd" name no dates
    start, end = _date(first, today), _date(second, today)
    if start is None or end is None or end < start:
        return None
    return Found(match.span(), (Period(start, end + dt.timedelta(days=1), timezone),))


def _find_since(text, today, timezone, _years):
    match = _SINCE.search(text)
    if not match:
        return None
    named = next(group for group in match.groups() if group)
    if not re.search(rf"\d{{4}}|\d[-/.]\d|\b(?:{_MONTH_WORDS})\b", named):
        return None
    start = _date(named, today)
    if start is None or start > today:
        return None
    return Found(match.span(), (Period(start, today + dt.timedelta(days=1), timezone),))


def _find_last_n(text, today, timezone, _years):
    match = _LAST_N.search(text)
    if match:
        number_text, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        number = chinese_number(number_text)
        if number and number < 5000:
            return Found(match.span(), (last_n(number, unit, today, timezone),))
    return None


def _find_named(text, today, timezone, _years):
    for pattern, name in _NAMED:
        match = re.search(pattern, text)
        if match:
            return Found(match.span(), (named_period(name, today, timezone),))
    return None


def _full_year(written: str, today: dt.date) -> int:
    """'2024' as it is; "jan '98" or "jan 98" (two digits that cannot be a day of the month) as
    the latest such year not after this one."""
    if len(written) == 4:
        return int(written)
    short = int(written.lstrip("'"))
    year = today.year - (today.year - short) % 100
    return year


def _find_month_year(text, today, timezone, _years):
    match = _MONTH_YEAR.search(text)
    if not match:
        return None
    g = match.groups()
    if g[0]:
        month, year = MONTHS[g[0]], _full_year(g[1], today)
    elif g[2]:
        year, month = int(g[2]), MONTHS[g[3]]
    elif g[4]:
        year, month = int(g[4]), int(g[5])
    else:
        year, month = int(g[6]), chinese_number(g[7])
    if not month or not 1 <= month <= 12:
        return None
    return Found(match.span(), (month_period(year, month, timezone),))


def _find_month_only(text, today, timezone, years_with_orders):
    match = _MONTH_ONLY.search(text)
    if not match:
        return None
    month = MONTHS[match.group(1)] if match.group(1) else chinese_number(match.group(2))
    if not month or not 1 <= month <= 12:
        return None
    latest = today.year if month <= today.month else today.year - 1
    years = sorted((y for y in years_with_orders.get(month, set()) if y <= latest), reverse=True) or [latest]
    return Found(match.span(), tuple(month_period(year, month, timezone) for year in years))


def _find_quarter(text, today, timezone, years_with_orders):
    match = _QUARTER.search(text)
    if not match:
        return None
    g = match.groups()
    if g[0]:
        quarter, year_text = int(g[0]), g[1]
    elif g[2]:
        quarter, year_text = int(g[3]), g[2]
    elif g[4]:
        quarter, year_text = ORDINAL_QUARTERS[g[4]], g[5]
    else:
        quarter, year_text = chinese_number(g[7]), g[6]
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return Found(match.span(), (quarter_period(year, quarter, timezone),))
    latest = today.year if 3 * quarter - 2 <= today.month else today.year - 1
    months = range(3 * quarter - 2, 3 * quarter + 1)
    years = sorted({y for m in months for y in years_with_orders.get(m, set()) if y <= latest}, reverse=True) or [latest]
    return Found(match.span(), tuple(quarter_period(year, quarter, timezone) for year in years))


def _find_year(text, today, timezone, _years):
    match = _YEAR.search(text)
    if not match:
        return None
    year = int(match.group(1) or match.group(2))
    return Found(match.span(), (Period(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), timezone),))


def _find_day(text, today, timezone, _years):
    match = _ON_DAY.search(text)
    if not match:
        return None
    day = _date(match.group(1) or match.group(2), today)
    if day is None:
        return None
    return Found(match.span(), (Period(day, day + dt.timedelta(days=1), timezone),))
