"""A real full disk under `shoppulse run`: the database lives on a tiny tmpfs of its own.

The bot runs in a mount namespace (`unshare`, which needs no root: a user namespace maps us to
root inside it) where an 8 MB tmpfs is mounted over its data folder. The test reaches that
filesystem through /proc/<pid>/root, fills it to the last byte, and checks what the owner sees.
(A read-only database is tested in test_faults: a read-only remount is refused while the bot
has the file open for writing.)
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import ALICE
from tests.helpers.shop import generic_orders_csv

TMPFS_SIZE = "8m"


def _start_on_tmpfs(bot_api, data: Path) -> subprocess.Popen:
    unshare = shutil.which("unshare")
    assert unshare, "util-linux's unshare is needed to give the bot a small filesystem of its own"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": bot_api.token,
        "TELEGRAM_API_BASE_URL": bot_api.base_url,
        "TELEGRAM_FILE_BASE_URL": bot_api.file_base_url,
        "SHOPPULSE_DB": str(data / "shop.db"),
        "SHOPPULSE_ALLOWED_USERS": str(ALICE),
    }
    # unshare and sh exec, so the Popen pid is the bot's pid and /proc/<pid>/root shows its mounts.
    script = f'mount -t tmpfs -o size={TMPFS_SIZE} tmpfs "$0" && exec "$1" -m bot.cli run'
    return subprocess.Popen([unshare, "--user", "--map-root-user", "--mount", "sh", "-c", script,
                             str(data), sys.executable],
                            cwd=data.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _fill(folder: Path) -> Path:
    """Write zeros until the filesystem says ENOSPC; the file is the disk's last free byte."""
    filler = folder / "filler"
    chunk = b"\0" * 65536
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
    # Then byte by byte, in case the last chunk was refused whole while a little room was left.
    with open(filler, "ab", buffering=0) as out:
        try:
            while True:
                out.write(b"\0")
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
    return filler


def _integrity(folder: Path, copy_to: Path) -> str:
    """integrity_check on a copy of the idle bot's database and WAL: SQLite resolves the magic
    /proc/<pid>/root link to this namespace's path, so it cannot open the file where it is."""
    copy_to.mkdir(exist_ok=True)
    for name in ("shop.db", "shop.db-wal"):
        if (folder / name).exists():
            shutil.copyfile(folder / name, copy_to / name)
    with closing(sqlite3.connect(copy_to / "shop.db")) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def _stats(bot_api) -> str:
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    return bot_api.wait_for(lambda s: s.method == "sendMessage" and s.chat_id == ALICE, since=mark, timeout=60).text


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_full_disk_gives_a_clear_error_keeps_earlier_data_and_recovers(bot_api, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    process = _start_on_tmpfs(bot_api, data)
    try:
        mark = bot_api.mark()
        bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(30))
        bot_api.wait_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
        seen_by_bot = Path(f"/proc/{process.pid}/root") / data.relative_to("/")
        assert (seen_by_bot / "shop.db").exists(), "the database should be on the bot's tmpfs"
        assert not (data / "shop.db").exists(), "the tmpfs should hide the database from this mount namespace"

        filler = _fill(seen_by_bot)
        mark = bot_api.mark()
        bot_api.send_document(ALICE, "more.csv", generic_orders_csv(2000, seed=9))
        refusal = bot_api.wait_for(lambda s: "cannot be written" in (s.text or ""), since=mark, timeout=120)
        assert "disk is full" in refusal.text and "Nothing was saved" in refusal.text
        assert not [s for s in bot_api.sent[mark:] if "Send /segments" in (s.text or "")]
        assert "customers: 30" in _stats(bot_api)
        mark = bot_api.mark()
        bot_api.send_text(ALICE, "/segments")
        segments = bot_api.wait_for(lambda s: "Your 30 customers" in (s.text or ""), since=mark, timeout=60)
        mark = bot_api.mark()
        bot_api.press_button(segments, segments.buttons()[0]["callback_data"])
        export = bot_api.wait_for(lambda s: s.method == "sendDocument", since=mark, timeout=60)
        assert export.file_name.endswith(".csv")
        assert _integrity(seen_by_bot, tmp_path / "copy") == "ok"

        filler.unlink()
        mark = bot_api.mark()
        bot_api.send_document(ALICE, "more.csv", generic_orders_csv(2000, seed=9))
        bot_api.wait_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
        assert "customers: 30" not in _stats(bot_api)
        assert _integrity(seen_by_bot, tmp_path / "copy") == "ok"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
