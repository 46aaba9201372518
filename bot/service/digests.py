"""The weekly digest's jobs: building it, and the schedule and log that make it go out once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    shown_again: bool = False  # nothing new since the last digest; the owner asked to see it again
    likely_to_stop_total: int = 0  # everyone the export button under the digest sends
    standing: list = field(default_factory=list)  # (question, bot.service.questions.Asked) per standing question


def build_digest(db_path: Path, chat_id: int, *, again: bool = False) -> DigestContent:
    """The weekly digest from the chat's history and newest analysis (runs in a worker).

    `again` (a /digest the owner asked for) shows the week even when nothing was uploaded since
    the last digest; the moves and "newly" lists were news then, so it lists everyone likely
    to stop buying instead, and says it is shown again."""
    with job_database(db_path) as db:
        run = newest_run(db, chat_id)
        newest = digest_store.newest_upload_id(db, chat_id)
        previous = digest_store.last_digest(db, chat_id)
        state = digest_store.customer_state(db, chat_id)
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"], order_by="value_at_risk")
    last_sent = previous["sent_at"] if previous else None
    nothing_new = previous is not None and (newest or 0) <= (previous["last_upload_id"] or 0)
    if run is None or (nothing_new and not again):
        return DigestContent(stale=True, newest_upload_id=newest, last_sent_at=last_sent)
    summary = run["summary"]
    scores = pd.DataFrame.from_records(rows, columns=columns)
    if nothing_new:
        state = {}
    digest = weekly_digest(load_orders(db_path, chat_id), scores, state, reviews=load_reviews(db_path, chat_id),
                           as_of=pd.Timestamp(summary["as_of"], tz="UTC"), currency=summary.get("currency"))
    chart = revenue_chart(digest.weekly_revenue, digest.weekly_average, digest.currency, gettext=_,
                          locale=babel_locale())
    schedule = _schedule(db_path, chat_id)
    standing = standing_answers(db_path, chat_id, timezone=(schedule or {}).get("timezone") or "UTC")
    return DigestContent(stale=False, digest=digest, chart=chart, newest_upload_id=newest, last_sent_at=last_sent,
                         standing=standing,
                         horizon_days=run["horizon_days"], shown_again=nothing_new,
                         likely_to_stop_total=int((pd.to_numeric(scores["churn_risk"]) >= AT_RISK_FROM).sum()))


def _schedule(db_path: Path, chat_id: int) -> dict | None:
    with job_database(db_path) as db:
        return digest_store.get_subscription(db, chat_id)


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


def record_digest_sent(db_path: Path, chat_id: int, week_key: str, newest_upload_id: int | None) -> None:
    """Mark the week sent and remember each customer's segment and risk for the next digest."""
    with job_database(db_path) as db:
        digest_store.mark_week_sent(db, chat_id, week_key, newest_upload_id)
        run = newest_run(db, chat_id)
        if run is not None:
            columns, rows = run_scores(db, chat_id, run["run_id"])
            scores = pd.DataFrame.from_records(rows, columns=columns)
            digest_store.save_customer_state(db, chat_id, customer_state(scores))
