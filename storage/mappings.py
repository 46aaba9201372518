"""Column choices an owner made for files no reader recognised, remembered per chat and header."""

from __future__ import annotations

import json

from sqlite_utils import Database

from storage.chats import ensure_chat


def save_mapping(db: Database, chat_id: int, signature: str, mapping: dict) -> None:
    with db.atomic():
        ensure_chat(db, chat_id)
        db.execute(
            "INSERT OR REPLACE INTO column_mappings (chat_id, header_signature, mapping_json) VALUES (?, ?, ?)",
            [chat_id, signature, json.dumps(mapping)],
        )


def load_mappings(db: Database, chat_id: int) -> dict[str, dict]:
    rows = db.execute(
        "SELECT header_signature, mapping_json FROM column_mappings WHERE chat_id = ?", [chat_id]
    ).fetchall()
    return {signature: json.loads(mapping) for signature, mapping in rows}


def delete_mappings(db: Database, chat_id: int) -> int:
    """Forget every column choice of a chat, so the next unknown file is asked about again."""
    with db.atomic():
        return db.execute("DELETE FROM column_mappings WHERE chat_id = ?", [chat_id]).rowcount
