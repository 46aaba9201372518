"""Reading a 1,000,000-line Shopify export (zipped), against pandas + pyarrow reading the CSV.

Ours: unzip, detect the platform, read, normalise into canonical orders and items (what an
upload costs before storage). Baseline: `pandas.read_csv(engine="pyarrow")` on the unzipped
CSV, in the same process. Target: at most 4x the baseline, and under 1.5 GB peak memory
(measured in a fresh child process for each side, so neither sees the other's allocations).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile

LINES = 1_000_000


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
    started = time.perf_counter()
    if kind == "baseline":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            csv = archive.read(archive.namelist()[0])
        rows = len(pd.read_csv(io.BytesIO(csv), engine="pyarrow", dtype=str))
    else:
        from analytics.ingest import read_export

        export = read_export(data, "orders_export.zip")
        rows = export.rows_read
        assert export.platform == "shopify", export.platform
    elapsed = time.perf_counter() - started
    peak_mb = high_water_mb()
    return {"seconds": elapsed, "peak_mb": peak_mb, "rows": rows}


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
    for kind in ("baseline", "ours"):
        out = subprocess.run([sys.executable, "-m", "bench.ingest_shopify", "--child", kind, str(path)],
                             check=True, capture_output=True, text=True).stdout
        results[kind] = json.loads(out)
    ratio = results["ours"]["seconds"] / results["baseline"]["seconds"]
    print(f"Shopify export, {lines:,} lines zipped ({path.stat().st_size / 1e6:.0f} MB): ours "
          f"{results['ours']['seconds']:.2f}s, peak {results['ours']['peak_mb']:.0f} MB; pandas+pyarrow read "
          f"{results['baseline']['seconds']:.2f}s, peak {results['baseline']['peak_mb']:.0f} MB; "
          f"ratio {ratio:.2f}x (target <= 4x, peak < 1,500 MB)")
    return {"ratio": ratio, **results}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else LINES)
