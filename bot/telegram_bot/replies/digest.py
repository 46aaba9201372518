"""The weekly digest and /schedule: the week's numbers and moves, and when they arrive."""

from __future__ import annotations

from html import escape

from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import (
    LIKELY_TO_STOP,
    amount,
    change,
    likely_to_stop_definition,
    pct,
    plural,
    review_line,
    when,
    who,
)
from bot.telegram_bot.replies.questions import standing_lines
from storage.digests import DEFAULT_SCHEDULE

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
REVENUE_CAPTION = "Revenue by week, with the 4-week trend"
TURN_OFF_BUTTON = "Turn off"
SCHEDULE_USAGE = ("Use /schedule followed by a day, a time and optionally a time zone, e.g. "
                  "/schedule fri 18:00 Europe/Berlin — or /schedule off.")


def digest_text(content) -> str:
    """The weekly digest in one message: numbers, moves, newly at-risk customers."""
    if content.stale:
        since = f" since the last digest ({when(content.last_sent_at)})" if content.last_sent_at else ""
        return (
            "📬 <b>Your weekly ShopPulse digest</b>\n\n"
            f"No new orders were uploaded{since}, so there is no fresh news to report. "
            "Export this week's orders from your shop and send me the file; I'll add only the new "
            "ones and tell you who needs attention."
        )
    digest = content.digest
    currency = digest.currency
    week, last, average = digest.this_week, digest.last_week, digest.four_week_average
    again = (f"\n<i>Shown again: nothing was uploaded since the digest of {when(content.last_sent_at)}.</i>"
             if content.shown_again else "")
    lines = [
        f"📬 <b>Your weekly ShopPulse digest</b> (week to {digest.as_of}){again}",
        "",
        f"Revenue: <b>{amount(week['revenue'], currency)}</b> from {week['orders']:,} orders"
        f"{change(week['revenue'], last['revenue'])} vs last week's {amount(last['revenue'], currency)}; "
        f"4-week average {amount(average['revenue'], currency)}.",
        f"Customers: {week['new_customers']:,} new, {week['returning_customers']:,} returning.",
    ]
    if digest.report_card:
        card = digest.report_card
        lines.append(f"Forecast check: last week we expected {card['predicted']:,.0f} orders from existing customers; "
                     f"{card['actual']:,} came.")
    if digest.moves:
        lines += ["", "<b>Segment moves since the last digest</b>"]
        lines += [f"• {n:,} {escape(a)} → {escape(b)}" for a, b, n in digest.moves]
    if digest.newly_at_risk_total:
        label = LIKELY_TO_STOP if digest.first_digest else f"newly {LIKELY_TO_STOP}"
        lines += ["", f"<b>{digest.newly_at_risk_total:,} {plural(digest.newly_at_risk_total, 'customer')} {label}</b> "
                  f"({likely_to_stop_definition(content.horizon_days)}; most value first)"]
        for row in digest.newly_at_risk.itertuples():
            lines.append(f"• {who(row)}: {pct(row.churn_risk)} chance of no order, {escape(row.churn_reason or '')}")
    else:
        lines += ["", f"Nobody new is {LIKELY_TO_STOP}. 🎉"]
    if len(digest.new_negative_reviews):
        lines += ["", "<b>New negative reviews</b>"]
        lines += [review_line(row, 90) for row in digest.new_negative_reviews.itertuples()]
    if len(digest.unhappy_valuable):
        lines += ["", "<b>Unhappy customers of high value</b>"]
        lines += [f"• {who(row)} (12-month value "
                  f"{amount(row.clv_12m, currency)})" for row in digest.unhappy_valuable.itertuples()]
    lines += standing_lines(content.standing)
    return fit("\n".join(lines))


def export_all_label(customers: int) -> str:
    """The button under a digest: everyone likely to stop buying, as the file holds."""
    return f"⬇️ Export all {customers:,} {LIKELY_TO_STOP} (CSV)"


def default_schedule_words() -> str:
    """ "Mondays 09:00": when a new chat's digest arrives."""
    return (f"{WEEKDAY_NAMES[DEFAULT_SCHEDULE['weekday']]}s "
            f"{DEFAULT_SCHEDULE['hour']:02d}:{DEFAULT_SCHEDULE['minute']:02d}")


def schedule_text(schedule: dict | None) -> str:
    if schedule is None:
        return f"No weekly digest yet: it starts with your first upload ({default_schedule_words()})."
    at = f"{WEEKDAY_NAMES[schedule['weekday']]}s at {schedule['hour']:02d}:{schedule['minute']:02d} ({schedule['timezone']})"
    if not schedule["enabled"]:
        reason = " because Telegram said the bot was blocked" if schedule.get("paused_reason") == "blocked" else ""
        return f"The weekly digest is off{reason}. It was set for {at}. Pick a day below to turn it back on."
    return f"📅 Your weekly digest arrives on {at}."


def first_schedule_text(schedule: dict) -> str:
    """Added to the answer to a chat's first upload: when its digest will come."""
    return f"\n\n{schedule_text(schedule)} Change it with /schedule."


def time_question_text(weekday: int, zone: str) -> str:
    return f"{WEEKDAY_NAMES[weekday]}: at what time ({zone})?"
