"""Docs that must stay true, and logs that must stay clean."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.config import ConfigError, Settings
from bot.logs import RedactingFilter, redact
from bot.telegram_bot.app import build_application
from bot.telegram_bot.commands import COMMANDS
from bot.telegram_bot.replies.help import help_text

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_command_is_in_help_and_readme(tmp_path):
    application = build_application(Settings(token="1:x", db_path=tmp_path / "db.sqlite"))
    registered = {
        command
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert registered == {c.name for c in COMMANDS}
    readme = (ROOT / "README.md").read_text()
    for name in registered:
        assert f"/{name}" in help_text()
        assert f"`/{name}" in readme, f"/{name} is missing from the README"


def test_env_example_and_readme_list_every_setting():
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    read = set(re.findall(r'"((?:SHOPPULSE|TELEGRAM)_[A-Z_]+)"', (ROOT / "bot" / "config.py").read_text()))
    assert {"TELEGRAM_BOT_TOKEN", "SHOPPULSE_DB", "SHOPPULSE_WEB_PORT", "SHOPPULSE_WEB_HOST"} <= read
    for name in read:
        assert f"{name}=" in example, f"{name} is missing from .env.example"
        assert f"`{name}`" in readme, f"{name} is missing from the README's table"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text() and "make run" in (ROOT / "README.md").read_text()


def test_redaction_of_tokens_urls_and_emails():
    line = "GET http://127.0.0.1/file/bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345/documents/x.csv for Ann.Lee+shop@Example.co.uk"
    cleaned = redact(line)
    assert "ABCdef" not in cleaned and "Ann.Lee" not in cleaned
    assert "<token>" in cleaned and "<email>" in cleaned


def test_filter_redacts_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "user %s", ("a@b.com",), None)
    try:
        raise ValueError("bad cell c@d.org")
    except ValueError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    RedactingFilter().filter(record)
    assert record.getMessage() == "user <email>"
    assert "c@d.org" not in record.exc_text and "<email>" in record.exc_text


def test_allowed_users_parse_and_bad_ids_are_explained():
    settings = Settings.from_env({"SHOPPULSE_ALLOWED_USERS": "12, 34 56"}, dotenv_path="/nonexistent")
    assert settings.allowed_users == {12, 34, 56}
    try:
        Settings.from_env({"SHOPPULSE_ALLOWED_USERS": "@alice"}, dotenv_path="/nonexistent")
    except ValueError as error:
        assert "not a Telegram user id" in str(error)
    else:
        raise AssertionError("a username must be refused")


@pytest.mark.parametrize("port", ["http", "-1", "70000"])
def test_a_web_port_that_is_not_a_port_is_a_clear_error(port):
    with pytest.raises(ConfigError, match="SHOPPULSE_WEB_PORT"):
        Settings.from_env({"SHOPPULSE_WEB_PORT": port}, dotenv_path="/nonexistent/.env")
