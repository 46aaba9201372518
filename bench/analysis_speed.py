"""How long the owner waits for answers: the full analysis, a /horizon change, an upload's teaser
and the same file sent again.

Each figure is printed as wall time and as this process's CPU time (CPU time is what a quiet
machine would show as wall time; on a busy one, wall time includes waiting for a core), and as a
ratio to `pandas.read_csv` of the same orders run in the same process, which scales with the
machine. The analysis runs its two lanes on both cores, as the bot does (bot.service.analyses.lanes_for),
so CPU can exceed wall time. The 1,000,000-order analysis runs in a fresh child process, so its peak
memory is its own: the highest PSS of it and its forked lane, sampled in a second fresh child. Targets (issue 15): 100,000 orders analysed in 1.5 s, 1,000,000 orders / 200,000 customers
in 10 s under 1.5 GB; a 5,000-order upload's teaser in 1.5 s, the identical file again in 0.5 s;
/horizon on 100,000 orders in 2 s.

    python -m bench.analysis_speed            # everything
    python -m bench.analysis_speed --profile  # also the top of a cProfile of the 100,000-order analysis
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

from bench.ingest_shopify import high_water_mb
from bench.synthetic import orders_csv
from bot import service
from bot.service.analyses import lanes_for
from bot.service.workers import tree_proportional_bytes

LARGE_ORDERS = 1_000_000
LARGE_POOL = 300_000  # orders_table draws buyers from a pool with skewed weights: about 203,000 of these buy


class Clock:
    """Wall and CPU seconds of one step; CPU includes the processes the analysis forks for its parts
    (bot.service.jobs.side_by_side), so wall below CPU shows the two cores at work."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), _cpu_seconds()
        return self

    def __exit__(self, *_) -> None:
        self.wall, self.cpu = time.perf_counter() - self._wall, _cpu_seconds() - self._cpu

    def text(self, baseline: float) -> str:
        return f"{self.wall:.2f}s (CPU {self.cpu:.2f}s, {self.wall / baseline:.1f}x read_csv)"


def _cpu_seconds() -> float:
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


class TreePeak:
    """The highest PSS of this process and its descendants, sampled every 50 ms in a thread: the
    parts an analysis forks share most pages with it, which the process's own peak would miss and
    resident memory would count twice."""

    def __enter__(self) -> TreePeak:
        self.mb, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.mb = max(self.mb, tree_proportional_bytes(os.getpid()) / 2**20)

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def _read_csv_seconds(data: bytes) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        pd.read_csv(io.BytesIO(data))
        best = min(best, time.perf_counter() - started)
    return best


def _fresh_chat(folder: Path, name: str) -> Path:
    from storage import open_database

    path = folder / f"{name}.db"
    open_database(path).close()
    return path


def upload_and_resend(orders: int = 5_000) -> dict:
    """An upload's import and analysis (what stands between the last byte and the teaser), then the
    identical file again (import finds nothing new, the stored analysis answers)."""
    data = orders_csv(orders, seed=3)
    baseline = _read_csv_seconds(data)
    with tempfile.TemporaryDirectory() as folder:
        warm = _fresh_chat(Path(folder), "warm-up")  # a bot's workers have read and analysed before
        service.import_upload(warm, 1, "orders.csv", orders_csv(300, seed=1))
        service.analyse_chat(warm, 1)
        db_path = _fresh_chat(Path(folder), "upload")
        with Clock() as first:
            service.import_upload(db_path, 1, "orders.csv", data)
            service.analyse_chat(db_path, 1)
        with Clock() as again:
            report = service.import_upload(db_path, 1, "orders.csv", data)
            assert not (report.orders_added or report.orders_updated)
            assert service.current_summary(db_path, 1) is not None
    print(f"upload of {orders:,} orders to its teaser: {first.text(baseline)} (target <= 1.5 s)")
    print(f"the identical file again: {again.text(baseline)} (target <= 0.5 s)")
    return {"upload_s": first.wall, "upload_cpu_s": first.cpu, "again_s": again.wall, "again_cpu_s": again.cpu}


