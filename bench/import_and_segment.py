"""Time to import and segment a 100,000-order export, against pandas reading the same CSV.

The bot's path: read and normalise the export, store it in SQLite in one transaction, load the
history back, score RFM segments and K-Means clusters, store the run. The baseline is a plain
`pandas.read_csv` of the same bytes in the same process.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.synthetic import orders_csv
from bot import service
from storage import open_database

ORDERS = 100_000


def _best_of(runs: int, action) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main(orders: int = ORDERS) -> dict:
    data = orders_csv(orders)
    baseline = _best_of(3, lambda: pd.read_csv(io.BytesIO(data)))
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        open_database(db_path).close()
        started = time.perf_counter()
        report = service.import_upload(db_path, 1, "orders.csv", data)
        imported = time.perf_counter()
        summary = service.analyse_chat(db_path, 1)
        finished = time.perf_counter()
    total = finished - started
    result = {
        "orders": report.orders_added,
        "customers": summary["customers"],
        "read_csv_s": round(baseline, 3),
        "import_s": round(imported - started, 3),
        "analyse_s": round(finished - imported, 3),
        "total_s": round(total, 3),
        "ratio_to_read_csv": round(total / baseline, 1),
    }
    print(
        f"import+segment {orders:,} orders ({len(data) / 1e6:.1f} MB): import {result['import_s']}s, "
        f"analyse {result['analyse_s']}s, total {result['total_s']}s = "
        f"{result['ratio_to_read_csv']}x pandas.read_csv ({result['read_csv_s']}s)"
    )
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ORDERS)
