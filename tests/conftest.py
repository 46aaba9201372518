"""Fixtures shared by every test folder: the local Bot API, settings, a running bot."""

from __future__ import annotations

# Imported before any test starts the bot: start-up freezes the garbage collector's view of what is
# loaded (bot.telegram_bot.app), and hypothesis, imported after that by pytest's summary, checks the
# random generators plugins register by their referrers, which a frozen heap hides: it then warned,
# and the warning failed a run of a single file with `pytest` (not with `make test`'s -n auto).
import hypothesis  # noqa: F401
import pytest

from bot.config import Settings
from bot.local_bot_api import LocalBotApi
from bot.service.workers import JobRunner
from bot.telegram_bot.app import build_application
from storage.database import open_database
from tests.helpers.running import running

ALICE = 1001  # an allowed shop owner
BOB = 2002  # another allowed shop owner, with a shop of his own
MALLORY = 6666  # not allowed


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow run first: the suite runs on two processes (pytest-xdist), and a minute-long
    test started last would leave one of them idle while it finishes."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; the tests talk to 127.0.0.1 only."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def job_runner():
    """One worker pool for the whole session: spawning workers is the slow part of a bot start."""
    runner = JobRunner()
    yield runner
    runner.close()


@pytest.fixture
def empty_db_path(tmp_path):
    """A migrated database file with nothing in it, for tests of the service functions."""
    path = tmp_path / "db.sqlite"
    open_database(path).close()
    return path


@pytest.fixture
def bot_api():
    with LocalBotApi() as api:
        yield api


@pytest.fixture
def settings(tmp_path, bot_api) -> Settings:
    return Settings(
        token=bot_api.token,
        api_base_url=bot_api.base_url,
        file_base_url=bot_api.file_base_url,
        db_path=tmp_path / "shoppulse.db",
        allowed_users=frozenset({ALICE, BOB}),
    )


@pytest.fixture
async def bot(settings, job_runner):
    """The real application, built by the factory `shoppulse run` uses, polling the stand-in."""
    application = build_application(settings, runner=job_runner)
    async with running(application):
        yield application
