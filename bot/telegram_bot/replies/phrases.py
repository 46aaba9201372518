"""Pieces of wording every topic uses, so one thing is always said the same way."""

from __future__ import annotations

import functools
import re
from html import escape

from babel.dates import get_day_names

from analytics import bgnbd, gamma_gamma
from analytics.analysis import NO_PAID_ORDERS
from analytics.churn import AT_RISK_FROM
from analytics.sentiment import NEGATIVE_UP_TO
from bot import i18n
from bot.i18n import N_, _, babel_locale, ngettext
from bot.telegram_bot.fitting import shorten

IN_A_LIST = 60  # characters of a name or product in a list line, so long values never crowd out rows
ON_A_CARD = 200  # in a title or a card about one customer
# Message ids: show them with _().
HOW_BUTTON = N_("How is this worked out?")
STILL_A_CUSTOMER = N_("chance they have not left for good")
BOTH_CHANCES = N_("Someone who buys rarely can be unlikely to order soon and still not have left for good: "
                  "the first figure is about the next weeks, the second about whether they will ever come back.")
LIKELY_TO_STOP = N_("likely to stop buying")


def plural(count: int, word: str) -> str:
    """English only (a message id's own plural); replies use ngettext."""
    return word if count == 1 else word + "s"


def customers_count(count: int) -> str:
    """ "1 customer", "12 customers"."""
    return ngettext("{count} customer", "{count} customers", count).format(count=f"{count:,}")


def orders_count(count: int) -> str:
    """ "1 order", "12 orders"."""
    return ngettext("{count} order", "{count} orders", count).format(count=f"{count:,}")


money = i18n.money


def weekday_name(weekday: int) -> str:
    """Monday = 0, in the owner's language (Babel)."""
    return get_day_names("wide", locale=babel_locale())[weekday]


def weekday_short(weekday: int) -> str:
    """ "Mon", "周一"."""
    return get_day_names("abbreviated", locale=babel_locale())[weekday]


def when(stamp: str | None) -> str:
    """A stored UTC time stamp as the owner reads it, or "never"."""
    return stamp.replace("T", " ")[:16] + " UTC" if stamp else _("never")


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
    return _("chance of no order in the next {days} days").format(days=horizon_days)


def likely_to_stop_definition(horizon_days: int) -> str:
    return _("a {share} or higher {chance}").format(share=f"{AT_RISK_FROM:.0%}", chance=risk_words(horizon_days))


# The analysis writes each customer's reason in English (analytics.churn.churn_reasons).
CHURN_REASONS = (N_("bought about every {every} days; silent for {silent}"), N_("bought once, {silent} days ago"))


def churn_reason(reason: str | None) -> str:
    """A stored churn reason in the owner's language."""
    return i18n.translate_filled(reason or "", CHURN_REASONS)


# How analytics.clusters describes a behaviour group: parts joined by ", ", each with its share.
CLUSTER_PARTS = (
    N_("{share} bought once"), N_("{share} bought {times} times or more"), N_("{share} bought more than once"),
    N_("{share} spent more than most customers"), N_("{share} spent less than most customers"),
    N_("{share} spent about as much as a typical customer"), N_("{share} bought in the last month"),
    N_("{share} bought in the last 3 months"), N_("{share} bought in the last 12 months"),
    N_("{share} last bought over a year ago"),
)
SHARE_WORDS = (N_("all"), N_("nearly all"), N_("{tenths} in 10"))
# Sentences the analysis writes whole into its summary (analytics.clusters, analytics.rfm).
ANALYSIS_SENTENCES = (
    N_("With {count} customers, behaviour groups would be guesswork; they appear from {least} customers on. "
       "The RFM segments above still apply."),
    N_("Your customers all behave alike, so they form a single group."),
    N_("quintiles of your {count} customers"),
    N_("fixed bands, because {count} customers are too few for quintiles (days since the last order: {days}; "
       "orders: {orders})"),
)


# What the value models say when they cannot fit (analytics.bgnbd, analytics.gamma_gamma).
MODEL_NOTES = (bgnbd.TOO_FEW_REPEATERS, bgnbd.NOT_PINNED_DOWN, gamma_gamma.TOO_FEW_REPEATERS, gamma_gamma.TOO_ALIKE,
               NO_PAID_ORDERS)
# How analytics.churn explains its method: whole, or sentence by sentence.
CHURN_FALLBACKS = (
    N_("{why}, so churn risk is the BG/NBD model's probability of no purchase in the next {days} days. Treat it as a "
       "rough guide until more history arrives."),
    N_("{why}, and too few repeat buyers for a model, so churn risk is a simple rule: how long each customer has been "
       "silent compared with how often they (or your customers in general) buy."),
)
CHURN_WHY = (
    N_("Your history is shorter than {days} days, too short to learn a churn model from your own past"),
    N_("Too few customers stopped or kept buying in your past windows to test a churn model"),
)
CHURN_SENTENCES = (
    N_("Tested on your own past data: when one customer went on to stop buying and another did not, this ranking put "
       "the one who stopped higher {percent}% of the time (right {times} times in 10)."),
    N_("A learned model did not beat simpler rules here, so the risk uses {name}."),
    N_("Your history is too short to test {horizon}-day windows, so this was tested on {days}-day windows."),
    N_("The risk itself is learned from {days}-day windows, so it is the chance of no order in {same} days and may "
       "overstate the risk for {horizon}."),
)
CHURN_METHOD_NAMES = (N_("days since the last order"), N_("the BG/NBD model"))


def model_note(note: str) -> str:
    """A value model's note in the owner's language."""
    return i18n.translate_filled(note, MODEL_NOTES)


def churn_explanation(text: str) -> str:
    """How the churn risk was worked out, as analytics.churn wrote it, in the owner's language."""
    whole = i18n.translate_filled(text, CHURN_FALLBACKS, lambda why: i18n.translate_filled(why, CHURN_WHY))
    if whole != text:
        return whole
    names = functools.partial(i18n.translate_filled, templates=CHURN_METHOD_NAMES)
    return _(" ").join(i18n.translate_filled(sentence, CHURN_SENTENCES, names)
                       for sentence in re.split(r"(?<=\.) (?=[A-Z])", text))


def cluster_words(description: str) -> str:
    """A behaviour group's description in the owner's language."""
    share = functools.partial(i18n.translate_filled, templates=SHARE_WORDS)
    # Translators: what joins the parts of a behaviour group's description.
    return _(", ").join(i18n.translate_filled(part, CLUSTER_PARTS, share) for part in description.split(", "))


def analysis_sentence(text: str | None) -> str:
    """A sentence from the analysis's summary in the owner's language (as written, if unknown):
    by its own template when analytics kept it (an import's notes), else by the known templates
    (sentences stored whole with a run)."""
    if getattr(text, "template", None):
        return i18n.translated(text)
    return i18n.translate_filled(text or "", ANALYSIS_SENTENCES)


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
        words = _("all {count} linked to a customer in your orders") if reviews > 1 else _(
            "{count} linked to a customer in your orders")
        return words.format(count=f"{reviews:,}")
    return _("{linked} of {reviews} linked to a customer in your orders (I match the reviewer's e-mail, customer "
             "id or name, or the order number; reviews of customers whose orders you have not sent stay unlinked)"
             ).format(linked=f"{linked:,}", reviews=f"{reviews:,}")
