"""Holdout quality on a public data set: CDNOW (Fader, Hardie & Lee 2005), 2,357 customers.

Calibration: 1997-01-01 .. 1997-09-30 (39 weeks); holdout: the 39 weeks after. Everything is
fitted on the calibration period only, then compared with what happened:
- churn risk (no purchase in the 90 days after calibration): ROC AUC of our churn risk against
  the two baselines, days since the last purchase and BG/NBD's P(alive);
- repeat purchases in the holdout: predicted versus actual in total (target within 10%) and
  per customer (mean absolute error, correlation).
"""

from __future__ import annotations

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


def cdnow_orders() -> pd.DataFrame:
    raw = pd.read_csv(yardstick.cdnow_file("CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["customer_id", "index", "date", "quantity", "amount"], dtype={"customer_id": str})
    return pd.DataFrame({
        "order_id": raw.index.astype(str), "customer_id": raw["customer_id"], "email": None, "name": None,
        "ordered_at": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d", utc=True),
        "total": raw["amount"].astype(float), "status": "paid",
    })


def main() -> dict:
    orders = cdnow_orders()
    orders = orders[orders["total"] > 0]
    calibration = orders[orders["ordered_at"] <= CALIBRATION_END]
    customers = summarise_customers(calibration, CALIBRATION_END).set_index("customer_id")
    models = fit_value_models(customers)
    value = forecast_value(models, customers, horizon_days=CHURN_HORIZON_DAYS, as_of=CALIBRATION_END)
    churn = score_churn(calibration, customers, value, as_of=CALIBRATION_END, horizon_days=CHURN_HORIZON_DAYS)

    after = orders[orders["ordered_at"] > CALIBRATION_END]
    holdout_days = after.assign(day=after["ordered_at"].dt.floor("D")).drop_duplicates(["customer_id", "day"])
    actual = holdout_days.groupby("customer_id").size().reindex(customers.index, fill_value=0)
    soon = after[after["ordered_at"] <= CALIBRATION_END + pd.Timedelta(days=CHURN_HORIZON_DAYS)]
    churned = (~customers.index.isin(soon["customer_id"])).astype(int)

    auc = {
        "ours": roc_auc_score(churned, churn.risk),
        "days_since_last_purchase": roc_auc_score(churned, customers["recency_days"]),
        "bgnbd_p_alive": roc_auc_score(churned, 1 - value["p_alive"].astype(float)),
    }
    predicted = models.bgnbd.expected_purchases(
        HOLDOUT_WEEKS, customers["repeat_purchases"], customers["t_x_weeks"], customers["T_weeks"])
    total_gap = predicted.sum() / actual.sum() - 1
    mae = float(np.mean(np.abs(predicted - actual)))
    naive = customers["repeat_purchases"] / customers["T_weeks"].clip(lower=1) * HOLDOUT_WEEKS
    print(f"CDNOW holdout ({len(customers):,} customers, calibration to {CALIBRATION_END.date()}):")
    print(f"  churn AUC (no purchase in {CHURN_HORIZON_DAYS} days): ours {auc['ours']:.3f} [{churn.method}] vs "
          f"days since last purchase {auc['days_since_last_purchase']:.3f}, BG/NBD P(alive) {auc['bgnbd_p_alive']:.3f}"
          f"  -> ratio to the better baseline {auc['ours'] / max(auc['days_since_last_purchase'], auc['bgnbd_p_alive']):.3f}")
    print(f"  repeat purchases in {HOLDOUT_WEEKS} weeks: predicted {predicted.sum():,.0f}, actual {actual.sum():,} "
          f"({total_gap:+.1%}; target within 10%)")
    print(f"  per customer: mean absolute error {mae:.3f} (past-rate baseline {np.mean(np.abs(naive - actual)):.3f}), "
          f"correlation {np.corrcoef(predicted, actual)[0, 1]:.3f}")
    return {"auc": auc, "method": churn.method, "predicted": float(predicted.sum()), "actual": int(actual.sum()),
            "total_gap": float(total_gap), "mae": mae}


if __name__ == "__main__":
    main()
