"""The weekly digest's memory: each chat's schedule, the log that makes a digest go out at most
once per week, and the customer state at the last digest (to say what moved since)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from storage.chats import ensure_chat
from storage.database import utc_now

SUBSCRIPTION_FIELDS = ("chat_id", "weekday", "hour", "minute", "timezone", "enabled", "paused_reason")
# The schedule a chat gets with its first upload: the column defaults of digest_subscriptions
# (migration 0001), named once here for the code and the words that state it.
DEFAULT_SCHEDULE = {"weekday": 0, "hour": 9, "minute": 0}



def ensure_subscription(db: Database, chat_id: int, default_timezone: str) -> bool:
    """Give a chat the default schedule (Monday 09:00) if it has none; True if one was created."""
    with db.atomic():
        ensure_chat(db, chat_id)
        cursor = db.execute(
            "INSERT OR IGNORE INTO digest_subscriptions (chat_id, timezone) VALUES (?, ?)",
            [chat_id, default_timezone],
        )
    return cursor.rowcount == 1


def set_subscription(db: Database, chat_id: int, *, weekday: int, hour: int, minute: int, timezone_name: str,
                     enabled: bool = True) -> None:
    with db.atomic():
        ensure_chat(db, chat_id)
        db.execute(
            "INSERT INTO digest_subscriptions (chat_id, weekday, hour, minute, timezone, enabled, paused_reason) "
            "VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (chat_id) DO UPDATE SET weekday = excluded.weekday, "
            "hour = excluded.hour, minute = excluded.minute, timezone = excluded.timezone, "
            "enabled = excluded.enabled, paused_reason = NULL",
            [chat_id, weekday, hour, minute, timezone_name, int(enabled)],
        )


def pause_subscription(db: Database, chat_id: int, reason: str) -> None:
    with db.atomic():
        db.execute("UPDATE digest_subscriptions SET enabled = 0, paused_reason = ? WHERE chat_id = ?", [reason, chat_id])


def get_subscription(db: Database, chat_id: int) -> dict | None:
    rows = db.query(f"SELECT {', '.join(SUBSCRIPTION_FIELDS)} FROM digest_subscriptions WHERE chat_id = ?", [chat_id])
    return next(rows, None)


def active_subscriptions(db: Database) -> list[dict]:
    return list(db.query(f"SELECT {', '.join(SUBSCRIPTION_FIELDS)} FROM digest_subscriptions WHERE enabled = 1"))


def claim_week(db: Database, chat_id: int, week_key: str) -> bool:
    """Claim this chat's digest for this week; False if it was already claimed (sent or sending)."""
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO digest_log (chat_id, week_key, status, claimed_at) VALUES (?, ?, 'sending', ?)",
            [chat_id, week_key, utc_now()],
        )
    return cursor.rowcount == 1


def release_week(db: Database, chat_id: int, week_key: str) -> None:
    """Give a claim back when the digest certainly did not go out, so it can be sent later."""
    with db.atomic():
        db.execute("DELETE FROM digest_log WHERE chat_id = ? AND week_key = ? AND status = 'sending'", [chat_id, week_key])


def mark_week_sent(db: Database, chat_id: int, week_key: str, last_upload_id: int | None,
                   newly: dict | None = None) -> None:
    """Record the week's digest as sent, with the "newly likely to stop" list it named (`newly`,
    JSON-able), so that asking for the digest again shows that list."""
    with db.atomic():
        db.execute(
            "UPDATE digest_log SET status = 'sent', sent_at = ?, last_upload_id = ?, newly_json = ? "
            "WHERE chat_id = ? AND week_key = ?",
            [utc_now(), last_upload_id, None if newly is None else json.dumps(newly), chat_id, week_key],
        )


def week_claimed(db: Database, chat_id: int, week_key: str) -> bool:
    row = db.execute("SELECT 1 FROM digest_log WHERE chat_id = ? AND week_key = ?", [chat_id, week_key]).fetchone()
    return row is not None


def last_digest(db: Database, chat_id: int) -> dict | None:
    """The newest digest that went out: its week, when, and the newest upload it had seen; with
    `newly`, the newly-likely-to-stop list of the newest digest that named one (a week with no
    news names none), and that digest's week and time (`newly` None: no digest kept one)."""
    row = db.execute(
        "SELECT week_key, sent_at, last_upload_id FROM digest_log WHERE chat_id = ? AND status = 'sent' "
        "ORDER BY sent_at DESC LIMIT 1",
        [chat_id],
    ).fetchone()
    if row is None:
        return None
    listed = db.execute(
        "SELECT week_key, sent_at, newly_json FROM digest_log WHERE chat_id = ? AND status = 'sent' "
        "AND newly_json IS NOT NULL ORDER BY sent_at DESC LIMIT 1",
        [chat_id],
    ).fetchone() or (None, None, None)
    return {"week_key": row[0], "sent_at": row[1], "last_upload_id": row[2],
            "newly": None if listed[2] is None else json.loads(listed[2]),
            "newly_week_key": listed[0], "newly_sent_at": listed[1]}


def newest_upload_id(db: Database, chat_id: int) -> int | None:
    return db.execute("SELECT max(upload_id) FROM uploads WHERE chat_id = ?", [chat_id]).fetchone()[0]


def customer_state(db: Database, chat_id: int) -> dict[str, tuple[str | None, bool]]:
    """customer id -> (segment, at risk) as of the last digest."""
    rows = db.execute(
        "SELECT customer_id, segment, at_risk FROM digest_customer_state WHERE chat_id = ?", [chat_id]
    ).fetchall()
    return {customer: (segment, bool(at_risk)) for customer, segment, at_risk in rows}


def save_customer_state(db: Database, chat_id: int, state: Iterable[tuple[str, str | None, bool]]) -> None:
    with db.atomic():
        db.execute("DELETE FROM digest_customer_state WHERE chat_id = ?", [chat_id])
        db.conn.executemany(
            "INSERT INTO digest_customer_state (chat_id, customer_id, segment, at_risk) VALUES (?, ?, ?, ?)",
            ((chat_id, customer, segment, int(risk)) for customer, segment, risk in state),
        )
