"""Expected answers for the question set, computed with plain pandas on the export's own rows.

Nothing here goes through the readers, the catalogue or the parser: the CSV is read with
`pandas.read_csv`, rows are grouped into orders by their Order ID, and each figure is written out
from its definition as the README and the answers' "how it was counted" line state it:
a purchase is an order whose status is paid; amounts are per currency; days are local days in
the shop's time zone; "last N days" are the N days ending today; a week starts on Monday.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd


def period(start: str, end: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Local days [start, end), as given (end exclusive)."""
    return pd.Timestamp(start), pd.Timestamp(end)


def month(year: int, number: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = pd.Timestamp(year, number, 1)
    return start, start + pd.offsets.MonthBegin(1)


def quarter(year: int, number: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = pd.Timestamp(year, 3 * number - 2, 1)
    return start, start + pd.offsets.MonthBegin(3)


def year(number: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(number, 1, 1), pd.Timestamp(number + 1, 1, 1)


class Truth:
    """The shop's figures from its raw rows."""

    def __init__(self, csv: bytes, *, timezone: str, today: str, scores: pd.DataFrame | None = None) -> None:
        rows = pd.read_csv(io.BytesIO(csv))
        rows["local"] = pd.to_datetime(rows["Date"]).dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None)
        rows["customer"] = rows["Email"].str.lower()
        self.rows = rows
        orders = rows.groupby("Order ID").agg(
            customer=("customer", "first"), local=("local", "first"), total=("Total", "sum"),
            currency=("Currency", "first"), status=("Status", "first"), country=("Country", "first"),
            channel=("Channel", "first"), units=("Quantity", "sum"),
        )
        self.orders = orders
        self.paid = orders[orders["status"] == "paid"].sort_values("local", kind="stable")
        self.paid_rows = rows[rows["Order ID"].isin(self.paid.index)]
        self.today = pd.Timestamp(today)
        self.scores = scores

    # periods relative to today
    def last_days(self, n: int) -> tuple[pd.Timestamp, pd.Timestamp]:
        end = self.today + pd.Timedelta(days=1)
        return end - pd.Timedelta(days=n), end

    def this_year(self):
        return pd.Timestamp(self.today.year, 1, 1), self.today + pd.Timedelta(days=1)

    def last_month(self):
        end = self.today.replace(day=1)
        return (end - pd.Timedelta(days=1)).replace(day=1), end

    def this_month(self):
        return self.today.replace(day=1), self.today + pd.Timedelta(days=1)

    def last_week(self):
        monday = self.today - pd.Timedelta(days=self.today.day_of_week)
        return monday - pd.Timedelta(days=7), monday

    def this_week(self):
        monday = self.today - pd.Timedelta(days=self.today.day_of_week)
        return monday, self.today + pd.Timedelta(days=1)

    # selections
    @staticmethod
    def within(frame: pd.DataFrame, span, column: str = "local") -> pd.DataFrame:
        if span is None:
            return frame
        return frame[(frame[column] >= span[0]) & (frame[column] < span[1])]

    def paid_in(self, span=None, **where) -> pd.DataFrame:
        frame = self.within(self.paid, span)
        for name, value in where.items():
            frame = frame[frame[name] == value]
        return frame

    @staticmethod
    def per_currency(frame: pd.DataFrame, how: str = "sum") -> dict:
        grouped = frame.groupby("currency")["total"]
        values = grouped.sum() if how == "sum" else grouped.mean()
        return {currency: round(float(v), 2) for currency, v in values.items()}

    # figures
    def revenue(self, span=None, **where) -> dict:
        return self.per_currency(self.paid_in(span, **where))

    def orders_count(self, span=None, **where) -> float:
        return float(len(self.paid_in(span, **where)))

    def customers_count(self, span=None, **where) -> float:
        return float(self.paid_in(span, **where)["customer"].nunique())

    def aov(self, span=None, **where) -> dict:
        return self.per_currency(self.paid_in(span, **where), "mean")

    def first_orders(self) -> pd.Series:
        return self.paid.groupby("customer")["local"].min()

    def new_customers(self, span=None) -> float:
        return float(len(self.within(self.first_orders().to_frame(), span)))

    def returning_customers(self, span=None) -> float:
        if span is None:
            counts = self.paid["customer"].value_counts()
            return float((counts >= 2).sum())
        buyers = set(self.paid_in(span)["customer"])
        new = set(self.within(self.first_orders().to_frame(), span).index)
        return float(len(buyers - new))

    def cohort(self, span=None) -> list[str]:
        return list(self.within(self.first_orders().to_frame(), span).index)

    def repeat_rate(self, span=None) -> float:
        counts = self.paid["customer"].value_counts()
        members = self.cohort(span)
        return round(float((counts.reindex(members) >= 2).mean()), 4)

    def days_to_next(self, nth: int, span=None) -> float:
        members = set(self.cohort(span))
        gaps = []
        rows = self.rows.drop_duplicates("Order ID").set_index("Order ID")
        exact = pd.to_datetime(rows["Date"])
        for customer, group in self.paid.groupby("customer"):
            if customer in members and len(group) > nth:
                stamps = exact.reindex(group.index).sort_values()
                gaps.append((stamps.iloc[nth] - stamps.iloc[nth - 1]).total_seconds() / 86400)
        return round(float(pd.Series(gaps).median()), 1)

    def items_per_order(self, span=None) -> float:
        orders = self.paid_in(span)
        return round(float(orders["units"].sum()) / len(orders), 2)

    def refunds(self, span=None) -> pd.DataFrame:
        return self.within(self.orders[self.orders["status"] == "refunded"], span)

    def refund_count(self, span=None) -> float:
        return float(len(self.refunds(span)))

    def refund_amount(self, span=None) -> dict:
        return self.per_currency(self.refunds(span))

    def lines(self, span=None, product: str | None = None, **where) -> pd.DataFrame:
        keep = self.paid_in(span, **where).index
        lines = self.paid_rows[self.paid_rows["Order ID"].isin(keep)]
        return lines if product is None else lines[lines["Product"] == product]

    def product_revenue(self, product: str | None = None, span=None, **where) -> dict:
        lines = self.lines(span, product, **where)
        return {c: round(float(v), 2) for c, v in lines.groupby("Currency")["Total"].sum().items()}

    def units(self, product: str | None = None, span=None, **where) -> float:
        return float(self.lines(span, product, **where)["Quantity"].sum())

    def product_orders(self, product: str, span=None) -> float:
        return float(self.lines(span, product)["Order ID"].nunique())

    def product_buyers(self, product: str, span=None) -> float:
        return float(self.lines(span, product)["customer"].nunique())

    def top_products(self, rank: str = "revenue", n: int = 5, span=None) -> list[str]:
        lines = self.lines(span)
        table = lines.groupby("Product").agg(revenue=("Total", "sum"), units=("Quantity", "sum"),
                                             buyers=("customer", "nunique"))
        table["revenue"] = table["revenue"].round(2)
        return list(table.sort_values([rank, "revenue"], ascending=False).head(n).index)

    def by(self, figure, key: str, span=None, **where) -> dict:
        """A per-order figure (revenue, orders_count, customers_count, aov) for each group."""
        frame = self.paid_in(span, **where)
        labels = self.labels(frame["local"], key) if key in ("day", "week", "month", "quarter", "year") else frame[key]
        out = {}
        for label, group in frame.groupby(labels):
            if figure == "revenue":
                out[label] = self.per_currency(group)
            elif figure == "aov":
                out[label] = self.per_currency(group, "mean")
            elif figure == "orders":
                out[label] = float(len(group))
            elif figure == "customers":
                out[label] = float(group["customer"].nunique())
        return out

    def product_table(self, figure: str, span=None) -> dict:
        lines = self.lines(span)
        if figure == "units":
            return {p: float(v) for p, v in lines.groupby("Product")["Quantity"].sum().items()}
        return {p: {c: round(float(v), 2) for c, v in g.groupby("Currency")["Total"].sum().items()}
                for p, g in lines.groupby("Product")}

    @staticmethod
    def labels(local: pd.Series, key: str) -> pd.Series:
        if key == "day":
            return local.dt.strftime("%Y-%m-%d")
        if key == "week":
            return (local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
        if key == "month":
            return local.dt.strftime("%Y-%m")
        if key == "quarter":
            return local.dt.year.astype(str) + "-Q" + local.dt.quarter.astype(str)
        return local.dt.year.astype(str)

    def new_by(self, key: str, span=None) -> dict:
        firsts = self.within(self.first_orders().to_frame(), span)["local"]
        return {label: float(n) for label, n in self.labels(firsts, key).value_counts().items()}

    def first_products(self) -> pd.Series:
        first_order = self.paid.drop_duplicates("customer")
        first_lines = self.paid_rows.drop_duplicates("Order ID").set_index("Order ID")["Product"]
        return pd.Series(first_lines.reindex(first_order.index).to_numpy(), index=first_order["customer"].to_numpy())

    def repeat_by(self, key: str) -> dict:
        counts = self.paid["customer"].value_counts()
        if key == "first_product":
            groups = self.first_products()
        else:
            groups = self.paid.drop_duplicates("customer").set_index("customer")[key]
        repeat = (counts.reindex(groups.index) >= 2)
        return {g: round(float(v), 4) for g, v in repeat.groupby(groups.to_numpy()).mean().items()}

    def retention(self, span=None, months: int = 12) -> dict:
        """{first-order month: {months after: share of that month's new customers buying then}}."""
        firsts = self.first_orders()
        members = set(self.cohort(span))
        paid = self.paid[self.paid["customer"].isin(members)]
        start = firsts.reindex(paid["customer"]).to_numpy()
        cohort = pd.Series(start).dt.strftime("%Y-%m").to_numpy()
        offset = ((paid["local"].dt.year.to_numpy() - pd.Series(start).dt.year.to_numpy()) * 12
                  + paid["local"].dt.month.to_numpy() - pd.Series(start).dt.month.to_numpy())
        frame = pd.DataFrame({"cohort": cohort, "offset": offset, "customer": paid["customer"].to_numpy()})
        frame = frame[frame["offset"] <= months].drop_duplicates()
        sizes = frame[frame["offset"] == 0].groupby("cohort")["customer"].nunique()
        out: dict = {}
        for (name, off), group in frame.groupby(["cohort", "offset"]):
            out.setdefault(name, {})[int(off)] = round(group["customer"].nunique() / sizes[name], 4)
        return out

    def customers(self, span=None, product: str | None = None, *, min_orders=None, max_orders=None,
                  spent_over=None, inactive_days=None, inactive_months=None, currency=None, **where) -> set[str]:
        """Customers whose paid orders (containing `product`, if named) in the period match."""
        frame = self.paid_in(span, **where)
        if currency:
            frame = frame[frame["currency"] == currency]
        if product:
            frame = frame[frame.index.isin(self.paid_rows.loc[self.paid_rows["Product"] == product, "Order ID"])]
        counts = frame.groupby("customer").size()
        spent = frame.groupby("customer")["total"].sum()
        chosen = set(counts.index)
        if min_orders is not None:
            chosen &= set(counts.index[counts >= min_orders])
        if max_orders is not None:
            chosen &= set(counts.index[counts <= max_orders])
        if spent_over is not None:
            chosen &= set(spent.index[spent > spent_over])
        if inactive_months is not None:
            since = self.today - pd.DateOffset(months=inactive_months) + pd.Timedelta(days=1)
            inactive_days = (self.today - since).days + 1
        if inactive_days is not None:
            recent = self.paid_in(self.last_days(inactive_days), **where)
            if product:
                recent = recent[recent.index.isin(self.paid_rows.loc[self.paid_rows["Product"] == product, "Order ID"])]
            chosen -= set(recent["customer"])
        return chosen

    # the newest analysis
    def segment_count(self, segment: str) -> float:
        return float((self.scores["segment"] == segment).sum())

    def segments(self) -> dict:
        return {s: float(n) for s, n in self.scores["segment"].value_counts().items()}

    def at_risk(self, threshold: float) -> float:
        return float((self.scores["churn_risk"].astype(float) >= threshold).sum())

    def expected_value(self):
        """Per currency of the analysis (its main one); None when no value forecast was made."""
        values = pd.to_numeric(self.scores["clv_12m"], errors="coerce")
        if values.isna().all():
            return None
        main = self.paid["currency"].value_counts().index[0]
        return {main: round(float(values.fillna(0).sum()), 2)}

    def customers_by_segment(self) -> dict:
        """Paying customers per segment of the newest analysis ("" for those it did not score)."""
        segment = self.scores.set_index("customer_id")["segment"]
        buyers = pd.Series(self.paid["customer"].unique())
        return {s: float(n) for s, n in buyers.map(segment).fillna("").value_counts().items()}


def today_date(today: str) -> dt.date:
    return dt.date.fromisoformat(today)
