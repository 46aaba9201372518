"""SIGKILL the importing process at random moments: the database stays sound and every upload is
either wholly in or wholly out."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import open_database

KILLS = 20
# One process pays the cold start (imports, a first import) once and then forks a fresh writer for
# every kill: the kills land in real uploads without twenty cold starts.
WRITERS = """
import os
import sys
from pathlib import Path
from bot.service import import_upload
from storage import open_database
from tests.helpers.shop import generic_orders_csv

db = Path(sys.argv[1])
warm_up = db.with_name("warm-up.db")
open_database(warm_up).close()
import_upload(warm_up, 1, "warm-up.csv", generic_orders_csv(400, seed=1))
for line in sys.stdin:
    seed = int(line)
    files = [generic_orders_csv(400, seed=seed + n) for n in range(3)]
    pid = os.fork()
    if pid == 0:
        print(os.getpid(), flush=True)
        n = 0
        while True:
            import_upload(db, 1, f"orders-{seed}-{n}.csv", files[n % 3])
            n += 1
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def _check(db_path: Path) -> tuple[int, int]:
    db = open_database(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        uploads = db.execute("SELECT upload_id, orders_added FROM uploads").fetchall()
        for upload_id, added in uploads:
            stored = db.execute("SELECT count(*) FROM orders WHERE first_upload_id = ?", [upload_id]).fetchone()[0]
            assert stored == added, f"upload {upload_id} is half in: {stored} of {added} orders"
        orphans = db.execute(
            "SELECT count(*) FROM orders WHERE first_upload_id NOT IN (SELECT upload_id FROM uploads)"
        ).fetchone()[0]
        assert orphans == 0, "orders of an upload that is not recorded"
        return len(uploads), db.execute("SELECT count(*) FROM orders").fetchone()[0]
    finally:
        db.close()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_killing_imports_never_corrupts_or_half_imports(tmp_path):
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    rng = random.Random(7)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    writers = subprocess.Popen([sys.executable, "-c", WRITERS, str(db_path)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, env=env, cwd=root, text=True, bufsize=1)
    uploads_seen = 0
    try:
        for kill in range(KILLS):
            writers.stdin.write(f"{kill * 10}\n")
            writer = int(writers.stdout.readline())
            time.sleep(rng.uniform(0.05, 1.2))
            os.kill(writer, signal.SIGKILL)
            assert writers.stdout.readline().strip() == "reaped"
            uploads, orders = _check(db_path)
            assert uploads >= uploads_seen, "a committed upload disappeared"
            uploads_seen = uploads
    finally:
        writers.kill()
        writers.communicate()
    assert uploads_seen > 0, "no import ever finished: the kills came too early to test anything"