def analysis_and_horizon(orders: int = 100_000, *, profile: bool = False) -> dict:
    data = orders_csv(orders)
    baseline = _read_csv_seconds(data)
    with tempfile.TemporaryDirectory() as folder:
        db_path = _fresh_chat(Path(folder), "analysis")
        service.import_upload(db_path, 1, "orders.csv", data)
        with Clock() as analysis:
            summary = service.analyse_chat(db_path, 1)
        with Clock() as horizon:
            service.set_horizon(db_path, 1, 30)
            service.change_horizon(db_path, 1)
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(service.analyse_chat, db_path, 1)
            stats = io.StringIO()
            pstats.Stats(profiler, stream=stats).sort_stats("cumulative").print_stats(25)
            print(stats.getvalue())
    print(f"full analysis of {orders:,} orders / {summary['customers']:,} customers (load, analyse, store): "
          f"{analysis.text(baseline)} (target <= 1.5 s)")
    print(f"/horizon 30 on {orders:,} orders: {horizon.text(baseline)} (target <= 2 s)")
    return {"analysis_s": analysis.wall, "analysis_cpu_s": analysis.cpu, "horizon_s": horizon.wall,
            "horizon_cpu_s": horizon.cpu}


def _large_export():
    from analytics.ingest import read_export
    from bench.synthetic import orders_table

    table = orders_table(LARGE_ORDERS, customers=LARGE_POOL)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    data = buffer.getvalue().encode()
    del table, buffer
    return data, read_export(data, "orders.csv")


def _large_child() -> dict:
    """In a child process: the analysis of 1,000,000 orders of 200,000 customers, from the
    canonical tables in memory (storage is measured by the import benchmarks), on both cores as
    the bot runs it."""
    from analytics.analysis import analyse_orders

    data, export = _large_export()
    baseline = _read_csv_seconds(data)
    del data
    with Clock() as without_items:
        analyse_orders(export.orders, run_parts=lanes_for(len(export.orders)))
    with Clock() as clock:
        analysis = analyse_orders(export.orders, items=export.items, run_parts=lanes_for(len(export.orders), len(export.items)))
    return {"seconds": clock.wall, "cpu_seconds": clock.cpu, "read_csv_s": baseline,
            "without_items_s": without_items.wall, "without_items_cpu_s": without_items.cpu,
            "customers": analysis.summary["customers"]}


def _large_memory_child() -> dict:
    """In another child process: the same analysis once, its memory sampled (reading PSS costs
    ~20 ms a sample, which would slow the timed run); the process's own peak includes the read."""
    from analytics.analysis import analyse_orders

    data, export = _large_export()
    del data
    with TreePeak() as tree:
        analyse_orders(export.orders, items=export.items, run_parts=lanes_for(len(export.orders), len(export.items)))
    return {"analysis_peak_mb": tree.mb, "own_peak_mb": high_water_mb()}


def _in_child(flag: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.analysis_speed", flag],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def large_analysis() -> dict:
    result = {**_in_child("--large-child"), **_in_child("--large-memory-child")}
    print(f"full analysis of {LARGE_ORDERS:,} orders / {result['customers']:,} customers: {result['seconds']:.2f}s "
          f"(CPU {result['cpu_seconds']:.2f}s, {result['seconds'] / result['read_csv_s']:.1f}x read_csv), "
          f"peak {result['analysis_peak_mb']:.0f} MB with its forked lane (the process, reading the file too: "
          f"{result['own_peak_mb']:.0f} MB) (target <= 10 s, < 1,500 MB); without line items (no baskets or "
          f"recommendations) {result['without_items_s']:.2f}s (CPU {result['without_items_cpu_s']:.2f}s)")
    return result


def main(*, profile: bool = False) -> dict:
    return {"upload": upload_and_resend(), "analysis": analysis_and_horizon(profile=profile),
            "large": large_analysis()}


if __name__ == "__main__":
    if "--large-child" in sys.argv:
        print(json.dumps(_large_child()))
    elif "--large-memory-child" in sys.argv:
        print(json.dumps(_large_memory_child()))
    else:
        main(profile="--profile" in sys.argv)
