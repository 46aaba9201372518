"""The shop's metrics, each defined once: answers to questions, the digest, /stats and /cohorts read them here.

A purchase is a paid order (`analytics.customers.paid_orders`: status paid, total above zero).
Amounts are never added across currencies: a money figure is one number per currency. Times are
read in the shop's time zone, so "March" means March where the shop is. Every function returns
numbers and tables, never sentences; the words for each definition live with the bot's replies,
keyed by the metric's code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.churn import AT_RISK_FROM
from analytics.customers import paid_orders

TIME_BREAKDOWNS = ("day", "week", "month", "quarter", "year")
ORDER_BREAKDOWNS = (*TIME_BREAKDOWNS, "segment", "platform", "country", "channel", "currency", "first_product",
                    "discount_code")
BREAKDOWNS = (*ORDER_BREAKDOWNS, "product")
# A breakdown the owner may ask for that exports do not carry yet: asked for, it is declined.
NOT_STORED: tuple[str, ...] = ()
# Filters on an order's own discount code: they fit figures counted over orders (or their lines),
# not a customer's first order (cohorts) or the newest analysis's scores.
CODE_FILTERS_FIT = ("net_revenue", "product_revenue", "units_sold", "paid_orders", "paying_customers", "new_customers",
                    "returning_customers", "average_order_value", "items_per_order", "refund_count", "refund_amount",
                    "top_products", "customers")


@dataclass(frozen=True)
class Metric:
    code: str
    unit: str  # money | count | share | days | items | table | customers
    breakdowns: tuple[str, ...] = ORDER_BREAKDOWNS
    has_period: bool = True
    takes_products: bool = False
    needs_items: bool = False
    needs_scores: bool = False


_COHORT_BREAKDOWNS = ("month", "quarter", "year", "segment", "platform", "country", "channel", "first_product")
METRICS: dict[str, Metric] = {m.code: m for m in (
    Metric("net_revenue", "money"),
    Metric("product_revenue", "money", BREAKDOWNS, takes_products=True, needs_items=True),
    Metric("units_sold", "count", BREAKDOWNS, takes_products=True, needs_items=True),
    Metric("paid_orders", "count", BREAKDOWNS, takes_products=True),
    Metric("paying_customers", "count", BREAKDOWNS, takes_products=True),
    Metric("new_customers", "count"),
    Metric("returning_customers", "count"),
    Metric("repeat_rate", "share", _COHORT_BREAKDOWNS),
    Metric("average_order_value", "money"),
    Metric("items_per_order", "items", needs_items=True),
    Metric("refund_count", "count"),
    Metric("refund_amount", "money"),
    Metric("days_to_second_order", "days", _COHORT_BREAKDOWNS),
    Metric("days_to_third_order", "days", _COHORT_BREAKDOWNS),
    Metric("top_products", "table", (), needs_items=True),
    Metric("segment_counts", "table", (), has_period=False, needs_scores=True),
    Metric("at_risk_customers", "count", ("segment", "country", "channel"), has_period=False, needs_scores=True),
    Metric("expected_value_12m", "money", ("segment", "country", "channel"), has_period=False, needs_scores=True),
    Metric("cohort_retention", "table", (), needs_items=False),
    Metric("customers", "customers", (), takes_products=True),
)}


@dataclass
class Shop:
    """One chat's history prepared once for many questions: paid orders in local time, their lines,
    each customer's first order, and the newest analysis's scores (segments, risk, value)."""

    orders: pd.DataFrame  # every order, any status, with `local` (ordered_at in the shop's zone) and `platform`
    paid: pd.DataFrame  # the purchases, oldest first; `number`: 1 for a customer's first, 2 for their second, ...
    lines: pd.DataFrame  # paid orders' line items with customer_id, local, revenue
    first_order: pd.Series  # customer_id -> local time of their first paid order
    scores: pd.DataFrame  # customer_id, segment, churn_risk, clv_12m (may be empty)
    timezone: str
    today: pd.Timestamp  # local midnight of today in the shop's zone

    customer_ids: pd.Index = None  # code -> the shop's customer id: customer_id columns hold integer codes
    order_ids: pd.Index = None  # code -> the shop's order id (order_id columns hold codes)

    @classmethod
    def build(cls, orders: pd.DataFrame, items: pd.DataFrame, scores: pd.DataFrame | None = None, *,
              timezone: str = "UTC", now: pd.Timestamp | None = None) -> Shop:
        """Ids become integer codes (grouping and matching on them is many times faster than on text
        on a 100,000-order history); `customer_ids` and `order_ids` turn codes back into ids."""
        customer_codes, customer_ids = pd.factorize(orders["customer_id"])
        order_codes, order_ids = pd.factorize(orders["order_id"])
        orders = orders.assign(customer_id=customer_codes, order_id=order_codes,
                               local=orders["ordered_at"].dt.tz_convert(timezone))
        for column in ("platform", "discount_code"):  # histories stored before either was kept
            if column not in orders:
                orders[column] = None
        paid = with_order_numbers(paid_orders(orders))
        items = items.assign(order_id=order_ids.get_indexer(items["order_id"]))
        lines = items.merge(paid[["order_id", "customer_id", "local", "currency", "country", "channel", "platform",
                                  "discount_code"]], on="order_id")
        quantity = pd.to_numeric(lines["quantity"], errors="coerce").fillna(1.0)
        price = pd.to_numeric(lines["unit_price"], errors="coerce")
        lines = lines.assign(quantity=quantity, revenue=(quantity * price).round(2))
        lines = lines[lines["product"].notna()]
        now = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
        today = now.tz_convert(timezone).normalize()
        if scores is None or scores.empty:
            scores = pd.DataFrame({"customer_id": pd.Series(dtype=int), "segment": pd.Series(dtype=object),
                                   "churn_risk": pd.Series(dtype=float), "clv_12m": pd.Series(dtype=float)})
        else:
            scores = scores.assign(customer_id=customer_ids.get_indexer(scores["customer_id"]))
        return cls(orders, paid, lines, paid.groupby("customer_id")["local"].min(), scores, timezone, today,
                   pd.Index(customer_ids), pd.Index(order_ids))

    @functools.cached_property
    def first_product(self) -> pd.Series:
        """customer -> the product on the first line of their first paid order."""
        firsts = self.paid.drop_duplicates("customer_id")[["customer_id", "order_id"]]
        first_lines = self.lines.sort_values(["order_id", "line_no"], kind="stable").drop_duplicates("order_id")
        joined = firsts.merge(first_lines[["order_id", "product"]], on="order_id", how="left")
        return joined.set_index("customer_id")["product"]

    def first_products(self) -> pd.Series:
        return self.first_product

    @functools.cached_property
    def segment(self) -> pd.Series:
        return self.scores.set_index("customer_id")["segment"] if len(self.scores) else pd.Series(dtype=object)

    def segments(self) -> pd.Series:
        return self.segment

    @functools.cached_property
    def last_attributes(self) -> pd.DataFrame:
        """customer -> their latest paid order's e-mail, name, country, channel, platform."""
        return self.paid.drop_duplicates("customer_id", keep="last").set_index("customer_id")


