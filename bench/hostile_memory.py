"""Peak memory of refusing each hostile file from tests/helpers/nasty_files.py, against reading a
normal export of 2,000 customers, each in a fresh child process (VmHWM starts afresh at exec).

Children run under a 2.5 GB address-space cap so a file that still explodes fails there instead
of taking the shared machine down; such a file is reported as "over the cap". `--code DIR`
runs the children on another checkout (say, the code before a fix) for a before/after table.
Target: every hostile file refused, none over the 400 MB unpack limit plus the normal export's peak.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CAP_BYTES = 2560 * 1024 * 1024
HOSTILE = ("corners.xlsx", "corners-undimensioned.xlsx", "tall.xlsx", "gzips.zip", "deep.csv.gz",
           "zip-bomb.zip", "gzip-bomb.csv.gz")


def _child(path: str, name: str) -> dict:
    import pandas  # noqa: F401  (imported before the clock and the peak, as in the bot's workers)

    from analytics.errors import ShopPulseError
    from analytics.ingest import read_export
    from bench.ingest_shopify import high_water_mb

    data = open(path, "rb").read()
    started = time.perf_counter()
    try:
        export = read_export(data, name)
        outcome = f"read {len(export.orders):,} orders"
    except ShopPulseError as error:
        outcome = "refused: " + str(error)[:70]
    except MemoryError:
        outcome = "over the cap (MemoryError)"
    except RecursionError:
        outcome = "crashed (RecursionError)"
    return {"seconds": time.perf_counter() - started, "peak_mb": high_water_mb(), "outcome": outcome}


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def _run(path: Path, name: str, code: Path | None) -> dict:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}  # cwd (`code`) comes first on sys.path
    if code is not None:
        env["PYTHONPATH"] = f"{code}{os.pathsep}{Path(__file__).resolve().parents[1]}"
    done = subprocess.run([sys.executable, "-m", "bench.hostile_memory", "--child", str(path), name],
                          capture_output=True, text=True, env=env, preexec_fn=_cap, timeout=900, cwd=code)
    if done.returncode:
        return {"seconds": float("nan"), "peak_mb": float("nan"),
                "outcome": f"child died ({done.stderr.strip().splitlines()[-1][:60] if done.stderr else done.returncode})"}
    return json.loads(done.stdout)


def main(code: Path | None = None) -> dict:
    from bench.yardstick import OUT
    from tests.helpers.nasty_files import NASTY
    from tests.helpers.shop import generic_orders_csv

    folder = OUT / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    files = {"normal.csv": generic_orders_csv(2000)}
    results = {}
    for name in ("normal.csv", *HOSTILE):
        path = folder / name
        if not path.exists():
            path.write_bytes(files[name] if name in files else NASTY[name][0]())
        results[name] = _run(path, name, code)
    normal = results["normal.csv"]["peak_mb"]
    print(f"Hostile files, peak memory of a fresh child (code: {code or 'this checkout'}); "
          f"normal export of 2,000 customers: {normal:.0f} MB")
    for name in HOSTILE:
        result = results[name]
        size = (folder / name).stat().st_size
        print(f"  {name:<28} {size / 1024:>8,.0f} KB  peak {result['peak_mb']:>6,.0f} MB "
              f"({result['peak_mb'] / normal:.2f}x normal)  {result['seconds']:.1f}s  {result['outcome']}")
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
    else:
        main(Path(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--code" else None)
