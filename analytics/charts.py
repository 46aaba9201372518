"""Charts as PNG bytes, sized to read on a phone held upright, in the owner's language.

The object-oriented Figure API is used instead of pyplot: it keeps no global state, so charts
can be drawn in worker threads and processes safely.

Words on a chart are English message ids passed through the caller's `gettext` (the bot passes
its catalogue's; analytics knows no language), and dates are written by Babel in the caller's
`locale`. Text is drawn with DejaVu Sans, falling back glyph by glyph to Noto Sans CJK SC, which
the mplfonts package ships, so Chinese words and product names never become empty boxes.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from importlib.resources import files

import matplotlib
import numpy as np
import pandas as pd
from babel.dates import format_date
from matplotlib import font_manager
from matplotlib.figure import Figure

CJK_FONT = files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
FONTS = ["DejaVu Sans", "Noto Sans CJK SC"]  # Latin as before; Chinese from the CJK font

PHONE_SIZE_INCHES = (6.0, 7.5)
DPI = 150
_BAR = "#2f6f8f"
_ACCENT = "#d1603d"
MAX_BANDS = 7
Gettext = Callable[[str], str]


def _english(message: str) -> str:
    return message


@functools.cache
def _register_cjk_font() -> None:
    font_manager.fontManager.addfont(str(CJK_FONT))


def _with_fonts(draw: Callable[..., bytes]) -> Callable[..., bytes]:
    """Draw (and save) with the CJK fallback font, without touching matplotlib's global settings."""
    @functools.wraps(draw)
    def drawn(*args, **kwargs) -> bytes:
        _register_cjk_font()
        with matplotlib.rc_context({"font.family": FONTS}):  # a list: matplotlib falls back along it
            return draw(*args, **kwargs)
    return drawn


@_with_fonts
def segments_chart(segments: list[dict], *, gettext: Gettext = _english) -> bytes:
    """Horizontal bars of customers per segment, labelled with their share of revenue.

    `segments` is a list of {"segment", "customers", "revenue_share"} in display order; segment
    names are drawn as given (the caller's words).
    """
    shown = [row for row in segments if row["customers"]]
    figure = Figure(figsize=PHONE_SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    names = [row["segment"] for row in shown][::-1]
    counts = [row["customers"] for row in shown][::-1]
    shares = [row["revenue_share"] for row in shown][::-1]
    bars = axes.barh(names, counts, color=_BAR)
    for bar, count, share in zip(bars, counts, shares):
        axes.text(
            bar.get_width(), bar.get_y() + bar.get_height() / 2,
            gettext("  {customers} · {share} of revenue").format(customers=f"{count:,}", share=f"{share:.0%}"),
            va="center", fontsize=9, color=_ACCENT,
        )
    axes.set_title(gettext("Customers by segment"), fontsize=14, loc="left")
    axes.set_xlabel(gettext("customers"))
    axes.margins(x=0.45)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=10)
    return _png(figure)


@_with_fonts
def value_chart(clv, currency: str | None, *, gettext: Gettext = _english) -> bytes:
    """Customers per band of expected 12-month value, in round amounts an owner reads."""
    return _png(_value_figure(clv, currency, gettext))


def money_bands(values, gettext: Gettext = _english) -> list[tuple[str, int]]:
    """(band, customers) from low to high, the bands cut at round amounts (1, 2, 5, 10, 20, 50, ...)
    between the 10th and 95th percentile, at most seven bands, the last one open."""
    values = np.asarray(values, dtype=float)
    values = np.clip(values[np.isfinite(values)], 0, None)
    if not len(values):
        return []
    low, high = np.quantile(values, [0.1, 0.95])
    steps = [mantissa * 10**power for power in range(10) for mantissa in (1, 2, 5)]
    cuts = [step for step in steps if low < step <= high] or [next(step for step in steps if step > high)]
    while len(cuts) > MAX_BANDS - 1:
        cuts = cuts[1::2]
    band = np.searchsorted(cuts, values, side="right")
    names = ([gettext("under {amount}").format(amount=f"{cuts[0]:,}")] + [f"{a:,}–{b:,}" for a, b in zip(cuts, cuts[1:])]
             + [gettext("{amount} or more").format(amount=f"{cuts[-1]:,}")])
    return [(name, int((band == index).sum())) for index, name in enumerate(names)]


