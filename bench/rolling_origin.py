"""Rolling origin over CDNOW master (23,570 customers, 1997-01 .. 1998-06, from the lifetimes
0.11.3 wheel): at each month end from 1997-06-30 to 1998-03-31 and each horizon of 30, 60, 90
and 180 days, everything is fitted on what was known at the cut-off and scored on what came.

Churn ranking (ROC AUC of "no purchase in the horizon") of what /churn would show, against two
baselines computed in the same run: a plain logistic regression on log(repeat purchases, active
span, age, days since the last purchase, total spend, order rows) trained one horizon earlier,
and days since the last purchase alone. Target: ours >= the better baseline - 0.002 in every
cell. Cells whose horizon runs past the data's end (1998-06-30) cannot be scored and say so.

Total error: expected repeat purchases of the cut-off's customers in the horizon against the
purchase days that came, for plain BG/NBD and with the month-of-year index (analytics/seasons, used
once the history holds 12 whole months; target: within 10% in every such cell, and no change on a
shorter history). The 80% interval of that total (analytics/intervals) and whether the actual total
fell inside (target: 70-90% of cells).
"""

from __future__ import annotations

import io
import sys

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from analytics.churn import score_churn
from analytics.customers import end_of_day, summarise_customers
from analytics.lifetime_value import fit_value_models, forecast_value
from analytics.outlook import outlook
from analytics.seasons import MIN_HISTORY_MONTHS, whole_months
from bench import yardstick

CUT_OFFS = pd.date_range("1997-06-30", "1998-03-31", freq="ME", tz="UTC")
HORIZONS = (30, 60, 90, 180)
TOLERANCE = 0.002


def cdnow_master() -> pd.DataFrame:
    """Every CDNOW purchase as canonical orders (one row per customer and purchase line)."""
    raw = pd.read_csv(io.BytesIO(yardstick.wheel_file("CDNOW_master.txt")),
                      sep=r"\s+", dtype={"customer_id": str})
    return pd.DataFrame({
        "order_id": raw.index.astype(str), "customer_id": raw["customer_id"], "email": None, "name": None,
        "ordered_at": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d", utc=True),
        "total": raw["dollar_value"].astype(float), "status": "paid", "currency": None,
    })


def snapshot(orders: pd.DataFrame, cut: pd.Timestamp, horizon_days: int) -> tuple[pd.DataFrame, pd.Series]:
    """Customers as of `cut`, and 1 for each who bought nothing in the `horizon_days` after it."""
    customers = summarise_customers(orders, cut).set_index("customer_id")
    start = end_of_day(cut)
    window = orders[(orders["ordered_at"] >= start) & (orders["ordered_at"] < start + pd.Timedelta(days=horizon_days))
                    & (orders["total"] > 0)]
    return customers, pd.Series((~customers.index.isin(window["customer_id"])).astype(int), index=customers.index)


def plain_features(customers: pd.DataFrame) -> pd.DataFrame:
    columns = ["repeat_purchases", "t_x_weeks", "T_weeks", "recency_days", "monetary", "frequency"]
    return np.log1p(customers[columns].astype(float).clip(lower=0))


def plain_regression(orders: pd.DataFrame, cut: pd.Timestamp, horizon_days: int):
    earlier, quiet = snapshot(orders, cut - pd.Timedelta(days=horizon_days), horizon_days)
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(plain_features(earlier), quiet)


def purchase_days_after(orders: pd.DataFrame, customers: pd.Index, cut: pd.Timestamp, horizon_days: int) -> int:
    """Purchases of `customers` in the horizon after `cut`, counted on distinct days as BG/NBD counts them."""
    start = end_of_day(cut)
    window = orders[(orders["ordered_at"] >= start) & (orders["ordered_at"] < start + pd.Timedelta(days=horizon_days))
                    & (orders["total"] > 0) & orders["customer_id"].isin(customers)]
    return len(window.assign(day=window["ordered_at"].dt.floor("D")).drop_duplicates(["customer_id", "day"]))


