"""Settings from the environment (and a `.env` file), named as ARCHITECTURE.md fixes them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_BASE_URL = "https://api.telegram.org/file/bot"
DEFAULT_DB_PATH = Path("data") / "shoppulse.db"
DEFAULT_WEB_HOST = "127.0.0.1"
DEFAULT_WEB_PORT = 8080
# One heavy job (an import, an analysis, a digest) may use this much memory and time; two run at
# once, so with the bot itself they fit a 2-core machine with 2 GB.
DEFAULT_JOB_MEMORY_MB = 800
DEFAULT_JOB_SECONDS = 600
DEFAULT_LLM_MODEL = "llama3.1"  # what a local Ollama serves by that name


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    api_base_url: str = TELEGRAM_API_BASE_URL
    file_base_url: str = TELEGRAM_FILE_BASE_URL
    db_path: Path = DEFAULT_DB_PATH
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    timezone: str = "UTC"
    web_host: str = DEFAULT_WEB_HOST
    web_port: int = DEFAULT_WEB_PORT
    job_memory_mb: int = DEFAULT_JOB_MEMORY_MB
    job_seconds: int = DEFAULT_JOB_SECONDS
    llm_url: str | None = None  # an OpenAI-compatible endpoint that may map questions the parser cannot
    llm_model: str = DEFAULT_LLM_MODEL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, dotenv_path: str | Path = ".env") -> Settings:
        """Read settings; real environment variables win over the `.env` file."""
        values = {k: v for k, v in dotenv_values(dotenv_path).items() if v is not None}
        values.update(os.environ if environ is None else environ)
        timezone = values.get("SHOPPULSE_TIMEZONE") or "UTC"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ConfigError(
                f"SHOPPULSE_TIMEZONE={timezone!r} is not a time zone name; use one like Europe/Berlin."
            ) from error
        return cls(
            web_host=(values.get("SHOPPULSE_WEB_HOST") or "").strip() or DEFAULT_WEB_HOST,
            web_port=_port(values.get("SHOPPULSE_WEB_PORT") or str(DEFAULT_WEB_PORT)),
            token=(values.get("TELEGRAM_BOT_TOKEN") or "").strip() or None,
            api_base_url=values.get("TELEGRAM_API_BASE_URL") or TELEGRAM_API_BASE_URL,
            file_base_url=values.get("TELEGRAM_FILE_BASE_URL") or TELEGRAM_FILE_BASE_URL,
            db_path=Path(values.get("SHOPPULSE_DB") or DEFAULT_DB_PATH),
            allowed_users=parse_user_ids(values.get("SHOPPULSE_ALLOWED_USERS", "")),
            timezone=timezone,
            job_memory_mb=_positive_int(values, "SHOPPULSE_JOB_MEMORY_MB", DEFAULT_JOB_MEMORY_MB, least=300),
            job_seconds=_positive_int(values, "SHOPPULSE_JOB_SECONDS", DEFAULT_JOB_SECONDS, least=10),
            llm_url=(values.get("SHOPPULSE_LLM_URL") or "").strip().rstrip("/") or None,
            llm_model=(values.get("SHOPPULSE_LLM_MODEL") or "").strip() or DEFAULT_LLM_MODEL,
        )


def _port(text: str) -> int:
    if not text.strip().isdigit() or int(text) > 65535:
        raise ConfigError(f"SHOPPULSE_WEB_PORT={text!r} is not a port; use a number like 8080 (0 picks a free one).")
    return int(text)


def _positive_int(values: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    """A whole number of at least `least` (a worker needs about 250 MB just to start), or a clear error."""
    text = (values.get(name) or "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < least:
        raise ConfigError(f"{name}={text!r} must be a whole number, at least {least}; leave it out for {default}.")
    return int(text)


def parse_user_ids(text: str) -> frozenset[int]:
    """"123, 456" or "123 456" -> {123, 456}; anything else is a clear error."""
    ids = set()
    for part in text.replace(",", " ").split():
        try:
            ids.add(int(part))
        except ValueError as error:
            raise ConfigError(
                f"SHOPPULSE_ALLOWED_USERS has {part!r}, which is not a Telegram user id (a number). "
                "Write the ids separated by commas, e.g. SHOPPULSE_ALLOWED_USERS=123456789,987654321"
            ) from error
    return frozenset(ids)
