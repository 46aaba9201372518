"""One row per customer: when they bought, how often and how much, as of a given day.

Only paid orders count as purchases; refunded, cancelled and pending orders stay in the
history but do not make anyone a customer or add to what they spent.
"""

from __future__ import annotations

import pandas as pd

CUSTOMER_COLUMNS = [
    "customer_id", "email", "name", "first_order", "last_order", "frequency",
    "purchase_days", "monetary", "aov", "recency_days", "tenure_days",
    "repeat_purchases", "t_x_weeks", "T_weeks", "repeat_spend",
]


def paid_orders(orders: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """The orders that count as purchases, up to the end of `as_of` if given."""
    paid = orders[(orders["status"] == "paid") & (orders["total"] > 0)]
    if as_of is not None:
        paid = paid[paid["ordered_at"] < end_of_day(as_of)]
    return paid


def end_of_day(day: pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(day)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.normalize() + pd.Timedelta(days=1)


def default_as_of(orders: pd.DataFrame) -> pd.Timestamp:
    """Score as of the day of the last order, so an old export is not read as a dead shop."""
    return pd.Timestamp(orders["ordered_at"].max()).tz_convert("UTC").normalize()


def summarise_customers(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Recency, frequency, spend and tenure of every customer with a paid order by `as_of`."""
    paid = paid_orders(orders, as_of)
    if paid.empty:
        return pd.DataFrame(columns=CUSTOMER_COLUMNS)
    cutoff = end_of_day(as_of)
    paid = paid.sort_values("ordered_at", kind="stable")
    grouped = paid.groupby("customer_id", sort=True)
    customers = pd.DataFrame({
        "email": grouped["email"].last(),
        "name": grouped["name"].last(),
        "first_order": grouped["ordered_at"].min(),
        "last_order": grouped["ordered_at"].max(),
        "frequency": grouped.size(),
        "monetary": grouped["total"].sum().round(2),
    })
    customers = customers.join(_purchase_occasions(paid))
    customers["aov"] = (customers["monetary"] / customers["frequency"]).round(2)
    today = cutoff - pd.Timedelta(days=1)
    customers["recency_days"] = (today - customers["last_order"].dt.floor("D")).dt.days.astype(int)
    customers["tenure_days"] = (today - customers["first_order"].dt.floor("D")).dt.days.astype(int)
    customers["T_weeks"] = customers["tenure_days"] / 7.0
    return customers.reset_index()[CUSTOMER_COLUMNS]


def _purchase_occasions(paid: pd.DataFrame) -> pd.DataFrame:
    """What BG/NBD and Gamma-Gamma need: purchase days, repeat days, their timing and value.

    Two orders on one day are one purchase occasion (the models count repeat purchases on
    distinct days); the repeat spend is the average value of the occasions after the first.
    """
    days = (
        pd.DataFrame({"customer_id": paid["customer_id"], "day": paid["ordered_at"].dt.floor("D"),
                      "total": paid["total"]})
        .groupby(["customer_id", "day"], sort=True)["total"].sum()
        .reset_index()
    )
    by_customer = days.groupby("customer_id", sort=True)
    first_day = by_customer["day"].min()
    occasions = pd.DataFrame({
        "purchase_days": by_customer.size(),
        "t_x_weeks": (by_customer["day"].max() - first_day).dt.days / 7.0,
        "first_total": by_customer["total"].first(),
        "all_total": by_customer["total"].sum(),
    })
    occasions["repeat_purchases"] = occasions["purchase_days"] - 1
    repeat = occasions["repeat_purchases"] > 0
    occasions["repeat_spend"] = ((occasions["all_total"] - occasions["first_total"])
                                 / occasions["repeat_purchases"].where(repeat)).round(4)
    return occasions[["purchase_days", "repeat_purchases", "t_x_weeks", "repeat_spend"]]
