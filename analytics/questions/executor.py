"""Run a validated query form against the catalogue: the only way a question gets a number.

The result carries what the "how it was counted" line needs: the period's local bounds and time
zone, and how many orders and customers the number rests on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import catalogue as cat
from analytics.catalogue import METRICS, Shop
from analytics.questions.form import Query, validate

TOP_DEFAULT = 5


class NeedsChoice(Exception):
    """The question is fine but one of its words has several meanings in this shop's data (an
    amount in two currencies): the caller asks which, with these options."""

    def __init__(self, field_name: str, options: list[str]) -> None:
        super().__init__(field_name)
        self.field_name, self.options = field_name, options


class CannotAnswer(Exception):
    """The catalogue has the metric but this shop's data cannot give it (no line items, no analysis)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Result:
    query: Query
    unit: str
    value: object = None  # float | dict[currency, float] | None (nothing to measure)
    table: pd.DataFrame | None = None  # a breakdown, a ranking, segments or cohorts
    customers: pd.DataFrame | None = None  # every matching customer, most spent first
    orders_counted: int = 0
    customers_counted: int = 0
    currency: str | None = None  # the one currency of a money table


def bounds(query: Query, timezone: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    if query.period is None:
        return None, None
    return (pd.Timestamp(query.period.start).tz_localize(timezone),
            pd.Timestamp(query.period.end).tz_localize(timezone))


def answer(query: Query, shop: Shop) -> Result:
    """The catalogue's answer to one query (validated again: forms also come from storage and a model)."""
    validate(query)
    metric = METRICS[query.metric]
    if metric.needs_scores and shop.scores.empty:
        raise CannotAnswer("no_analysis")
    if (metric.needs_items or query.products or query.by in ("product", "first_product")) and shop.lines.empty:
        raise CannotAnswer("no_items")
    codes = query.with_code is not None or query.by == "discount_code" or any(
        name == "discount_code" for name, _ in query.where)
    if codes and not shop.paid["discount_code"].notna().any():
        raise CannotAnswer("not_stored")  # no export of this shop says which orders used a code
    start, end = bounds(query, shop.timezone)
    handler = _HANDLERS.get(query.metric, _order_metric)
    return handler(query, shop, start, end)


# --- scoping -------------------------------------------------------------------------------------

def _where(frame: pd.DataFrame, query: Query, shop: Shop) -> pd.DataFrame:
    for name, value in query.where:
        if name == "discount_code":
            frame = frame[cat.with_discount_code(frame["discount_code"], value)]
            continue
        if name == "segment":
            column = frame["customer_id"].map(shop.segments())
        else:
            column = frame[name]
        frame = frame[_equal_without_case(column, value)]
    if query.with_code is not None:
        frame = frame[cat.with_discount_code(frame["discount_code"]) == query.with_code]
    return frame


def _equal_without_case(column: pd.Series, value: str) -> np.ndarray:
    """Which rows hold `value`, compared without case: once per distinct value, not per row."""
    codes, uniques = pd.factorize(column)
    wanted = value.casefold()
    same = np.array([str(u).casefold() == wanted for u in uniques] + [wanted == ""], dtype=bool)
    return same[codes]  # code -1: no value, which matches only an empty one


def _scoped_orders(query: Query, shop: Shop, start, end) -> pd.DataFrame:
    paid = shop.paid[cat.in_period(shop.paid["local"], start, end)]
    paid = _where(paid, query, shop)
    if query.products:
        with_product = shop.lines.loc[shop.lines["product"].isin(query.products), "order_id"]
        paid = paid[paid["order_id"].isin(with_product)]
    return paid


def _scoped_lines(query: Query, shop: Shop, start, end) -> pd.DataFrame:
    lines = shop.lines[cat.in_period(shop.lines["local"], start, end)]
    lines = _where(lines, query, shop)
    if query.products:
        lines = lines[lines["product"].isin(query.products)]
    return lines


def group_key(frame: pd.DataFrame, by: str, shop: Shop) -> pd.Series:
    """The label of each row's group: a local day, week (its Monday), month, quarter or year, or
    an attribute of the order or its customer."""
    local = frame["local"].dt.tz_localize(None)
    if by == "day":
        return _named_once(local.dt.normalize(), lambda day: day.strftime("%Y-%m-%d"))
    if by == "week":
        monday = local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")
        return _named_once(monday, lambda day: day.strftime("%Y-%m-%d"))
    if by == "month":
        return _named_once(local.dt.year * 100 + local.dt.month, lambda code: f"{code // 100}-{code % 100:02d}")
    if by == "quarter":
        return _named_once(local.dt.year * 10 + local.dt.quarter, lambda code: f"{code // 10}-Q{code % 10}")
    if by == "year":
        return _named_once(local.dt.year, str)
    if by == "segment":
        return frame["customer_id"].map(shop.segments()).fillna("")
    if by == "first_product":
        return frame["customer_id"].map(shop.first_products()).fillna("")
    return frame[by].fillna("").astype(str)


def _named_once(values: pd.Series, name) -> pd.Series:
    """Each row's label, written once per distinct value rather than once per row: a year of
    100,000 orders has a few hundred days and twelve months, and formatting every row's date took
    most of a breakdown's answer time."""
    codes, uniques = pd.factorize(values)
    labels = np.array([name(value) for value in uniques] + [""], dtype=object)
    return pd.Series(labels[codes], index=values.index)  # code -1 (no date) is the last, empty label


def _known_keys(keys: pd.Series, by: str) -> pd.Series:
    """The group labels, unless the data holds none of them (no country in any export): then the
    breakdown is declined rather than answered as one group of "not known"."""
    if len(keys) and not (keys.astype(str) != "").any():
        raise CannotAnswer("not_stored")
    return keys


def _counted(result: Result, frame: pd.DataFrame) -> Result:
    result.orders_counted = int(frame["order_id"].nunique()) if "order_id" in frame else 0
    result.customers_counted = int(frame["customer_id"].nunique()) if "customer_id" in frame else 0
    return result


# --- order-level metrics -------------------------------------------------------------------------

def _order_value(code: str, paid: pd.DataFrame, shop: Shop, start, end, whole_history: bool) -> object:
    if code == "net_revenue":
        return cat.net_revenue(paid)
    if code == "paid_orders":
        return float(len(paid))
    if code == "paying_customers":
        return float(paid["customer_id"].nunique())
    if code == "average_order_value":
        return cat.average_order_value(paid)
    if code == "items_per_order":
        return cat.items_per_order(paid, shop.lines)
    if code == "new_customers":
        return float(len(cat.new_customers(paid)))
    if code == "returning_customers":
        if whole_history:
            return float(len(cat.repeat_customers(paid)))
        return float(len(cat.returning_customers(paid)))
    raise KeyError(code)


def _order_metric(query: Query, shop: Shop, start, end) -> Result:
    metric = METRICS[query.metric]
    if query.metric in ("refund_count", "refund_amount"):
        scoped = cat.refunds(shop.orders)
        scoped = _where(scoped[cat.in_period(scoped["local"], start, end)], query, shop)
        code = "paid_orders" if query.metric == "refund_count" else "net_revenue"
    else:
        scoped, code = _scoped_orders(query, shop, start, end), query.metric
    whole = query.period is None
    result = _counted(Result(query, metric.unit), scoped)
    if query.by is None:
        result.value = _order_value(code, scoped, shop, start, end, whole)
        return result
    keys = _known_keys(group_key(scoped, query.by, shop), query.by)
    fast = _grouped(code, scoped, keys)
    if fast is not None:
        result.table = fast
        return result
    values = {label: _order_value(code, group, shop, start, end, False) for label, group in scoped.groupby(keys)}
    result.table = _table(values, metric.unit)
    return result


def _grouped(code: str, scoped: pd.DataFrame, keys: pd.Series) -> pd.DataFrame | None:
    """The same figures as `_order_value` per group, in one pass (a breakdown by day over a year
    would otherwise be hundreds of small computations); None for figures that need the loop."""
    if code in ("net_revenue", "average_order_value"):
        how = "sum" if code == "net_revenue" else "mean"
        grouped = scoped["total"].groupby([keys, scoped["currency"].fillna("")]).agg(how).round(2)
        table = grouped.unstack(fill_value=0.0)
        table.columns = [str(c) for c in table.columns]
    elif code == "paid_orders":
        table = pd.DataFrame({"value": scoped.groupby(keys).size().astype(float)})
    elif code == "paying_customers":
        table = pd.DataFrame({"value": scoped["customer_id"].groupby(keys).nunique().astype(float)})
    else:
        return None
    table.index.name = "group"
    return table.sort_index()


def _table(values: dict, unit: str) -> pd.DataFrame:
    """Group label -> value (a column per currency for money), in label order."""
    if unit == "money":
        table = pd.DataFrame.from_dict(values, orient="index").fillna(0.0)
        table.columns = [str(c) for c in table.columns]
    else:
        table = pd.DataFrame({"value": pd.Series(values, dtype=float)})
    table.index.name = "group"
    return table.sort_index()


# --- line-level metrics --------------------------------------------------------------------------

def _line_metric(query: Query, shop: Shop, start, end) -> Result:
    metric = METRICS[query.metric]
    lines = _scoped_lines(query, shop, start, end)
    result = _counted(Result(query, metric.unit), lines)

    def value(frame: pd.DataFrame) -> object:
        if query.metric == "units_sold":
            return float(frame["quantity"].sum())
        return cat.money(frame, "revenue")

    if query.by is None:
        result.value = value(lines)
        return result
    keys = lines["product"] if query.by == "product" else _known_keys(group_key(lines, query.by, shop), query.by)
    result.table = _table({label: value(group) for label, group in lines.groupby(keys)}, metric.unit)
    return result


def _top_products(query: Query, shop: Shop, start, end) -> Result:
    lines = _scoped_lines(query, shop, start, end)
    rank = query.rank or "revenue"
    currencies = sorted(lines["currency"].fillna("").unique())
    if rank == "revenue" and len(currencies) > 1:
        raise NeedsChoice("currency", currencies)
    table = cat.product_sales(lines).sort_values([rank, "revenue"], ascending=False, kind="stable")
    result = _counted(Result(query, "table", table=table.head(query.top or TOP_DEFAULT)), lines)
    result.currency = currencies[0] if currencies else None
    return result


# --- customer cohorts ----------------------------------------------------------------------------

def _cohort_customers(query: Query, shop: Shop, start, end) -> pd.Index:
    customers = cat.cohort(shop, start, end)
    if query.where:
        firsts = shop.paid.drop_duplicates("customer_id")
        customers = customers.intersection(pd.Index(_where(firsts, query, shop)["customer_id"]))
    return customers


def _cohort_metric(query: Query, shop: Shop, start, end) -> Result:
    metric = METRICS[query.metric]
    customers = _cohort_customers(query, shop, start, end)

    def value(group: pd.Index) -> float | None:
        if query.metric == "repeat_rate":
            return cat.repeat_rate(shop, group)
        nth = 1 if query.metric == "days_to_second_order" else 2
        return cat.median_days(cat.days_between_orders(shop, group, nth))

    result = Result(query, metric.unit, customers_counted=len(customers))
    result.orders_counted = int(shop.paid["customer_id"].isin(customers).sum())
    if query.by is None:
        result.value = value(customers)
        return result
    firsts = shop.paid.drop_duplicates("customer_id")
    firsts = firsts[firsts["customer_id"].isin(customers)]
    keys = group_key(firsts, query.by, shop)
    values = {label: value(pd.Index(group["customer_id"])) for label, group in firsts.groupby(keys)}
    result.table = _table({k: (float("nan") if v is None else v) for k, v in values.items()}, metric.unit)
    return result


def _cohort_retention(query: Query, shop: Shop, start, end) -> Result:
    table = cat.cohort_retention(shop, start, end)
    customers = cat.cohort(shop, start, end)
    return Result(query, "table", table=table, customers_counted=len(customers),
                  orders_counted=int(shop.paid["customer_id"].isin(customers).sum()))


# --- the newest analysis -------------------------------------------------------------------------

def _scores_metric(query: Query, shop: Shop, start, end) -> Result:
    scores = shop.scores
    for name, wanted in query.where:
        if name == "segment":
            scores = scores[scores["segment"].fillna("").str.casefold() == wanted.casefold()]
        else:
            attribute = shop.last_attributes[name]
            scores = scores[scores["customer_id"].map(attribute).fillna("").astype(str).str.casefold()
                            == wanted.casefold()]
    metric = METRICS[query.metric]
    result = Result(query, metric.unit, customers_counted=len(scores))
    if query.metric == "segment_counts":
        if any(name == "segment" for name, _ in query.where):
            result.value = float(len(scores))
        else:
            result.table = pd.DataFrame({"value": cat.segment_counts(scores).astype(float)})
        return result
    if query.metric == "expected_value_12m" and pd.to_numeric(scores["clv_12m"], errors="coerce").isna().all():
        raise CannotAnswer("no_value_forecast")
    chosen = cat.at_risk(scores) if query.metric == "at_risk_customers" else scores

    def value(frame: pd.DataFrame) -> object:
        if query.metric == "at_risk_customers":
            return float(len(frame))
        return {shop_currency(shop): cat.expected_value_12m(frame)}

    if query.by is None:
        result.value = value(chosen)
        return result
    if query.by == "segment":
        keys = chosen["segment"].fillna("")
    else:
        keys = chosen["customer_id"].map(shop.last_attributes[query.by]).fillna("")
    result.table = _table({label: value(group) for label, group in chosen.groupby(keys)}, metric.unit)
    return result


def shop_currency(shop: Shop) -> str:
    counts = shop.paid["currency"].fillna("").value_counts()
    return str(counts.index[0]) if len(counts) else ""


# --- customer lists ------------------------------------------------------------------------------

def _customers(query: Query, shop: Shop, start, end) -> Result:
    scoped = _scoped_orders(query, shop, start, end)
    if query.spent_min is not None or query.spent_max is not None:
        currencies = sorted(scoped["currency"].fillna("").unique())
        if len(currencies) > 1:
            raise NeedsChoice("currency", currencies)
    per = scoped.groupby("customer_id").agg(orders=("order_id", "size"), spent=("total", "sum"),  # one row per order
                                             last_order=("local", "max"), currency=("currency", "first"))
    keep = pd.Series(True, index=per.index)
    if query.orders_min is not None:
        keep &= per["orders"] >= query.orders_min
    if query.orders_max is not None:
        keep &= per["orders"] <= query.orders_max
    if query.spent_min is not None:
        keep &= per["spent"] > query.spent_min
    if query.spent_max is not None:
        keep &= per["spent"] < query.spent_max
    for days, wanted in ((query.inactive_days, False), (query.active_days, True)):
        if days is None:
            continue
        recent = _scoped_orders(query.__class__(metric="customers", products=query.products, where=query.where),
                                shop, _days_before(shop, days - 1), None)
        keep &= per.index.isin(recent["customer_id"].unique()) == wanted
    chosen = per[keep].copy()
    chosen = chosen.join(shop.last_attributes[["email", "name"]]).reset_index()
    chosen["customer_id"] = shop.customer_ids[chosen["customer_id"].to_numpy()]
    chosen["spent"] = chosen["spent"].round(2)
    chosen["last_order"] = chosen["last_order"].dt.strftime("%Y-%m-%d")
    chosen = chosen.sort_values(["spent", "customer_id"], ascending=[False, True], kind="stable")
    chosen = chosen[["customer_id", "email", "name", "orders", "spent", "currency", "last_order"]]
    result = Result(query, "customers", value=float(len(chosen)), customers=chosen.reset_index(drop=True))
    result.customers_counted = len(chosen)
    result.orders_counted = int(scoped[scoped["customer_id"].isin(chosen["customer_id"])]["order_id"].nunique())
    return result


def _days_before(shop: Shop, days: int) -> pd.Timestamp:
    """Local midnight `days` calendar days before today: by the calendar, not by 24-hour steps,
    which would slip an hour across a change of summer time."""
    day = shop.today.date() - dt.timedelta(days=days)
    return pd.Timestamp(day).tz_localize(shop.timezone)


_HANDLERS = {
    "product_revenue": _line_metric,
    "units_sold": _line_metric,
    "top_products": _top_products,
    "repeat_rate": _cohort_metric,
    "days_to_second_order": _cohort_metric,
    "days_to_third_order": _cohort_metric,
    "cohort_retention": _cohort_retention,
    "segment_counts": _scores_metric,
    "at_risk_customers": _scores_metric,
    "expected_value_12m": _scores_metric,
    "customers": _customers,
}
