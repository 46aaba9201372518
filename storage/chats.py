"""What is stored for a chat, and forgetting all of it."""

from __future__ import annotations

from sqlite_utils import Database

from storage.database import utc_now, write_transaction


def ensure_chat(db: Database, chat_id: int) -> None:
    """Create the chat's row (the parent of all its data) if it is new."""
    db.execute(
        "INSERT OR IGNORE INTO chats (chat_id, created_at) VALUES (?, ?)",
        [chat_id, utc_now()],
    )


def chat_stats(db: Database, chat_id: int) -> dict:
    """Counts of uploads, orders and customers, and when the chat was last analysed."""

    def scalar(sql: str) -> object:
        return db.execute(sql, [chat_id]).fetchone()[0]

    return {
        "uploads": scalar("SELECT count(*) FROM uploads WHERE chat_id = ?"),
        "orders": scalar("SELECT count(*) FROM orders WHERE chat_id = ?"),
        "customers": scalar("SELECT count(DISTINCT customer_id) FROM orders WHERE chat_id = ?"),
        "first_order": scalar("SELECT min(ordered_at) FROM orders WHERE chat_id = ?"),
        "last_order": scalar("SELECT max(ordered_at) FROM orders WHERE chat_id = ?"),
        "last_upload": scalar("SELECT max(uploaded_at) FROM uploads WHERE chat_id = ?"),
        "last_analysis": scalar("SELECT max(created_at) FROM analysis_runs WHERE chat_id = ?"),
    }


class StoredDataChanged(Exception):
    """What /forget would delete is no longer what the owner was shown."""

    def __init__(self, orders_now: int) -> None:
        super().__init__(orders_now)
        self.orders_now = orders_now


def forget_state(db: Database, chat_id: int) -> str:
    """A short token of what is stored (newest upload, order count), for a /forget button to carry.

    Upload ids only grow, even after a chat is forgotten, so any upload or undo since changes it.
    """
    newest, orders = db.execute(
        "SELECT (SELECT max(upload_id) FROM uploads WHERE chat_id = ?), (SELECT count(*) FROM orders WHERE chat_id = ?)",
        [chat_id, chat_id],
    ).fetchone()
    return f"{newest or 0}.{orders}"


def forget_chat(db: Database, chat_id: int, *, state: str | None = None) -> int:
    """Delete everything stored for a chat (every table cascades from it); return orders deleted.

    With `state` (from forget_state when the owner was asked), raise StoredDataChanged instead if
    anything was uploaded or undone since; checked and deleted in one write transaction.
    """
    with write_transaction(db):
        orders = db.execute("SELECT count(*) FROM orders WHERE chat_id = ?", [chat_id]).fetchone()[0]
        if state is not None and forget_state(db, chat_id) != state:
            raise StoredDataChanged(orders)
        db.execute("DELETE FROM chats WHERE chat_id = ?", [chat_id])
    return orders


def chat_horizon_days(db: Database, chat_id: int) -> int | None:
    """How many days ahead this chat's churn and value forecasts look; None for a chat not yet
    stored (the default lives with the analysis, analytics.analysis.DEFAULT_HORIZON_DAYS)."""
    row = db.execute("SELECT horizon_days FROM chats WHERE chat_id = ?", [chat_id]).fetchone()
    return int(row[0]) if row else None


def set_horizon_days(db: Database, chat_id: int, days: int) -> None:
    """Change how far ahead this chat's churn risk and forecasts look."""
    with db.atomic():
        ensure_chat(db, chat_id)
        db.execute("UPDATE chats SET horizon_days = ? WHERE chat_id = ?", [days, chat_id])


def chat_language(db: Database, chat_id: int) -> tuple[str | None, str | None]:
    """(the language picked with /language, the one the owner's Telegram app last said); each None
    when not known, both for a chat not yet stored."""
    row = db.execute("SELECT language, telegram_language FROM chats WHERE chat_id = ?", [chat_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def set_chat_language(db: Database, chat_id: int, language: str | None) -> None:
    """Remember the language the owner picked (None: follow their Telegram app again)."""
    with db.atomic():
        ensure_chat(db, chat_id)
        db.execute("UPDATE chats SET language = ? WHERE chat_id = ?", [language, chat_id])


def note_telegram_language(db: Database, chat_id: int, language: str) -> None:
    """Remember the language the owner's Telegram app says, for a stored chat, writing only when it
    changed (every update asks)."""
    with db.atomic():
        db.execute("UPDATE chats SET telegram_language = ? WHERE chat_id = ? AND telegram_language IS NOT ?",
                   [language, chat_id, language])
