"""BG/NBD + Gamma-Gamma: our fit against lifetimes 0.11.3, and the published CDNOW estimates.

1. Speed: 1,000,000 orders (BG/NBD-distributed, 200,000 customers). Both sides start from a
   DataFrame of transactions in memory and time: per-customer summary, BG/NBD fit, Gamma-Gamma
   fit. Target: at least 3x faster than lifetimes, same parameters to 1%.
2. Correctness: the CDNOW sample of Fader, Hardie & Lee (2005), from the files lifetimes
   ships: r=0.243, alpha=4.414, a=0.793, b=2.426 (weeks) and p=6.25, q=3.74, v=15.44, to 2%.
"""

from __future__ import annotations

import json
import sys
import time

import pandas as pd

from analytics.bgnbd import BgNbdModel
from analytics.customers import summarise_customers
from analytics.gamma_gamma import GammaGammaModel
from bench import yardstick
from bench.synthetic import bgnbd_transactions

PAPER_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PAPER_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}


def _ours(orders: pd.DataFrame, as_of: pd.Timestamp) -> dict:
    started = time.perf_counter()
    customers = summarise_customers(orders, as_of)
    summarised = time.perf_counter()
    bgnbd = BgNbdModel().fit(customers["repeat_purchases"], customers["t_x_weeks"], customers["T_weeks"])
    fitted = time.perf_counter()
    gamma = GammaGammaModel().fit(customers["repeat_purchases"], customers["repeat_spend"])
    finished = time.perf_counter()
    return {"summary_s": summarised - started, "bgnbd_s": fitted - summarised, "gamma_gamma_s": finished - fitted,
            "total_s": finished - started, "customers": len(customers),
            "bgnbd": bgnbd.params_.as_dict(), "gamma_gamma": gamma.params_.as_dict()}


def speed(customers: int = 200_000) -> dict:
    transactions = bgnbd_transactions(customers)
    as_of = transactions["ordered_at"].max().normalize()
    orders = transactions.assign(status="paid", order_id=transactions.index.astype(str), email=None, name=None)
    csv_path = yardstick.OUT / "transactions.csv"
    yardstick.OUT.mkdir(parents=True, exist_ok=True)
    transactions.assign(date=transactions["ordered_at"].dt.strftime("%Y-%m-%d %H:%M:%S"), amount=transactions["total"])[
        ["customer_id", "date", "amount"]].to_csv(csv_path, index=False)
    theirs = json.loads(yardstick.run_lifetimes(csv_path, as_of.strftime("%Y-%m-%d")))
    ours = _ours(orders, as_of)
    # lifetimes ran in days: its alpha is 7x ours (weeks); r, a, b and Gamma-Gamma do not depend on the unit.
    theirs["bgnbd"]["alpha"] /= 7
    gaps = {k: abs(ours["bgnbd"][k] / theirs["bgnbd"][k] - 1) for k in PAPER_BGNBD}
    gaps.update({k: abs(ours["gamma_gamma"][k] / theirs["gamma_gamma"][k] - 1) for k in PAPER_GAMMA_GAMMA})
    ratio = theirs["total_s"] / ours["total_s"]
    print(f"value models on {len(transactions):,} orders / {ours['customers']:,} customers:")
    for step in ("summary_s", "bgnbd_s", "gamma_gamma_s", "total_s"):
        print(f"  {step:<14} ours {ours[step]:7.2f}s   lifetimes {theirs[step]:7.2f}s")
    print(f"  speed-up {ratio:.1f}x (target >= 3x); largest parameter gap {max(gaps.values()):.3%} (target <= 1%)")
    print(f"  ours      {ours['bgnbd']} {ours['gamma_gamma']}")
    print(f"  lifetimes {theirs['bgnbd']} {theirs['gamma_gamma']}")
    return {"speedup": ratio, "max_parameter_gap": max(gaps.values()), "ours": ours, "lifetimes": theirs}


def cdnow() -> dict:
    summary = pd.read_csv(yardstick.cdnow_file("cdnow_customers_summary.csv"))
    bgnbd = BgNbdModel().fit(summary["frequency"], summary["recency"], summary["T"]).params_.as_dict()
    spend = pd.read_csv(yardstick.cdnow_file("cdnow_customers_summary_with_transactions.csv"))
    repeat = spend[spend["x"] > 0]
    gamma = GammaGammaModel().fit(repeat["x"], repeat["zbar"]).params_.as_dict()
    gaps = {k: abs(bgnbd[k] / v - 1) for k, v in PAPER_BGNBD.items()}
    gaps.update({k: abs(gamma[k] / v - 1) for k, v in PAPER_GAMMA_GAMMA.items()})
    print(f"CDNOW (2,357 customers): BG/NBD {bgnbd}")
    print(f"                         Gamma-Gamma {gamma}")
    print(f"  largest gap to the published estimates {max(gaps.values()):.2%} (target <= 2%)")
    return {"bgnbd": bgnbd, "gamma_gamma": gamma, "max_gap": max(gaps.values())}


def main() -> dict:
    return {"cdnow": cdnow(), "speed": speed()}


if __name__ == "__main__":
    result = main()
    ok = result["cdnow"]["max_gap"] <= 0.02 and result["speed"]["speedup"] >= 3 and result["speed"]["max_parameter_gap"] <= 0.01
    sys.exit(0 if ok else 1)
