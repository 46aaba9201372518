"""Importing a 1,000,000-line Shopify export (zipped) end to end, against pandas + pyarrow reading the CSV.

Ours, end to end: what an upload costs the bot (`bot.service.import_upload`): unzip, detect the
platform, read, normalise into canonical orders and items, and store them in a fresh chat's
SQLite database in one transaction. The read alone (`analytics.ingest.read_export`) is timed too,
so the split between reading and storing is visible. Baseline: unzip and
`pandas.read_csv(engine="pyarrow", dtype=str)` of the CSV. Target (issue 15): the import at most
3x the baseline, and under 1.5 GB peak memory. Each side runs in a fresh child process, so
neither sees the other's allocations or warmed caches; the database is created and migrated
before the clock starts, as the bot migrates once at start-up.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

LINES = 1_000_000
TARGET_RATIO = 3.0
TARGET_PEAK_MB = 1_500
KINDS = ("baseline", "read", "import")


def high_water_mb() -> float:
    """This process's own peak resident memory (VmHWM starts afresh at exec, unlike ru_maxrss,
    which on Linux carries over the parent's peak)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(kind: str, path: str) -> dict:
    import pandas as pd

    data = open(path, "rb").read()
    with tempfile.TemporaryDirectory() as folder:
        if kind == "import":
            from bot.service import import_upload
            from storage.database import open_database

            db_path = Path(folder) / "shoppulse.db"
            open_database(db_path).close()  # created and migrated, as at the bot's start-up
        started = time.perf_counter()
        cpu_started = time.process_time()
        if kind == "baseline":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                csv = archive.read(archive.namelist()[0])
            rows = len(pd.read_csv(io.BytesIO(csv), engine="pyarrow", dtype=str))
        elif kind == "read":
            from analytics.ingest import read_export

            export = read_export(data, "orders_export.zip")
            rows = export.rows_read
            assert export.platform == "shopify", export.platform
        else:
            report = import_upload(db_path, 1, "orders_export.zip", data)
            rows = report.rows_read
            assert report.platform == "shopify" and report.orders_added == report.orders_in_file, report
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    return {"seconds": elapsed, "cpu_seconds": cpu, "peak_mb": high_water_mb(), "rows": rows}


def main(lines: int = LINES) -> dict:
    from bench.synthetic import shopify_export
    from bench.yardstick import OUT

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"shopify-{lines}.zip"
    if not path.exists():
        csv = shopify_export(lines)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("orders_export_1.csv", csv)
    results = {}
    for kind in KINDS:
        out = subprocess.run([sys.executable, "-m", "bench.ingest_shopify", "--child", kind, str(path)],
                             check=True, capture_output=True, text=True).stdout
        results[kind] = json.loads(out)
    base = results["baseline"]
    ratios = {kind: results[kind]["seconds"] / base["seconds"] for kind in ("read", "import")}
    cpu_ratios = {kind: results[kind]["cpu_seconds"] / base["cpu_seconds"] for kind in ("read", "import")}
    print(f"Shopify export, {lines:,} lines zipped ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"  pandas+pyarrow read (baseline): {base['seconds']:.2f}s wall, {base['cpu_seconds']:.2f}s CPU, "
          f"peak {base['peak_mb']:.0f} MB")
    for kind, label in (("read", "read only (read_export)"), ("import", "import end to end (import_upload)")):
        result = results[kind]
        print(f"  {label}: {result['seconds']:.2f}s wall, {result['cpu_seconds']:.2f}s CPU, peak "
              f"{result['peak_mb']:.0f} MB; ratio {ratios[kind]:.2f}x wall, {cpu_ratios[kind]:.2f}x CPU")
    print(f"  target: import <= {TARGET_RATIO:g}x the baseline, peak < {TARGET_PEAK_MB:,} MB: "
          f"{'met' if ratios['import'] <= TARGET_RATIO and results['import']['peak_mb'] < TARGET_PEAK_MB else 'not met'}")
    return {"ratio": ratios["import"], "read_ratio": ratios["read"], **results}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else LINES)
