"""Which language a chat is answered in: the one picked with /language, else the one the owner's
Telegram app says, remembered for the digest, which has no incoming message to read it from."""

from __future__ import annotations

from pathlib import Path

from bot.i18n import ENGLISH, LANGUAGES, language_for
from bot.service.records import job_database
from storage.chats import chat_language as stored_chat_language
from storage.chats import note_telegram_language, set_chat_language


def chat_language(db_path: Path, chat_id: int, language_code: str | None = None) -> str:
    """The language to answer `chat_id` in; `language_code` is Telegram's for the update being
    answered (None for a job such as the digest), and is remembered when it changed."""
    told = language_for(language_code) if language_code else None
    with job_database(db_path) as db:
        picked, seen = stored_chat_language(db, chat_id)
        if told is not None and told != seen:
            note_telegram_language(db, chat_id, told)
    return next((lang for lang in (picked, told, seen) if lang in LANGUAGES), ENGLISH)


def pick_language(db_path: Path, chat_id: int, language: str) -> None:
    """Answer this chat in `language` from now on, whatever its Telegram app says."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for {language!r}")
    with job_database(db_path) as db:
        set_chat_language(db, chat_id, language)


def remember_language(db_path: Path, chat_id: int, language: str) -> None:
    """Remember the language a stored chat was just answered in, as its Telegram app's, for the
    digest: a chat's first upload creates its row after the update's language was read."""
    with job_database(db_path) as db:
        note_telegram_language(db, chat_id, language)
