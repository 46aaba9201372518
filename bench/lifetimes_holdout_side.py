"""The yardstick side of bench/holdout_quality.py, run inside the throwaway lifetimes 0.11.3
environment: the standard tools' holdout forecast on the same CDNOW split. Not part of ShopPulse.

Usage: python lifetimes_holdout_side.py CDNOW_sample.txt CALIBRATION_END HOLDOUT_END -> one JSON object.
"""

import json
import sys

import pandas as pd
from lifetimes import BetaGeoFitter, ParetoNBDFitter
from lifetimes.utils import calibration_and_holdout_data

path, calibration_end, holdout_end = sys.argv[1:4]
raw = pd.read_csv(path, sep=r"\s+", header=None, names=["customer_id", "index", "date", "quantity", "amount"])
raw = raw[raw["amount"] > 0].assign(date=lambda t: pd.to_datetime(t["date"].astype(str), format="%Y%m%d"))
# Days, as ShopPulse counts them: repeat purchases are distinct purchase days.
summary = calibration_and_holdout_data(raw, "customer_id", "date", calibration_period_end=calibration_end,
                                       observation_period_end=holdout_end, freq="D")
days = summary["duration_holdout"].iloc[0]
result = {"actual": float(summary["frequency_holdout"].sum()), "customers": len(summary)}
for name, fitter in (("bgnbd", BetaGeoFitter()), ("pareto_nbd", ParetoNBDFitter())):
    fitter.fit(summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    predicted = fitter.conditional_expected_number_of_purchases_up_to_time(
        days, summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    result[name] = float(predicted.sum())
print(json.dumps(result))
