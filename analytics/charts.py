"""Charts as PNG bytes, sized to read on a phone held upright.

The object-oriented Figure API is used instead of pyplot: it keeps no global state, so charts
can be drawn in worker threads and processes safely.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

PHONE_SIZE_INCHES = (6.0, 7.5)
DPI = 150
_BAR = "#2f6f8f"
_ACCENT = "#d1603d"


def segments_chart(segments: list[dict]) -> bytes:
    """Horizontal bars of customers per segment, labelled with their share of revenue.

    `segments` is a list of {"segment", "customers", "revenue_share"} in display order.
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
            f"  {count:,} · {share:.0%} of revenue", va="center", fontsize=9, color=_ACCENT,
        )
    axes.set_title("Customers by segment", fontsize=14, loc="left")
    axes.set_xlabel("customers")
    axes.margins(x=0.45)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=10)
    return _png(figure)


def value_chart(clv, currency: str | None) -> bytes:
    """Histogram of expected 12-month value per customer, log-spaced because value is skewed."""
    figure = Figure(figsize=PHONE_SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    values = np.asarray(clv, dtype=float)
    positive = values[values > 0.01]
    if len(positive):
        edges = np.geomspace(max(positive.min(), 0.01), positive.max() * 1.01, 20)
        axes.hist(positive, bins=edges, color=_BAR)
        axes.set_xscale("log")
    axes.set_title("Expected value per customer, next 12 months", fontsize=13, loc="left")
    axes.set_xlabel(f"12-month value ({currency})" if currency else "12-month value")
    axes.set_ylabel("customers")
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def revenue_chart(weekly_revenue, currency: str | None) -> bytes:
    """Revenue by week as bars, with a 4-week moving average as the trend line."""
    figure = Figure(figsize=(6.0, 4.0), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    labels = [day.strftime("%d %b") for day in weekly_revenue.index]
    values = np.asarray(weekly_revenue.to_numpy(), dtype=float)
    axes.bar(labels, values, color=_BAR)
    trend = np.convolve(values, np.ones(4) / 4, mode="valid")
    axes.plot(labels[3:], trend, color=_ACCENT, linewidth=2.5, label="4-week average")
    axes.set_title("Revenue by week", fontsize=13, loc="left")
    axes.set_ylabel(currency or "revenue")
    axes.tick_params(axis="x", labelrotation=60, labelsize=8)
    axes.legend(frameon=False, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def sentiment_chart(by_month) -> bytes:
    """Share of positive, neutral and negative reviews per month, stacked."""
    figure = Figure(figsize=(6.0, 4.0), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    months = list(by_month.index)
    bottom = np.zeros(len(months))
    for column, colour in (("positive", "#3d8f5a"), ("neutral", "#b9b9b9"), ("negative", _ACCENT)):
        values = by_month[column].to_numpy(dtype=float) if column in by_month else np.zeros(len(months))
        axes.bar(months, values, bottom=bottom, color=colour, label=column)
        bottom += values
    axes.set_title("Review sentiment by month", fontsize=13, loc="left")
    axes.set_ylim(0, 1)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.tick_params(axis="x", labelrotation=60, labelsize=8)
    axes.legend(frameon=False, fontsize=9, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