def churn_cell(orders: pd.DataFrame, cut: pd.Timestamp, horizon_days: int) -> dict:
    known = orders[orders["ordered_at"] < end_of_day(cut)]
    customers, quiet = snapshot(orders, cut, horizon_days)
    models = fit_value_models(customers)
    value = forecast_value(models, customers, horizon_days=horizon_days, as_of=cut)
    expected = float(pd.to_numeric(value["expected_purchases"]).sum())
    actual = purchase_days_after(orders, customers.index, cut, horizon_days)
    ahead = outlook(models, customers, known, as_of=cut, horizon_days=horizon_days)
    churn = score_churn(known, customers, value, as_of=cut, horizon_days=horizon_days)
    plain = plain_regression(known, cut, horizon_days).predict_proba(plain_features(customers))[:, 1]
    row = {"cut": cut.date().isoformat(), "horizon": horizon_days, "method": churn.method,
           "ours": roc_auc_score(quiet, churn.risk), "brier": brier_score_loss(quiet, churn.risk),
           "regression": roc_auc_score(quiet, plain), "recency": roc_auc_score(quiet, customers["recency_days"])}
    row["margin"] = row["ours"] - max(row["regression"], row["recency"])
    row["total_error"] = expected / actual - 1
    row["seasonal_error"] = float(ahead.expected_purchases.sum()) / actual - 1
    row["history_months"] = whole_months(orders["ordered_at"].min(), cut)
    row["season"] = "yes" if ahead.season.learned else "no"
    row["low"], row["high"], row["actual"] = ahead.orders.low, ahead.orders.high, actual
    row["covered"] = ahead.orders.low <= actual <= ahead.orders.high
    return row


def main(horizons=HORIZONS) -> dict:
    orders = cdnow_master()
    data_end = orders["ordered_at"].max()
    rows, skipped = [], []
    print(f"Rolling origin over CDNOW master ({orders['customer_id'].nunique():,} customers, data to {data_end.date()}):")
    print("  cut-off     horizon  ours AUC  Brier   plain regression  days since last  margin  method   "
          "total error  seasons  with seasons  80% interval     came  inside")
    for horizon in horizons:
        for cut in CUT_OFFS:
            if cut + pd.Timedelta(days=horizon) > data_end:
                skipped.append(f"{cut.date()} +{horizon}d")
                continue
            row = churn_cell(orders, cut, horizon)
            rows.append(row)
            flag = "" if row["margin"] >= -TOLERANCE else "  BELOW"
            print(f"  {row['cut']}  {horizon:>4} d   {row['ours']:.4f}   {row['brier']:.4f}  {row['regression']:.4f}"
                  f"            {row['recency']:.4f}           {row['margin']:+.4f} {row['method']:<8}"
                  f" {row['total_error']:+6.1%}       {row['season']:<3}      {row['seasonal_error']:+6.1%}"
                  f"        {row['low']:>6,.0f}-{row['high']:<6,.0f}  {row['actual']:>6,}  "
                  f"{'yes' if row['covered'] else 'NO'}{flag}", flush=True)
    table = pd.DataFrame(rows)
    below = int((table["margin"] < -TOLERANCE).sum())
    print(f"  churn: {len(table)} cells, worst margin {table['margin'].min():+.4f}, {below} below the better baseline "
          f"by more than {TOLERANCE}; mean AUC ours {table['ours'].mean():.4f}, regression {table['regression'].mean():.4f}, "
          f"days since last {table['recency'].mean():.4f}")
    year = table[table["history_months"] >= MIN_HISTORY_MONTHS]
    print(f"  total error = expected repeat purchases of the cut-off's customers in the horizon over those that "
          f"came, minus 1: plain BG/NBD worst {table['total_error'].abs().max():.1%}; with seasons (learned from "
          f"{MIN_HISTORY_MONTHS} whole months on) worst {table['seasonal_error'].abs().max():.1%}")
    print(f"  cells with {MIN_HISTORY_MONTHS} months of history or more: {len(year)}; within 10% with seasons: "
          f"{int((year['seasonal_error'].abs() <= 0.10).sum())} (plain BG/NBD: {int((year['total_error'].abs() <= 0.10).sum())}); "
          f"worst {year['seasonal_error'].abs().max():.1%} (plain {year['total_error'].abs().max():.1%}); "
          f"mean absolute {year['seasonal_error'].abs().mean():.1%} (plain {year['total_error'].abs().mean():.1%})")
    shorter = table[table["history_months"] < MIN_HISTORY_MONTHS]
    if len(shorter):
        same = bool((shorter["seasonal_error"] - shorter["total_error"]).abs().max() < 1e-4)  # stored rounded
        print(f"  cells with a shorter history: {len(shorter)}, forecast {'the same as' if same else 'NOT the same as'} "
              "plain BG/NBD")
    print(f"  80% interval of the horizon's orders: the actual total inside in {int(table['covered'].sum())} of "
          f"{len(table)} cells ({table['covered'].mean():.0%}; target 70-90%)")
    print(f"  not scored (horizon past the data's end): {', '.join(skipped) or 'none'}")
    return {"churn": rows, "skipped": skipped}


if __name__ == "__main__":
    main(tuple(int(days) for days in sys.argv[1:]) or HORIZONS)  # e.g. `python -m bench.rolling_origin 180`
