"""What changed this week: revenue against last week and the 4-week average, new and returning
customers, segment moves since the last digest, who newly became a churn risk, and a report card
of the order forecast (what it expected of last week's existing customers against what came),
so the owner learns week by week how far to trust it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from analytics import catalogue
from analytics.churn import AT_RISK_FROM
from analytics.customers import paid_orders
from analytics.lifetime_value import check_forecast
from analytics.sentiment import NEGATIVE_UP_TO, unhappy_valuable

WEEKS_CHARTED = 12
AVERAGED_WEEKS = 4
MOVES_SHOWN = 3


@dataclass
class WeeklyDigest:
    as_of: str
    currency: str | None
    this_week: dict
    last_week: dict
    four_week_average: dict
    weekly_revenue: pd.Series  # week start -> paid revenue, oldest first
    weekly_average: pd.Series  # week start -> the 4-week average the digest states for that week
    moves: list[tuple[str, str, int]] = field(default_factory=list)
    newly_at_risk: pd.DataFrame = field(default_factory=pd.DataFrame)
    newly_at_risk_total: int = 0
    newly_at_risk_ids: list[str] = field(default_factory=list)  # all of them, most value first
    first_digest: bool = False
    new_negative_reviews: pd.DataFrame = field(default_factory=pd.DataFrame)
    unhappy_valuable: pd.DataFrame = field(default_factory=pd.DataFrame)
    report_card: dict | None = None  # {"predicted", "actual", ...} for the week; None without a forecast


def weekly_digest(
    orders: pd.DataFrame,
    scores: pd.DataFrame,
    previous_state: dict[str, tuple[str | None, bool]],
    *,
    as_of: pd.Timestamp,
    currency: str | None = None,
    reviews: pd.DataFrame | None = None,
    at_risk_from: float = AT_RISK_FROM,
    shown: int = 5,
) -> WeeklyDigest:
    """The week ending on `as_of` (inclusive) against the weeks before it.

    `scores` is the newest analysis (customer_id, segment, churn_risk, value_at_risk, ...);
    `previous_state` maps customer id -> (segment, at risk) at the last digest.
    """
    paid = catalogue.with_order_numbers(paid_orders(orders))
    if currency:
        paid = paid[paid["currency"].isna() | (paid["currency"] == currency)]
    end = pd.Timestamp(as_of).tz_convert("UTC").normalize() + pd.Timedelta(days=1)
    weeks_ago = ((end - paid["ordered_at"]).dt.total_seconds() // (7 * 86400)).astype(int)
    week_number = weeks_ago[paid["ordered_at"] < end]
    revenue = paid.loc[week_number.index, "total"].groupby(week_number).sum()
    counts = week_number.value_counts()

    def week(n: int) -> dict:
        return {"revenue": round(float(revenue.get(n, 0.0)), 2), "orders": int(counts.get(n, 0))}

    this_week = week(0)
    in_week = paid.loc[week_number.index[week_number == 0]]
    this_week.update(new_customers=len(catalogue.new_customers(in_week)),  # the answers' definitions
                     returning_customers=len(catalogue.returning_customers(in_week)))
    weekly = pd.Series({
        (end - pd.Timedelta(weeks=n + 1)).date(): float(revenue.get(n, 0.0))
        for n in range(WEEKS_CHARTED + AVERAGED_WEEKS - 1, -1, -1)
    })
    trailing = trailing_average(weekly)
    four = [week(n) for n in range(1, AVERAGED_WEEKS + 1)]
    average = {"revenue": round(float(trailing.iloc[-1]), 2), "orders": sum(w["orders"] for w in four) / AVERAGED_WEEKS}
    digest = WeeklyDigest(
        as_of=str((end - pd.Timedelta(days=1)).date()), currency=currency, this_week=this_week,
        last_week=week(1), four_week_average=average, weekly_revenue=weekly.tail(WEEKS_CHARTED),
        weekly_average=trailing.tail(WEEKS_CHARTED), first_digest=not previous_state,
    )
    if previous_state:
        digest.moves = segment_moves(scores, previous_state)
    digest.report_card = check_forecast(paid, as_of=end - pd.Timedelta(days=1), horizon_days=7)
    risky = scores[pd.to_numeric(scores["churn_risk"], errors="coerce") >= at_risk_from]
    was_risky = {customer for customer, (_, risk) in previous_state.items() if risk}
    newly = risky[~risky["customer_id"].isin(was_risky)] if previous_state else risky
    newly = newly.sort_values(["value_at_risk", "churn_risk"], ascending=False, na_position="last")
    digest.newly_at_risk, digest.newly_at_risk_total = newly.head(shown), len(newly)
    digest.newly_at_risk_ids = newly["customer_id"].astype(str).tolist()
    if reviews is not None and not reviews.empty:
        written = pd.to_datetime(reviews["created_at"], utc=True, format="ISO8601", errors="coerce")
        this_week = (written >= end - pd.Timedelta(days=7)) & (written < end)
        negative = pd.to_numeric(reviews["sentiment"], errors="coerce") <= NEGATIVE_UP_TO
        digest.new_negative_reviews = reviews[this_week & negative].head(3)
    if "sentiment" in scores and pd.to_numeric(scores["sentiment"], errors="coerce").notna().any():
        digest.unhappy_valuable = unhappy_valuable(scores).head(3)
    return digest


def trailing_average(weekly: pd.Series) -> pd.Series:
    """Each week's "4-week average": the mean revenue of the four weeks before it (the week itself
    is what is compared with it). The digest's text and its chart both read this one series."""
    return weekly.shift(1).rolling(AVERAGED_WEEKS).mean()


def segment_moves(scores: pd.DataFrame, previous_state: dict[str, tuple[str | None, bool]]) -> list[tuple[str, str, int]]:
    """The commonest segment changes since the last digest: (from, to, how many)."""
    moves: Counter = Counter()
    for customer, segment in zip(scores["customer_id"], scores["segment"]):
        before = previous_state.get(customer)
        if before is not None and before[0] and before[0] != segment:
            moves[(before[0], segment)] += 1
    return [(a, b, n) for (a, b), n in moves.most_common(MOVES_SHOWN)]


def customer_state(scores: pd.DataFrame, at_risk_from: float = AT_RISK_FROM) -> list[tuple[str, str | None, bool]]:
    """What to remember of each customer for the next digest."""
    risk = pd.to_numeric(scores["churn_risk"], errors="coerce").fillna(0) >= at_risk_from
    return list(zip(scores["customer_id"], scores["segment"], risk))
