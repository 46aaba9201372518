"""The weekly digest's jobs: building it, and the schedule and log that make it go out once."""

from __future__ import annotations

import datetime as dtm
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from analytics.charts import revenue_chart
from analytics.churn import AT_RISK_FROM
from analytics.digest import WeeklyDigest, customer_state, weekly_digest
from bot.i18n import _, babel_locale
from bot.service.questions import standing_answers
from bot.service.records import job_database, load_orders, load_reviews, newest_run
from storage import digests as digest_store
from storage.runs import run_scores


@dataclass
class DigestContent:
    """One chat's digest, ready to word: the numbers, the chart, and whether anything is new."""

    stale: bool
    digest: WeeklyDigest | None = None  # when there is news
    chart: bytes | None = None
    newest_upload_id: int | None = None
    last_sent_at: str | None = None
    horizon_days: int | None = None  # of the analysis the digest's chances of no order come from
    shown_again: bool = False  # the owner asked again for a digest that went out (see build_digest)
    uploaded_since: bool = False  # shown again: the figures include uploads since it went out
    # Shown again: when the digest whose "newly likely to stop" list is shown went out (the export
    # button sends that list), and whether that was this week. None: the list is today's.
    list_sent_at: str | None = None
    list_sent_this_week: bool = False
    likely_to_stop_total: int = 0  # everyone the export button under the digest sends
    standing: list = field(default_factory=list)  # (question, bot.service.questions.Asked) per standing question

    def newly_as_sent(self) -> dict | None:
        """The digest's "newly likely to stop" list as it is kept with the sent digest."""
        if self.digest is None:
            return None
        shown = self.digest.newly_at_risk
        return {"first": self.digest.first_digest, "ids": list(self.digest.newly_at_risk_ids),
                "shown": [{name: _plain(row.get(name)) for name in SENT_FIELDS} for row in shown.to_dict("records")]}


# What the digest's list shows of each customer (bot.telegram_bot.replies.digest), kept as sent.
SENT_FIELDS = ("customer_id", "name", "email", "churn_risk", "churn_reason", "value_at_risk")


def _plain(value):
    """A value as JSON can keep it (numpy numbers and NaN are not)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def week_key(moment: dtm.datetime, timezone_name: str) -> str:
    """The ISO week of `moment` in the chat's time zone: one digest per chat and key."""
    year, week, _day = moment.astimezone(ZoneInfo(timezone_name)).isocalendar()
    return f"{year}-W{week:02d}"


