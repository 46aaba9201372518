"""Pieces of wording every topic uses, so one thing is always said the same way."""

from __future__ import annotations

from html import escape

from analytics.churn import AT_RISK_FROM
from analytics.sentiment import NEGATIVE_UP_TO
from bot.telegram_bot.fitting import shorten

IN_A_LIST = 60  # characters of a name or product in a list line, so long values never crowd out rows
ON_A_CARD = 200  # in a title or a card about one customer
HOW_BUTTON = "How is this worked out?"
STILL_A_CUSTOMER = "chance they have not left for good"
BOTH_CHANCES = ("Someone who buys rarely can be unlikely to order soon and still not have left for good: "
                "the first figure is about the next weeks, the second about whether they will ever come back.")
LIKELY_TO_STOP = "likely to stop buying"


def plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def money(amount: float, currency: str | None) -> str:
    return f"{amount:,.2f} {currency}".strip() if currency else f"{amount:,.2f}"


def when(stamp: str | None) -> str:
    """A stored UTC time stamp as the owner reads it, or "never"."""
    return stamp.replace("T", " ")[:16] + " UTC" if stamp else "never"


def pct(value) -> str:
    return "–" if value is None or value != value else f"{float(value):.0%}"


def amount(value, currency: str | None) -> str:
    return "–" if value is None or value != value else escape(money(float(value), currency))


def change(now: float, before: float) -> str:
    """" (+12%)" against an earlier figure; nothing when there is none to compare with."""
    if not before:
        return ""
    moved = (now - before) / before
    return f" ({'+' if moved >= 0 else '−'}{abs(moved):.0%})"


def unhappy(sentiment) -> bool:
    return sentiment is not None and sentiment == sentiment and float(sentiment) <= NEGATIVE_UP_TO


def risk_words(horizon_days: int) -> str:
    """What churn risk is, in the words every reply and export uses for it."""
    return f"chance of no order in the next {horizon_days} days"


def likely_to_stop_definition(horizon_days: int) -> str:
    return f"a {AT_RISK_FROM:.0%} or higher {risk_words(horizon_days)}"


def who(row) -> str:
    """A customer as the owner knows them (name, else e-mail, else the shop's id), short enough
    for a list to keep its rows."""
    return shop_value(row.name or row.email or row.customer_id)


def shop_value(text: object, limit: int = IN_A_LIST) -> str:
    """A value from the shop's data (a name, a product) shortened to `limit`, then escaped."""
    return escape(shorten(text, limit))


def review_line(row, limit: int = 120) -> str:
    product = f" — {shop_value(row.product)}" if row.product else ""
    return f"• “{shop_value(row.text, limit)}”{product}"


def linked_words(linked: int, reviews: int) -> str:
    """How many reviews were matched to a customer, and how the rest could be."""
    if linked == reviews:
        return f"{'all ' if reviews > 1 else ''}{reviews:,} linked to a customer in your orders"
    return (f"{linked:,} of {reviews:,} linked to a customer in your orders (I match the reviewer's e-mail, customer "
            "id or name, or the order number; reviews of customers whose orders you have not sent stay unlinked)")
