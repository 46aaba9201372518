"""The validated query form a question becomes: one metric, at most one breakdown, filters, a period.

Everything that can answer a question (the word parser, the optional language model, a standing
question read back from storage) produces this form and nothing else, so the catalogue is the
only place a number is computed and a question that does not fit the form gets no number.
`from_dict` is strict: an unknown key, metric, breakdown or a value of the wrong type is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analytics.catalogue import BREAKDOWNS, CODE_FILTERS_FIT, METRICS


class InvalidQuery(ValueError):
    """A query form that names something the catalogue does not define, or values of the wrong kind."""


@dataclass(frozen=True)
class Period:
    """Local calendar days [start, end) in the shop's time zone."""

    start: dt.date
    end: dt.date
    timezone: str = "UTC"

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


@dataclass(frozen=True)
class Query:
    metric: str
    period: Period | None = None
    by: str | None = None
    products: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()  # (country | channel | currency | segment | platform, value)
    orders_min: int | None = None  # customers with at least this many paid orders (of `products`) in the period
    orders_max: int | None = None
    spent_min: float | None = None  # customers who spent more than this in the period
    spent_max: float | None = None
    inactive_days: int | None = None  # ... and no paid order (of `products`) in the last N days
    active_days: int | None = None  # ... and a paid order (of `products`) in the last N days
    rank: str | None = None  # top products by revenue | units | buyers
    top: int | None = None
    with_code: bool | None = None  # orders placed with a discount code (True) or without one (False)


WHERE_FIELDS = ("country", "channel", "currency", "segment", "platform", "discount_code")
RANKS = ("revenue", "units", "buyers")
_CUSTOMER_FILTERS = ("orders_min", "orders_max", "spent_min", "spent_max", "inactive_days", "active_days")


def validate(query: Query) -> Query:
    """The query itself if the catalogue can answer it exactly as stated, else InvalidQuery."""
    metric = METRICS.get(query.metric)
    if metric is None:
        raise InvalidQuery(f"unknown metric {query.metric!r}")
    if query.by is not None and query.by not in metric.breakdowns:
        raise InvalidQuery(f"{query.metric} cannot be broken down by {query.by!r}")
    if query.period is not None and not metric.has_period:
        raise InvalidQuery(f"{query.metric} is as of the latest analysis, not for a period")
    if query.products and not metric.takes_products:
        raise InvalidQuery(f"{query.metric} cannot be limited to products")
    for name, value in query.where:
        if name not in WHERE_FIELDS or not isinstance(value, str) or not value:
            raise InvalidQuery(f"unknown filter {name!r}")
    if query.with_code is not None and not isinstance(query.with_code, bool):
        raise InvalidQuery("with_code is true or false")
    codes = query.with_code is not None or any(name == "discount_code" for name, _ in query.where)
    if codes and query.metric not in CODE_FILTERS_FIT:
        raise InvalidQuery(f"{query.metric} is not counted over orders, so not by their discount code")
    customer_filters = [name for name in _CUSTOMER_FILTERS if getattr(query, name) is not None]
    if customer_filters and query.metric != "customers":
        raise InvalidQuery("customer filters belong to a customer list")
    for name in ("orders_min", "orders_max", "inactive_days", "active_days", "top"):
        value = getattr(query, name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise InvalidQuery(f"{name} must be a whole number")
    for name in ("spent_min", "spent_max"):
        value = getattr(query, name)
        if value is not None and (not isinstance(value, int | float) or isinstance(value, bool) or value < 0):
            raise InvalidQuery(f"{name} must be an amount")
    if query.rank is not None and (query.metric != "top_products" or query.rank not in RANKS):
        raise InvalidQuery(f"unknown ranking {query.rank!r}")
    if query.period is not None and query.period.end <= query.period.start:
        raise InvalidQuery("the period ends before it starts")
    return query


def to_dict(query: Query) -> dict:
    """The form as JSON-ready data (dates as ISO text), for storage and the language model."""
    data = asdict(query)
    if query.period is not None:
        data["period"] = {"start": query.period.start.isoformat(), "end": query.period.end.isoformat(),
                          "timezone": query.period.timezone}
    data["products"] = list(query.products)
    data["where"] = [list(pair) for pair in query.where]
    return {key: value for key, value in data.items() if value not in (None, [], ())}


_TYPES = {"metric": str, "by": str, "rank": str, "orders_min": int, "orders_max": int, "inactive_days": int,
          "active_days": int, "top": int, "spent_min": (int, float), "spent_max": (int, float)}


def from_dict(data: object) -> Query:
    """The query a JSON object describes, validated; InvalidQuery for anything else."""
    if not isinstance(data, dict):
        raise InvalidQuery("a query is an object")
    known = {f.name for f in fields(Query)}
    unknown = set(data) - known
    if unknown:
        raise InvalidQuery(f"unknown fields {sorted(unknown)}")
    values: dict = {}
    for key, value in data.items():
        if value is None:
            continue
        if key in _TYPES:
            if not isinstance(value, _TYPES[key]) or isinstance(value, bool):
                raise InvalidQuery(f"{key} has the wrong type")
            values[key] = value
        elif key == "products":
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise InvalidQuery("products is a list of names")
            values[key] = tuple(value)
        elif key == "where":
            if not isinstance(value, list) or not all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in value
            ):
                raise InvalidQuery("where is a list of [field, value] pairs")
            values[key] = tuple(tuple(pair) for pair in value)
        elif key == "period":
            values[key] = _period(value)
        elif key == "with_code":
            if not isinstance(value, bool):
                raise InvalidQuery("with_code is true or false")
            values[key] = value
    if "metric" not in values:
        raise InvalidQuery("a query names its metric")
    return validate(Query(**values))


def _period(value: object) -> Period:
    if not isinstance(value, dict) or set(value) - {"start", "end", "timezone"} or not {"start", "end"} <= set(value):
        raise InvalidQuery("a period is {start, end, timezone}")
    try:
        start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
        timezone = value.get("timezone", "UTC")
        ZoneInfo(timezone)
    except (TypeError, ValueError, ZoneInfoNotFoundError) as error:
        raise InvalidQuery("a period has ISO dates and a time zone name") from error
    return Period(start, end, timezone)


# Re-exported so callers need one import for the form and its vocabulary.
__all__ = ["BREAKDOWNS", "METRICS", "RANKS", "WHERE_FIELDS", "InvalidQuery", "Period", "Query", "from_dict", "to_dict",
           "validate"]