def build_digest(db_path: Path, chat_id: int, *, again: bool = False, now: dtm.datetime | None = None) -> DigestContent:
    """The weekly digest from the chat's history and newest analysis (runs in a worker).

    `again` (a /digest the owner asked for) shows the last digest again when it went out this
    week, or when nothing was uploaded since: its "newly likely to stop" list is the one it sent
    (kept with it), not who is newly at risk now, and the reply says it is shown again. Without a
    digest to show again it previews this week's, as the scheduled one would be."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
        newest = digest_store.newest_upload_id(db, chat_id)
        previous = digest_store.last_digest(db, chat_id)
        state = digest_store.customer_state(db, chat_id)
        schedule = digest_store.get_subscription(db, chat_id)
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"], order_by="value_at_risk")
    zone = (schedule or {}).get("timezone") or "UTC"
    last_sent = previous["sent_at"] if previous else None
    nothing_new = previous is not None and (newest or 0) <= (previous["last_upload_id"] or 0)
    if run is None or (nothing_new and not again):
        return DigestContent(stale=True, newest_upload_id=newest, last_sent_at=last_sent)
    current_week = week_key(now or dtm.datetime.now(dtm.UTC), zone)
    shown_again = again and (nothing_new or (previous is not None and previous["week_key"] == current_week))
    summary = run["summary"]
    scores = pd.DataFrame.from_records(rows, columns=columns)
    if shown_again:
        state = {}  # its moves were news when it went out
    digest = weekly_digest(load_orders(db_path, chat_id), scores, state, reviews=load_reviews(db_path, chat_id),
                           as_of=pd.Timestamp(summary["as_of"], tz="UTC"), currency=summary.get("currency"))
    sent = previous["newly"] if shown_again else None
    if sent is not None:
        _list_as_sent(digest, sent)
    chart = revenue_chart(digest.weekly_revenue, digest.weekly_average, digest.currency, gettext=_,
                          locale=babel_locale())
    standing = standing_answers(db_path, chat_id, timezone=zone)
    likely = int((pd.to_numeric(scores["churn_risk"]) >= AT_RISK_FROM).sum())
    return DigestContent(stale=False, digest=digest, chart=chart, newest_upload_id=newest, last_sent_at=last_sent,
                         standing=standing, horizon_days=run["horizon_days"], shown_again=shown_again,
                         uploaded_since=shown_again and not nothing_new,
                         list_sent_at=previous["newly_sent_at"] if sent is not None else None,
                         list_sent_this_week=sent is not None and previous["newly_week_key"] == current_week,
                         likely_to_stop_total=digest.newly_at_risk_total if sent is not None else likely)


def _list_as_sent(digest: WeeklyDigest, sent: dict) -> None:
    """Put back the "newly likely to stop" list a sent digest named."""
    digest.newly_at_risk = pd.DataFrame(sent["shown"], columns=list(SENT_FIELDS))
    digest.newly_at_risk_ids = list(sent["ids"])
    digest.newly_at_risk_total = len(sent["ids"])
    digest.first_digest = sent["first"]


def ensure_digest_schedule(db_path: Path, chat_id: int, default_timezone: str) -> dict | None:
    """Give the chat the default weekly schedule if it has none; the new schedule, or None."""
    with job_database(db_path) as db:
        created = digest_store.ensure_subscription(db, chat_id, default_timezone)
        return digest_store.get_subscription(db, chat_id) if created else None


def digest_schedule(db_path: Path, chat_id: int) -> dict | None:
    with job_database(db_path) as db:
        return digest_store.get_subscription(db, chat_id)


def set_digest_schedule(db_path: Path, chat_id: int, *, weekday: int, hour: int, minute: int,
                        timezone_name: str, enabled: bool = True) -> dict:
    with job_database(db_path) as db:
        digest_store.set_subscription(db, chat_id, weekday=weekday, hour=hour, minute=minute,
                                      timezone_name=timezone_name, enabled=enabled)
        return digest_store.get_subscription(db, chat_id)


def pause_digest(db_path: Path, chat_id: int, reason: str) -> None:
    with job_database(db_path) as db:
        digest_store.pause_subscription(db, chat_id, reason)


def active_digest_schedules(db_path: Path) -> list[dict]:
    with job_database(db_path) as db:
        return digest_store.active_subscriptions(db)


def claim_digest_week(db_path: Path, chat_id: int, week_key: str) -> bool:
    with job_database(db_path) as db:
        return digest_store.claim_week(db, chat_id, week_key)


def digest_week_claimed(db_path: Path, chat_id: int, week_key: str) -> bool:
    with job_database(db_path) as db:
        return digest_store.week_claimed(db, chat_id, week_key)


def release_digest_week(db_path: Path, chat_id: int, week_key: str) -> None:
    with job_database(db_path) as db:
        digest_store.release_week(db, chat_id, week_key)


def record_digest_sent(db_path: Path, chat_id: int, week_key: str, newest_upload_id: int | None,
                       newly: dict | None = None) -> None:
    """Mark the week sent with the list it named, and remember each customer's segment and risk
    for the next digest."""
    with job_database(db_path) as db:
        digest_store.mark_week_sent(db, chat_id, week_key, newest_upload_id, newly)
        run = newest_run(db, chat_id)
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"])
            scores = pd.DataFrame.from_records(rows, columns=columns)
            digest_store.save_customer_state(db, chat_id, customer_state(scores))