def in_period(local: pd.Series, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.Series:
    """Which local times fall in [start, end); no bound is no limit."""
    keep = pd.Series(True, index=local.index)
    if start is not None:
        keep &= local >= start
    if end is not None:
        keep &= local < end
    return keep


def with_discount_code(codes: pd.Series, code: str | None = None) -> pd.Series:
    """Which orders were placed with a discount code (`code`: with that one, among an order's
    "A, B"). Codes are compared without case, as Shopify and WooCommerce treat them at checkout."""
    keys, uniques = pd.factorize(codes)  # once per distinct code text, not per order
    texts = [str(u).casefold() for u in uniques]
    if code is None:
        used = [text != "" for text in texts]
    else:
        used = [code.casefold() in text.split(", ") for text in texts]
    return pd.Series(np.array([*used, False], dtype=bool)[keys], index=codes.index)


def discount_codes(orders: pd.DataFrame) -> list[str]:
    """Each code the orders name once (an order's "A, B" is two), most used first."""
    if "discount_code" not in orders:
        return []
    codes = orders["discount_code"].dropna().astype(str).str.split(", ").explode()
    codes = codes[codes != ""]
    return list(codes.value_counts().index)


def money(frame: pd.DataFrame, column: str = "total") -> dict[str, float]:
    """Sum of an amount per currency (no currency named is "")."""
    if frame.empty:
        return {}
    sums = frame[column].groupby(frame["currency"].fillna("")).sum()
    return {currency: round(float(value), 2) for currency, value in sums.items()}


def net_revenue(paid: pd.DataFrame) -> dict[str, float]:
    """What paid orders brought in, per currency: order totals after partial refunds."""
    return money(paid)


def average_order_value(paid: pd.DataFrame) -> dict[str, float]:
    """Net revenue per paid order, per currency."""
    if paid.empty:
        return {}
    means = paid["total"].groupby(paid["currency"].fillna("")).mean()
    return {currency: round(float(value), 2) for currency, value in means.items()}


def items_per_order(paid: pd.DataFrame, lines: pd.DataFrame) -> float | None:
    """Units per paid order, over the paid orders that have line items."""
    mine = lines[lines["order_id"].isin(paid["order_id"])]
    orders = mine["order_id"].nunique()
    return round(float(mine["quantity"].sum()) / orders, 2) if orders else None


def refunds(orders: pd.DataFrame) -> pd.DataFrame:
    """Orders marked refunded (in full); partial refunds are already taken off net revenue."""
    return orders[orders["status"] == "refunded"]


def with_order_numbers(paid: pd.DataFrame) -> pd.DataFrame:
    """Paid orders, oldest first, with `number`: 1 for each customer's first, 2 for the second, ..."""
    paid = paid.sort_values("ordered_at", kind="stable")
    return paid.assign(number=paid.groupby("customer_id").cumcount().to_numpy() + 1)


def new_customers(paid: pd.DataFrame) -> pd.Index:
    """Buyers whose first paid order ever is among these orders (a period's orders, numbered over
    the whole history by `with_order_numbers`)."""
    return pd.Index(paid.loc[paid["number"] == 1, "customer_id"].unique())


def returning_customers(paid: pd.DataFrame) -> pd.Index:
    """Buyers in these orders who had bought before: not new in them."""
    return pd.Index(paid["customer_id"].unique()).difference(new_customers(paid))


def repeat_customers(paid: pd.DataFrame) -> pd.Index:
    """Customers with two or more paid orders: "returning" over the whole history."""
    counts = paid["customer_id"].value_counts()
    return pd.Index(counts.index[counts >= 2])


def cohort(shop: Shop, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.Index:
    """Customers whose first paid order falls in [start, end)."""
    firsts = shop.first_order
    return pd.Index(firsts.index[in_period(firsts, start, end).to_numpy()])


def repeat_rate(shop: Shop, customers: pd.Index) -> float | None:
    """Of these customers, the share with a second paid order (by today)."""
    if not len(customers):
        return None
    counts = shop.paid["customer_id"].value_counts().reindex(customers).fillna(0)
    return round(float((counts >= 2).mean()), 4)


def days_between_orders(shop: Shop, customers: pd.Index, nth: int) -> pd.Series:
    """Days from each customer's nth paid order to the next one, for those who placed it."""
    at = shop.paid[shop.paid["customer_id"].isin(customers)]
    before = at[at["number"] == nth].set_index("customer_id")["ordered_at"]
    after = at[at["number"] == nth + 1].set_index("customer_id")["ordered_at"]
    gaps = (after - before.reindex(after.index)).dt.total_seconds() / 86400
    return gaps.dropna()


def median_days(gaps: pd.Series) -> float | None:
    return round(float(gaps.median()), 1) if len(gaps) else None


def product_sales(lines: pd.DataFrame) -> pd.DataFrame:
    """Per product: line revenue (quantity × price) per currency folded in `revenue` when one
    currency, units, distinct buyers and orders; most revenue first."""
    if lines.empty:
        return pd.DataFrame(columns=["revenue", "units", "buyers", "orders"])
    table = lines.groupby("product").agg(revenue=("revenue", "sum"), units=("quantity", "sum"),
                                         buyers=("customer_id", "nunique"), orders=("order_id", "nunique"))
    table["revenue"] = table["revenue"].round(2)
    return table.sort_values(["revenue", "units"], ascending=False, kind="stable")


def segment_counts(scores: pd.DataFrame) -> pd.Series:
    """Customers per RFM segment in the newest analysis, largest first."""
    return scores["segment"].value_counts()


def at_risk(scores: pd.DataFrame) -> pd.DataFrame:
    """Customers whose chance of no order within the horizon is at least the /churn threshold."""
    return scores[pd.to_numeric(scores["churn_risk"], errors="coerce") >= AT_RISK_FROM]


def expected_value_12m(scores: pd.DataFrame) -> float:
    """Sum of every customer's expected spend over the next 12 months (BG/NBD + Gamma-Gamma)."""
    return round(float(pd.to_numeric(scores["clv_12m"], errors="coerce").fillna(0).sum()), 2)


def cohort_retention(shop: Shop, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                     months: int = 12) -> pd.DataFrame:
    """Rows: first-order month; columns: months after it (0..months); cells: share of the month's
    new customers with a paid order in that month (NaN for months not reached yet). Column
    "customers" holds the cohort size."""
    paid = shop.paid
    month = (paid["local"].dt.year * 12 + paid["local"].dt.month - 1).to_numpy()
    firsts = shop.first_order
    first_by_customer = pd.Series((firsts.dt.year * 12 + firsts.dt.month - 1).to_numpy(), index=firsts.index)
    first_month = first_by_customer.reindex(paid["customer_id"]).to_numpy()
    frame = pd.DataFrame({"cohort": first_month, "offset": month - first_month,
                          "customer_id": paid["customer_id"].to_numpy()})
    keep = cohort(shop, start, end)
    frame = frame[frame["customer_id"].isin(keep) & (frame["offset"] <= months)]
    if frame.empty:
        return pd.DataFrame()
    active = frame.drop_duplicates(["cohort", "offset", "customer_id"]).groupby(["cohort", "offset"]).size()
    table = active.unstack("offset").fillna(0)
    table.index = [f"{code // 12}-{code % 12 + 1:02d}" for code in table.index]
    sizes = table[0]
    shares = table.div(sizes, axis=0).round(4)
    today = pd.Period(shop.today.tz_localize(None), freq="M")
    for cohort_month in shares.index:  # months not reached yet are unknown, not 0%
        reached = (today - pd.Period(cohort_month, freq="M")).n
        shares.loc[cohort_month, [c for c in shares.columns if c > reached]] = np.nan
    shares.insert(0, "customers", sizes.astype(int))
    return shares


def repeat_rate_by_first_product(shop: Shop) -> pd.DataFrame:
    """Per first product bought: how many customers started with it and the share who came back."""
    firsts = shop.first_products().dropna()
    if firsts.empty:
        return pd.DataFrame(columns=["customers", "repeat_rate"])
    counts = shop.paid["customer_id"].value_counts().reindex(firsts.index).fillna(0)
    table = pd.DataFrame({"product": firsts.to_numpy(), "repeat": (counts >= 2).to_numpy()})
    grouped = table.groupby("product")["repeat"].agg(customers="size", repeat_rate="mean")
    grouped["repeat_rate"] = grouped["repeat_rate"].round(4)
    return grouped.sort_values(["customers", "repeat_rate"], ascending=False, kind="stable")
