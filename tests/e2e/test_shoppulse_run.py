"""`shoppulse run`, the process `make run` starts, against the local Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from tests.conftest import ALICE


def test_shoppulse_run_polls_answers_and_stops_cleanly(bot_api, tmp_path):
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": bot_api.token,
        "TELEGRAM_API_BASE_URL": bot_api.base_url,
        "TELEGRAM_FILE_BASE_URL": bot_api.file_base_url,
        "SHOPPULSE_DB": str(tmp_path / "data" / "shop.db"),
        "SHOPPULSE_ALLOWED_USERS": str(ALICE),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
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
