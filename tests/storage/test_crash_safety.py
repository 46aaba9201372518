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
WRITER = """
import sys
from pathlib import Path
from bot.service import import_upload
from storage import open_database
from tests.helpers.shop import generic_orders_csv

db = Path(sys.argv[1])
seed = int(sys.argv[2])
files = [generic_orders_csv(400, seed=seed + n) for n in range(3)]
# A first import pays one-off costs (lazy imports, first reads); pay them elsewhere, so the
# kills below land while uploads are really being written.
warm_up = db.with_name(f"warm-up-{seed}.db")
open_database(warm_up).close()
import_upload(warm_up, 1, "warm-up.csv", files[0])
print("ready", flush=True)
n = 0
while True:
    import_upload(db, 1, f"orders-{seed}-{n}.csv", files[n % 3])
    n += 1
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


@pytest.mark.timeout(420)  # twenty cold starts of a writer (each imports the analytics) on a busy machine
def test_killing_imports_never_corrupts_or_half_imports(tmp_path):
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    rng = random.Random(7)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    uploads_seen = 0
    for kill in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(kill * 10)],
                                  stdout=subprocess.PIPE, env=env, cwd=root)
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 1.2))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        uploads, orders = _check(db_path)
        assert uploads >= uploads_seen, "a committed upload disappeared"
        uploads_seen = uploads
    assert uploads_seen > 0, "no import ever finished: the kills came too early to test anything"
