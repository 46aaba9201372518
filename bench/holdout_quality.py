"""Holdout quality on a public data set: CDNOW (Fader, Hardie & Lee 2005), 2,357 customers.

Calibration: 1997-01-01 .. 1997-09-30 (39 weeks); holdout: the 39 weeks after. Everything is
fitted on the calibration period only, then compared with what happened:
- churn risk (no purchase in the 90 days after calibration): ROC AUC of our churn risk against
  the two baselines, days since the last purchase and BG/NBD's P(alive);
- repeat purchases in the holdout: predicted versus actual in total (target within 10%) and
  per customer (mean absolute error, correlation).

Two lines of context for the total: the standard tools (lifetimes' BG/NBD and Pareto/NBD, in the
throwaway environment) on the same split, and our model from other cut-offs of the same data, to
show which forecasts cross the holiday season from a calibration that has never seen one.
"""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from analytics.churn import score_churn
from analytics.customers import summarise_customers
from analytics.lifetime_value import fit_value_models, forecast_value
from bench import yardstick

CALIBRATION_END = pd.Timestamp("1997-09-30", tz="UTC")
HOLDOUT_WEEKS = 39
CHURN_HORIZON_DAYS = 90
OTHER_SPLITS = [("1997-06-30", 13), ("1997-06-30", 26), ("1997-09-30", 13), ("1997-12-31", 13), ("1997-12-31", 26)]


def cdnow_orders() -> pd.DataFrame:
    raw = pd.read_csv(yardstick.cdnow_file("CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["customer_id", "index", "date", "quantity", "amount"], dtype={"customer_id": str})
    return pd.DataFrame({
        "order_id": raw.index.astype(str), "customer_id": raw["customer_id"], "email": None, "name": None,
        "ordered_at": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d", utc=True),
        "total": raw["amount"].astype(float), "status": "paid",
    })


def repeat_days(orders: pd.DataFrame, customers: pd.Index) -> pd.Series:
    """Purchases per customer counted on distinct days, as the models count them."""
    days = orders.assign(day=orders["ordered_at"].dt.floor("D")).drop_duplicates(["customer_id", "day"])
    return days.groupby("customer_id").size().reindex(customers, fill_value=0)


def total_gap(orders: pd.DataFrame, calibration_end: pd.Timestamp, weeks: int) -> float:
    """Predicted over actual repeat purchases, minus one, in the `weeks` after `calibration_end`."""
    customers = summarise_customers(orders[orders["ordered_at"] <= calibration_end], calibration_end)
    models = fit_value_models(customers.set_index("customer_id"))
    predicted = models.bgnbd.expected_purchases(weeks, customers["repeat_purchases"], customers["t_x_weeks"],
                                                customers["T_weeks"]).sum()
    window = orders[(orders["ordered_at"] > calibration_end)
                    & (orders["ordered_at"] <= calibration_end + pd.Timedelta(weeks=weeks))]
    return predicted / repeat_days(window, pd.Index(customers["customer_id"])).sum() - 1


def standard_tools() -> dict:
    """lifetimes' BG/NBD and Pareto/NBD forecasts of the same holdout, from the throwaway venv."""
    script = yardstick.OUT.parent / "lifetimes_holdout_side.py"
    end = CALIBRATION_END + pd.Timedelta(weeks=HOLDOUT_WEEKS)
    result = subprocess.run([str(yardstick.lifetimes_python()), str(script), str(yardstick.cdnow_file("CDNOW_sample.txt")),
                             str(CALIBRATION_END.date()), str(end.date())], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def main() -> dict:
    orders = cdnow_orders()
    orders = orders[orders["total"] > 0]
    calibration = orders[orders["ordered_at"] <= CALIBRATION_END]
    customers = summarise_customers(calibration, CALIBRATION_END).set_index("customer_id")
    models = fit_value_models(customers)
    value = forecast_value(models, customers, horizon_days=CHURN_HORIZON_DAYS, as_of=CALIBRATION_END)
    churn = score_churn(calibration, customers, value, as_of=CALIBRATION_END, horizon_days=CHURN_HORIZON_DAYS)

    after = orders[orders["ordered_at"] > CALIBRATION_END]
    actual = repeat_days(after, customers.index)
    soon = after[after["ordered_at"] <= CALIBRATION_END + pd.Timedelta(days=CHURN_HORIZON_DAYS)]
    churned = (~customers.index.isin(soon["customer_id"])).astype(int)

    auc = {
        "ours": roc_auc_score(churned, churn.risk),
        "days_since_last_purchase": roc_auc_score(churned, customers["recency_days"]),
        "bgnbd_p_alive": roc_auc_score(churned, 1 - value["p_alive"].astype(float)),
    }
    predicted = models.bgnbd.expected_purchases(
        HOLDOUT_WEEKS, customers["repeat_purchases"], customers["t_x_weeks"], customers["T_weeks"])
    gap = predicted.sum() / actual.sum() - 1
    mae = float(np.mean(np.abs(predicted - actual)))
    naive = customers["repeat_purchases"] / customers["T_weeks"].clip(lower=1) * HOLDOUT_WEEKS
    print(f"CDNOW holdout ({len(customers):,} customers, calibration to {CALIBRATION_END.date()}):")
    print(f"  churn AUC (no purchase in {CHURN_HORIZON_DAYS} days): ours {auc['ours']:.3f} [{churn.method}] vs "
          f"days since last purchase {auc['days_since_last_purchase']:.3f}, BG/NBD P(alive) {auc['bgnbd_p_alive']:.3f}"
          f"  -> ratio to the better baseline {auc['ours'] / max(auc['days_since_last_purchase'], auc['bgnbd_p_alive']):.3f}")
    print(f"  repeat purchases in {HOLDOUT_WEEKS} weeks: predicted {predicted.sum():,.0f}, actual {actual.sum():,} "
          f"({gap:+.1%}; target within 10%)")
    theirs = standard_tools()
    print(f"    lifetimes 0.11.3 on the same split: BG/NBD {theirs['bgnbd']:,.0f} "
          f"({theirs['bgnbd'] / theirs['actual'] - 1:+.1%}), Pareto/NBD {theirs['pareto_nbd']:,.0f} "
          f"({theirs['pareto_nbd'] / theirs['actual'] - 1:+.1%})")
    others = {f"{end} +{weeks} wk": total_gap(orders, pd.Timestamp(end, tz="UTC"), weeks) for end, weeks in OTHER_SPLITS}
    print("    our total from other cut-offs: " + ", ".join(f"{split} {g:+.1%}" for split, g in others.items()))
    print(f"  per customer: mean absolute error {mae:.3f} (past-rate baseline {np.mean(np.abs(naive - actual)):.3f}), "
          f"correlation {np.corrcoef(predicted, actual)[0, 1]:.3f}")
    return {"auc": auc, "method": churn.method, "predicted": float(predicted.sum()), "actual": int(actual.sum()),
            "total_gap": float(gap), "mae": mae,
            "standard_tools": theirs, "other_splits": others}


if __name__ == "__main__":
    main()