def _value_figure(clv, currency: str | None, gettext: Gettext = _english) -> Figure:
    figure = Figure(figsize=PHONE_SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    bands = money_bands(clv, gettext)[::-1]  # the highest band on top
    bars = axes.barh([name for name, _ in bands], [count for _, count in bands], color=_BAR)
    for bar, (_, count) in zip(bars, bands):
        axes.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f"  {count:,}", va="center", fontsize=10,
                  color=_ACCENT)
    axes.set_title(gettext("Expected value per customer, next 12 months"), fontsize=13, loc="left")
    axes.set_ylabel(gettext("12-month value ({currency})").format(currency=currency) if currency
                    else gettext("12-month value"))
    axes.set_xlabel(gettext("customers"))
    axes.margins(x=0.15)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


@_with_fonts
def revenue_chart(weekly_revenue, weekly_average, currency: str | None, *, gettext: Gettext = _english,
                  locale: str = "en") -> bytes:
    """Revenue by week as bars, with the digest's own 4-week average (analytics.digest) as a line."""
    return _png(_revenue_figure(weekly_revenue, weekly_average, currency, gettext, locale))


def week_labels(week_starts, gettext: Gettext = _english, locale: str = "en") -> list[str]:
    """"05 Jan" per week; where the weeks cross into another year, the first week and the first
    week of each year also say which year. The patterns are CLDR date patterns, per language."""
    days = [pd.Timestamp(day) for day in week_starts]
    crosses = len({day.year for day in days}) > 1
    # Translators: CLDR date patterns of a week's first day under the revenue chart's bars.
    with_year, without = gettext("dd MMM yyyy"), gettext("dd MMM")
    return [format_date(day, with_year if crosses and (i == 0 or day.year != days[i - 1].year) else without,
                        locale=locale)
            for i, day in enumerate(days)]


def _revenue_figure(weekly_revenue, weekly_average, currency: str | None, gettext: Gettext = _english,
                    locale: str = "en") -> Figure:
    figure = Figure(figsize=(6.0, 4.0), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    labels = week_labels(weekly_revenue.index, gettext, locale)
    axes.bar(labels, np.asarray(weekly_revenue.to_numpy(), dtype=float), color=_BAR)
    average = np.asarray(weekly_average.reindex(weekly_revenue.index).to_numpy(), dtype=float)
    axes.plot(labels, average, color=_ACCENT, linewidth=2.5, label=gettext("4-week average (of the 4 weeks before)"))
    axes.set_title(gettext("Revenue by week"), fontsize=13, loc="left")
    axes.set_ylabel(currency or gettext("revenue"))
    axes.tick_params(axis="x", labelrotation=60, labelsize=8)
    figure.legend(frameon=False, fontsize=9, loc="outside lower center")
    axes.spines[["top", "right"]].set_visible(False)
    return figure


@_with_fonts
def sentiment_chart(by_month, *, gettext: Gettext = _english, locale: str = "en") -> bytes:
    """Share of positive, neutral and negative reviews per month, stacked, with how many reviews
    each month had above its bar (a month of two reviews is no trend)."""
    return _png(_sentiment_figure(by_month, gettext, locale))


def _sentiment_figure(by_month, gettext: Gettext = _english, locale: str = "en") -> Figure:
    figure = Figure(figsize=(6.0, 4.3), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    # Translators: a CLDR date pattern of a month under the sentiment chart's bars.
    months = [format_date(pd.Timestamp(month), gettext("MMM yyyy"), locale=locale) for month in by_month.index]
    labels = {"positive": gettext("positive"), "neutral": gettext("neutral"), "negative": gettext("negative")}
    bottom = np.zeros(len(months))
    for column, colour in (("positive", "#3d8f5a"), ("neutral", "#b9b9b9"), ("negative", _ACCENT)):
        values = by_month[column].to_numpy(dtype=float) if column in by_month else np.zeros(len(months))
        axes.bar(months, values, bottom=bottom, color=colour, label=labels[column])
        bottom += values
    for x, count in enumerate(by_month["reviews"].to_numpy(dtype=int)):
        axes.text(x, 1.02, f"{count:,}", ha="center", va="bottom", fontsize=8)
    axes.set_title(gettext("Review sentiment by month"), fontsize=13, loc="left")
    axes.set_xlabel(gettext("the number above each month: reviews scored that month"), fontsize=8, color="#555555")
    axes.set_ylim(0, 1.1)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1])
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.tick_params(axis="x", labelrotation=60, labelsize=8)
    figure.legend(frameon=False, fontsize=9, ncols=3, loc="outside lower center")
    axes.spines[["top", "right"]].set_visible(False)
    return figure


