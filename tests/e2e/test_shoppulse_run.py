"""`shoppulse run`, the process `make run` starts, against the local Bot API."""

from __future__ import annotations

import datetime as dtm
import os
import signal
import subprocess
import sys
import time

import pytest

from bot import service
from tests.conftest import ALICE
from tests.helpers.shop import generic_orders_csv


def _start(bot_api, tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": bot_api.token,
        "TELEGRAM_API_BASE_URL": bot_api.base_url,
        "TELEGRAM_FILE_BASE_URL": bot_api.file_base_url,
        "SHOPPULSE_DB": str(tmp_path / "data" / "shop.db"),
        "SHOPPULSE_ALLOWED_USERS": str(ALICE),
    }
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_shoppulse_run_polls_answers_and_stops_cleanly(bot_api, tmp_path):
    process = _start(bot_api, tmp_path)
    try:
        bot_api.send_text(ALICE, "/start")
        welcome = bot_api.wait_for(lambda s: s.chat_id == ALICE, timeout=60)
        assert "order export" in welcome.text
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert bot_api.token not in stderr
    assert (tmp_path / "data" / "shop.db").exists()
    assert os.stat(tmp_path / "data" / "shop.db").st_mode & 0o777 == 0o600


@pytest.mark.slow
@pytest.mark.parametrize("in_flight", ["getMe", "setMyCommands", "deleteWebhook"])
def test_ctrl_c_while_a_start_up_request_is_in_flight_stops_cleanly(bot_api, tmp_path, in_flight):
    """The reply is held past the bot's 5 s read timeout: waiting it out would end in an error, not exit 0."""
    bot_api.inject(in_flight, "stall", retry_after=20)
    process = _start(bot_api, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not any(method == in_flight for method, _ in list(bot_api.calls)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert time.monotonic() < deadline, f"the bot never called {in_flight}"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert not any(method == "getUpdates" for method, _ in bot_api.calls)  # it stopped instead of carrying on


def _start_with_orders(bot_api, tmp_path) -> subprocess.Popen:
    """`shoppulse run` with 30 customers' orders uploaded and analysed; the caller stops it."""
    process = _start(bot_api, tmp_path)
    try:
        bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(30))
        bot_api.wait_for(lambda s: "Send /segments" in (s.text or ""), timeout=120)
    except BaseException:
        process.kill()
        process.communicate(timeout=30)
        raise
    return process


@pytest.mark.slow
def test_after_sigkill_the_bot_resumes_with_data_and_schedule(bot_api, tmp_path):
    process = _start_with_orders(bot_api, tmp_path)
    process.kill()
    process.wait(timeout=30)  # its worker processes may hold the pipes a moment longer
    process.stdout.close()
    process.stderr.close()
    process = _start(bot_api, tmp_path)
    try:
        mark = bot_api.mark()
        bot_api.send_text(ALICE, "/stats")
        stats = bot_api.wait_for(lambda s: s.method == "sendMessage", since=mark, timeout=60)
        assert "customers: 30" in stats.text
        mark = bot_api.mark()
        bot_api.send_text(ALICE, "/schedule")
        schedule = bot_api.wait_for(lambda s: s.method == "sendMessage", since=mark, timeout=30)
        assert "Mondays at 09:00" in schedule.text
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0


@pytest.mark.slow
@pytest.mark.timeout(300)  # two cold starts of the real process
def test_a_cold_start_sends_the_digest_missed_while_the_bot_was_down(bot_api, tmp_path):
    """As `shoppulse run` really starts: the workers warm up for seconds after the catch-up is queued."""
    process = _start_with_orders(bot_api, tmp_path)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    today = dtm.datetime.now(dtm.UTC)
    service.set_digest_schedule(tmp_path / "data" / "shop.db", ALICE, weekday=today.weekday(), hour=0, minute=0,
                                timezone_name="UTC")  # the slot passed earlier today, while the bot was down
    mark = bot_api.mark()
    process = _start(bot_api, tmp_path)
    try:
        digest = bot_api.wait_for(lambda s: "weekly ShopPulse digest" in (s.text or ""), since=mark, timeout=120)
        assert digest.chat_id == ALICE
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert "was missed by" not in stderr
