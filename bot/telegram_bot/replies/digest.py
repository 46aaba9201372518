"""The weekly digest and /schedule: the week's numbers and moves, and when they arrive."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, _, ngettext
from bot.segment_words import segment_name
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import (
    LIKELY_TO_STOP,
    amount,
    change,
    churn_reason,
    likely_to_stop_definition,
    pct,
    review_line,
    weekday_name,
    when,
    who,
)
from bot.telegram_bot.replies.questions import standing_lines
from storage.digests import DEFAULT_SCHEDULE

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # what /schedule reads
REVENUE_CAPTION = N_("Revenue by week, with the 4-week trend")
TURN_OFF_BUTTON = N_("Turn off")
SCHEDULE_USAGE = N_("Use /schedule followed by a day, a time and optionally a time zone, e.g. "
                    "/schedule fri 18:00 Europe/Berlin — or /schedule off.")


def digest_text(content) -> str:
    """The weekly digest in one message: numbers, moves, newly at-risk customers."""
    if content.stale:
        since = (_(" since the last digest ({when})").format(when=when(content.last_sent_at))
                 if content.last_sent_at else "")
        return _(
            "📬 <b>Your weekly ShopPulse digest</b>\n\n"
            "No new orders were uploaded{since}, so there is no fresh news to report. "
            "Export this week's orders from your shop and send me the file; I'll add only the new "
            "ones and tell you who needs attention."
        ).format(since=since)
    digest = content.digest
    currency = digest.currency
    week, last, average = digest.this_week, digest.last_week, digest.four_week_average
    again = ""
    if content.shown_again and content.uploaded_since:
        again = _("\n<i>Shown again: this week's digest went out {when}. Its figures include what you uploaded "
                  "since; its list of who newly became {likely} is the one it sent.</i>").format(
            when=when(content.last_sent_at), likely=_(LIKELY_TO_STOP))
    elif content.shown_again:
        again = _("\n<i>Shown again: nothing was uploaded since the digest of {when}.</i>").format(
            when=when(content.last_sent_at))
    lines = [
        _("📬 <b>Your weekly ShopPulse digest</b> (week to {day}){again}").format(day=digest.as_of, again=again),
        "",
        _("Revenue: <b>{revenue}</b> from {orders} orders{change} vs last week's {last}; 4-week average {average}.").format(
            revenue=amount(week["revenue"], currency), orders=f"{week['orders']:,}",
            change=change(week["revenue"], last["revenue"]), last=amount(last["revenue"], currency),
            average=amount(average["revenue"], currency)),
        _("Customers: {new} new, {returning} returning.").format(
            new=f"{week['new_customers']:,}", returning=f"{week['returning_customers']:,}"),
    ]
    if digest.report_card:
        card = digest.report_card
        lines.append(_("Forecast check: last week we expected {predicted} orders from existing customers; "
                       "{actual} came.").format(predicted=f"{card['predicted']:,.0f}", actual=f"{card['actual']:,}"))
    if digest.moves:
        lines += ["", _("<b>Segment moves since the last digest</b>")]
        lines += [f"• {n:,} {escape(segment_name(a))} → {escape(segment_name(b))}" for a, b, n in digest.moves]
    if digest.newly_at_risk_total:
        total = digest.newly_at_risk_total
        heading = (ngettext("<b>{count} customer {likely}</b>", "<b>{count} customers {likely}</b>", total)
                   if digest.first_digest else
                   ngettext("<b>{count} customer newly {likely}</b>", "<b>{count} customers newly {likely}</b>", total))
        lines += ["", heading.format(count=f"{total:,}", likely=_(LIKELY_TO_STOP)) + _sent_list_words(content) + " "
                  + _("({definition}; most value first)").format(definition=likely_to_stop_definition(content.horizon_days))]
        for row in digest.newly_at_risk.itertuples():
            lines.append(_("• {who}: {chance} chance of no order, {reason}").format(
                who=who(row), chance=pct(row.churn_risk), reason=escape(churn_reason(row.churn_reason))))
    else:
        lines += ["", _("Nobody new is {likely}. 🎉").format(likely=_(LIKELY_TO_STOP))]
    if len(digest.new_negative_reviews):
        lines += ["", _("<b>New negative reviews</b>")]
        lines += [review_line(row, 90) for row in digest.new_negative_reviews.itertuples()]
    if len(digest.unhappy_valuable):
        lines += ["", _("<b>Unhappy customers of high value</b>")]
        lines += [_("• {who} (12-month value {value})").format(who=who(row), value=amount(row.clv_12m, currency))
                  for row in digest.unhappy_valuable.itertuples()]
    lines += standing_lines(content.standing)
    return fit("\n".join(lines))


def _sent_list_words(content) -> str:
    """After the list's heading, when the list is a sent digest's: which digest named it."""
    if content.list_sent_at is None:
        return ""
    if content.list_sent_this_week:
        return _(" in this week's digest")
    return _(" in the digest of {when}").format(when=when(content.list_sent_at))


def export_sent_list_label(customers: int) -> str:
    """The button under a digest shown again: the customers its list named."""
    return _("⬇️ Export these {count} (CSV)").format(count=f"{customers:,}")


def digest_list_file_caption(rows: int, *, first_digest: bool = False) -> str:
    """A first digest named everyone likely to stop (nothing was known before it), so not "newly"."""
    if first_digest:
        return _("{count} customers the digest named as {likely}, most value at risk first, with the reason "
                 "for each.").format(count=f"{rows:,}", likely=_(LIKELY_TO_STOP))
    return _("{count} customers the digest named as newly {likely}, most value at risk first, with the reason "
             "for each.").format(count=f"{rows:,}", likely=_(LIKELY_TO_STOP))


def export_all_label(customers: int) -> str:
    """The button under a digest: everyone likely to stop buying, as the file holds."""
    return _("⬇️ Export all {count} {likely} (CSV)").format(count=f"{customers:,}", likely=_(LIKELY_TO_STOP))


def _weekly_at(weekday: int, hour: int, minute: int) -> str:
    """ "Mondays at 09:00", "每星期一 09:00"."""
    return _("{weekday}s at {time}").format(weekday=weekday_name(weekday), time=f"{hour:02d}:{minute:02d}")


def default_schedule_words() -> str:
    """ "Mondays 09:00": when a new chat's digest arrives."""
    return _("{weekday}s {time}").format(weekday=weekday_name(DEFAULT_SCHEDULE["weekday"]),
                                         time=f"{DEFAULT_SCHEDULE['hour']:02d}:{DEFAULT_SCHEDULE['minute']:02d}")


def schedule_text(schedule: dict | None) -> str:
    if schedule is None:
        return _("No weekly digest yet: it starts with your first upload ({when}).").format(when=default_schedule_words())
    at = f"{_weekly_at(schedule['weekday'], schedule['hour'], schedule['minute'])} ({schedule['timezone']})"
    if not schedule["enabled"]:
        if schedule.get("paused_reason") == "blocked":
            text = _("The weekly digest is off because Telegram said the bot was blocked. It was set for {at}. "
                     "Pick a day below to turn it back on.")
        else:
            text = _("The weekly digest is off. It was set for {at}. Pick a day below to turn it back on.")
        return text.format(at=at)
    return _("📅 Your weekly digest arrives on {at}.").format(at=at)


def first_schedule_text(schedule: dict) -> str:
    """Added to the answer to a chat's first upload: when its digest will come."""
    return "\n\n" + schedule_text(schedule) + _(" Change it with /schedule.")


def time_question_text(weekday: int, zone: str) -> str:
    return _("{weekday}: at what time ({zone})?").format(weekday=weekday_name(weekday), zone=zone)