@_with_fonts
def series_chart(table: pd.DataFrame, title: str, unit: str) -> bytes:
    """A question's answer over time as bars, one colour per column (currency); `table` is indexed by
    the period's label (day, week, month, ...) in order. `title` comes in the owner's language."""
    figure = Figure(figsize=(6.0, 4.0), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    labels = [str(label) for label in table.index]
    positions = np.arange(len(labels))
    width = 0.8 / max(len(table.columns), 1)
    colours = [_BAR, _ACCENT, "#3d8f5a", "#8c6bb1"]
    for i, column in enumerate(table.columns):
        values = np.asarray(pd.to_numeric(table[column], errors="coerce").to_numpy(), dtype=float)
        axes.bar(positions + i * width - 0.4 + width / 2, values, width, color=colours[i % len(colours)],
                 label=None if column == "value" else str(column))
    axes.set_xticks(positions, labels)
    axes.set_title(title, fontsize=13, loc="left")
    axes.set_ylabel(str(table.columns[0]) if unit == "money" and len(table.columns) == 1 else "")  # the currency
    if unit == "share":
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.tick_params(axis="x", labelrotation=60, labelsize=8)
    if len(table.columns) > 1:
        figure.legend(frameon=False, fontsize=9, ncols=len(table.columns), loc="outside lower center")
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


@_with_fonts
def cohort_chart(shares: pd.DataFrame, *, gettext: Gettext = _english) -> bytes:
    """The retention heatmap: a row per first-order month, a column per month after it, each cell the
    share of that month's new customers with an order then; the first column (the month itself) is 100%."""
    months = [c for c in shares.columns if c != "customers"]
    values = shares[months].to_numpy(dtype=float)  # months not yet reached are NaN: left blank
    height = min(2.0 + 0.32 * len(shares), 11.0)
    figure = Figure(figsize=(6.0, height), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    later = values[:, 1:]
    top = float(np.nanmax(later)) if later.size and np.isfinite(later).any() else 1.0
    image = axes.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=max(0.3, top))
    axes.set_xticks(range(len(months)), [str(m) for m in months], fontsize=8)
    axes.set_yticks(range(len(shares)), [f"{c} ({n:,})" for c, n in zip(shares.index, shares["customers"])], fontsize=8)
    for row in range(values.shape[0]):
        for column in range(1, values.shape[1]):
            if np.isfinite(values[row, column]):
                axes.text(column, row, f"{values[row, column]:.0%}", ha="center", va="center", fontsize=6)
    axes.set_xlabel(gettext("months after the first order"))
    axes.set_title(gettext("Customers buying again, by first-order month"), fontsize=12, loc="left")
    figure.colorbar(image, ax=axes, format=lambda value, _: f"{value:.0%}", shrink=0.6)
    return _png(figure)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
