"""Standing questions: what the owner asked to be answered in every weekly digest, as words."""

from __future__ import annotations

from sqlite_utils import Database

from storage.database import utc_now, write_transaction

MAX_STANDING = 10  # a digest is read on a phone


def add_standing_question(db: Database, chat_id: int, text: str) -> int | None:
    """Keep `text` for this chat's digests; its id, or None when the chat already has MAX_STANDING."""
    with write_transaction(db):
        existing = db.execute("SELECT question_id FROM standing_questions WHERE chat_id = ? AND text = ?",
                              [chat_id, text]).fetchone()
        if existing:
            return existing[0]
        count = db.execute("SELECT count(*) FROM standing_questions WHERE chat_id = ?", [chat_id]).fetchone()[0]
        if count >= MAX_STANDING:
            return None
        cursor = db.execute("INSERT INTO standing_questions (chat_id, text, created_at) VALUES (?, ?, ?)",
                            [chat_id, text, utc_now()])
        return cursor.lastrowid


def standing_questions(db: Database, chat_id: int) -> list[dict]:
    """This chat's standing questions, oldest first."""
    return list(db.query("SELECT question_id, text, created_at FROM standing_questions WHERE chat_id = ? "
                         "ORDER BY question_id", [chat_id]))


def remove_standing_question(db: Database, chat_id: int, question_id: int) -> bool:
    """Stop answering one of this chat's standing questions; False if it was not there."""
    with db.atomic():
        cursor = db.execute("DELETE FROM standing_questions WHERE chat_id = ? AND question_id = ?",
                            [chat_id, question_id])
        return cursor.rowcount > 0
