"""The yardstick side of bench/value_models.py, run by the benchmark inside a throwaway virtual
environment that has lifetimes 0.11.3 (archived; it needs pandas < 2.2). Not part of ShopPulse.

Usage: python lifetimes_side.py TRANSACTIONS.csv OBSERVATION_END -> prints one JSON object.
"""

import json
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

path, end = sys.argv[1], sys.argv[2]
transactions = pd.read_csv(path, parse_dates=["date"])
started = time.perf_counter()
summary = summary_data_from_transaction_data(
    transactions, "customer_id", "date", monetary_value_col="amount", observation_period_end=end, freq="D"
)
summarised = time.perf_counter()
bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
fitted = time.perf_counter()
repeat = summary[summary["frequency"] > 0]
ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
finished = time.perf_counter()
print(json.dumps({
    "summary_s": summarised - started, "bgnbd_s": fitted - summarised, "gamma_gamma_s": finished - fitted,
    "total_s": finished - started, "customers": len(summary),
    "bgnbd": {k: float(v) for k, v in bgf.params_.items()},
    "gamma_gamma": {k: float(v) for k, v in ggf.params_.items()},
}))
