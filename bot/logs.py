"""Logging that never writes a bot token, a file URL or a customer e-mail.

httpx logs every request URL at INFO and Bot API URLs contain the token, so httpx is turned
down to WARNING; a redacting filter on every handler is the second line of defence.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}|bot\d+:[A-Za-z0-9_-]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def redact(text: str) -> str:
    """Replace tokens and e-mail addresses in a log line."""
    return _EMAIL.sub("<email>", _TOKEN.sub("<token>", text))


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message with secrets and e-mails removed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg, record.args = cleaned, None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr through the redacting filter; quiet the libraries that log URLs."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
