"""Questions in words: the answer first, then one line saying how it was counted; the question back
when a word has two meanings in this shop; "I can't answer that yet" with three questions that fit
this shop's data; the welcome for a greeting."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from analytics.churn import AT_RISK_FROM
from analytics.questions import Period, Query, Result, ShopWords, from_dict
from bot.telegram_bot.replies.help import welcome_text
from bot.telegram_bot.replies.phrases import money, plural, shop_value

ROWS_SHOWN = 24  # table rows in one message
CUSTOMERS_SHOWN = 10

TITLES = {
    "net_revenue": "Net revenue", "product_revenue": "Product sales", "units_sold": "Units sold",
    "paid_orders": "Paid orders", "paying_customers": "Customers who bought", "new_customers": "New customers",
    "returning_customers": "Returning customers", "repeat_rate": "Repeat-purchase rate",
    "average_order_value": "Average order value", "items_per_order": "Units per order", "refund_count": "Refunded orders",
    "refund_amount": "Refunded amount", "days_to_second_order": "Days from 1st to 2nd order",
    "days_to_third_order": "Days from 2nd to 3rd order", "top_products": "Top products",
    "segment_counts": "Customers by segment", "at_risk_customers": "Customers likely to stop buying",
    "expected_value_12m": "Expected spend of your customers, next 12 months", "cohort_retention": "Customers buying again",
    "customers": "Customers",
}

DEFINITIONS = {
    "net_revenue": "totals of paid orders (refunded, cancelled and pending orders left out, partial refunds taken off)",
    "product_revenue": "quantity × unit price on the lines of paid orders (before shipping and order discounts)",
    "units_sold": "quantities on the lines of paid orders",
    "paid_orders": "orders with status paid (refunded, cancelled and pending left out)",
    "paying_customers": "customers with at least one paid order",
    "new_customers": "customers whose first paid order ever falls in the period",
    "returning_customers": "customers with a paid order in the period who had bought before it",
    "repeat_rate": "of the customers whose first paid order falls in the period, the share who placed a second one by today",
    "average_order_value": "net revenue ÷ paid orders",
    "items_per_order": "units on paid orders ÷ paid orders that list their items",
    "refund_count": "orders marked refunded in full (partial refunds are taken off net revenue instead)",
    "refund_amount": "totals of orders marked refunded in full",
    "days_to_second_order": "median days from a customer's first to second paid order, for customers whose first order falls in the period",
    "days_to_third_order": "median days from a customer's second to third paid order, for customers whose first order falls in the period",
    "top_products": "products on paid orders, ranked by {rank}",
    "segment_counts": "customers per RFM segment in the newest analysis",
    "at_risk_customers": f"customers with a {AT_RISK_FROM:.0%} or higher chance of no order within the /churn horizon, from the newest analysis",
    "expected_value_12m": "each customer's expected spend over the next 12 months (as in /value), added up",
    "cohort_retention": "each first-order month's new customers, and the share of them with a paid order 1, 2, 3… months later",
    "customers": "customers whose paid orders match",
}
ALL_TIME_RETURNING = "customers with two or more paid orders"
RANK_WORDS = {"revenue": "product sales", "units": "units sold", "buyers": "how many customers bought them"}
BREAKDOWN_WORDS = {"day": "day", "week": "week (from Monday)", "month": "month", "quarter": "quarter", "year": "year",
                   "segment": "segment", "platform": "platform", "country": "country", "channel": "sales channel",
                   "currency": "currency", "first_product": "first product bought", "product": "product"}
WHERE_WORDS = {"country": "country", "channel": "sales channel", "currency": "currency", "segment": "segment",
               "platform": "platform"}

WHY_NOT = {
    "unknown_words": "I didn't understand “{words}”.",
    "no_metric": "I couldn't tell which figure you want (revenue, orders, customers, …).",
    "two_metrics": "That asks for more than one figure: ask one at a time.",
    "two_breakdowns": "I can split a figure one way at a time (by month, or by product, …).",
    "two_values": "I can filter on one country, channel or currency at a time.",
    "several_products": "I can answer for one product at a time (or “by product” for all).",
    "not_stored": "Your exports don't carry that ({words}), so I can't count by it.",
    "period_for_now": "Segments are as of the newest analysis, not for a period.",
    "not_in_catalogue": "That combination isn't one I have a definition for.",
    "too_many_choices": "That could mean too many things; please name the year or the full product name.",
    "no_items": "Your exports have no line items (products), so I can't count products.",
    "no_analysis": "There is no analysis yet; it is made after an upload.",
    "no_value_forecast": "The newest analysis has no 12-month value forecast (too few repeat buyers to fit it).",
    "standing_ambiguous": "A question for every digest must have one meaning: name the year or the whole product name.",
    "empty": "",
}
CANT_YET = "🤔 I can't answer that yet."
CHOOSE_INTRO = "Which one do you mean?"
NO_DATA = "I have no orders for this chat yet, so I can't answer questions about them. Send me an order export first."
ASK_LINE = "You can also ask me about your shop in your own words, for example:"
CSV_BUTTON = "⬇️ All {count:,} as CSV"
STALE_CHOICE = "This button is from an older question. Please ask again."


def greeting_text(words: ShopWords | None) -> str:
    examples = example_questions(words or ShopWords(), chinese=False)
    return welcome_text() + "\n\n" + ASK_LINE + "\n" + "\n".join(f"• {escape(e)}" for e in examples)


def example_questions(words: ShopWords, *, chinese: bool) -> list[str]:
    """Three questions this shop's data can answer: a product it sells, a breakdown it has."""
    product = words.products[0] if words.products else None
    if chinese:
        first = "上个月的销售额"
        second = f"今年{product}卖了多少件" if product else "今年每个月的订单数"
        third = "最近90天没买过的客户" if not product else f"买了两次{product}但最近90天没买的客户"
        return [first, second, third]
    first = "revenue last month"
    second = "top 3 products by units this year" if product else "new customers by month this year"
    third = f"who bought {product.lower()} twice but not in the last 90 days" if product else "repeat rate by country"
    return [first, second, third]


def has_chinese(text: str) -> bool:
    return bool(re.search(r"[\u3400-\u9fff]", text))


def unmapped_text(reason: str | None, leftover: list[str], words: ShopWords | None, *, chinese: bool) -> str:
    why = WHY_NOT.get(reason or "", "").format(words=escape(", ".join(leftover)))
    examples = example_questions(words or ShopWords(), chinese=chinese)
    lines = [CANT_YET + (f" {why}" if why else ""), "", "Questions I can answer look like:"]
    lines += [f"• {escape(e)}" for e in examples]
    return "\n".join(lines)


def choice_label(kind: str, label: str, form: dict) -> str:
    """The button for one meaning: "March 2024", "Lavender Oil", "EUR", "At Risk segment"."""
    if kind == "currency":
        return label
    if kind == "risk":
        return "At Risk segment" if label == "segment" else "Likely to stop buying (/churn)"
    query = from_dict(form)
    if kind == "period" and query.period is not None:
        text = period_words(query.period, short=True)
        return f"{shop_value(query.products[0], 30)} · {text}" if query.products and " · " in label else text
    if query.products:
        return shop_value(query.products[0], 40)
    return escape(label)


def period_words(period: Period | None, *, short: bool = False) -> str:
    """'March 2024', 'Q4 2023', '2023', or '1 Mar 2024 – 15 Mar 2024'; with the zone unless short."""
    if period is None:
        return "all time"
    start, last = period.start, period.last_day
    if start.day == 1 and period.end.day == 1:
        months = (period.end.year - start.year) * 12 + period.end.month - start.month
        if months == 1:
            text = start.strftime("%B %Y")
        elif months == 3 and start.month % 3 == 1:
            text = f"Q{(start.month - 1) // 3 + 1} {start.year}"
        elif months == 12 and start.month == 1:
            text = str(start.year)
        else:
            text = f"{_day(start)} – {_day(last)}"
    else:
        text = _day(start) if start == last else f"{_day(start)} – {_day(last)}"
    return text if short else f"{text} ({period.timezone})"


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _amounts(values: dict, *, none: str = "nothing") -> str:
    if not values:
        return none
    return " · ".join(escape(money(amount, currency or None)) for currency, amount in sorted(values.items()))


def figure_words(value, unit: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if unit == "money":
        return _amounts(value, none="0.00")
    if unit == "share":
        return f"{float(value):.1%}"
    if unit == "days":
        return f"{float(value):,.1f} days"
    if unit == "items":
        return f"{float(value):,.2f}"
    return f"{float(value):,.0f}"


def answer_text(result: Result, *, as_of: str | None = None) -> str:
    """The answer, then how it was counted."""
    query = result.query
    title = TITLES[query.metric]
    if query.products and query.metric != "customers":
        title += " of " + shop_value(query.products[0])
    heading = f"<b>{escape(title)}</b>, {escape(period_words(query.period, short=True))}"
    body = _body(result)
    return f"{heading}\n{body}\n\n<i>{how_counted(result, as_of=as_of)}</i>"


def _body(result: Result) -> str:
    query = result.query
    if query.metric == "customers":
        return _customers_body(result)
    if query.metric == "top_products":
        return _top_body(result)
    if query.metric == "cohort_retention":
        return _cohort_body(result)
    if result.table is not None:
        rows = list(result.table.iterrows())
        lines = []
        for label, row in rows[:ROWS_SHOWN]:
            value = {c: v for c, v in row.items() if v} if result.unit == "money" else row["value"]
            lines.append(f"• {shop_value(label or 'not known')}: {figure_words(value, result.unit)}")
        if len(rows) > ROWS_SHOWN:
            lines.append(f"… and {len(rows) - ROWS_SHOWN:,} more")
        return "\n".join(lines) if lines else "Nothing in that period."
    return f"<b>{figure_words(result.value, result.unit)}</b>"


def _customers_body(result: Result) -> str:
    table = result.customers
    count = len(table)
    lines = [f"<b>{count:,}</b> {plural(count, 'customer')}"]
    for row in table.head(CUSTOMERS_SHOWN).itertuples():
        name = shop_value(row.name or row.email or row.customer_id)
        lines.append(f"• {name} — {row.orders:,} {plural(int(row.orders), 'order')}, "
                     f"{escape(money(row.spent, row.currency or None))}, last {row.last_order}")
    if count > CUSTOMERS_SHOWN:
        lines.append(f"… and {count - CUSTOMERS_SHOWN:,} more in the CSV")
    return "\n".join(lines)


def _top_body(result: Result) -> str:
    lines = []
    for rank, (product, row) in enumerate(result.table.iterrows(), start=1):
        lines.append(f"{rank}. {shop_value(product)} — {escape(money(row['revenue'], result.currency or None))}, "
                     f"{row['units']:,.0f} units, {int(row['buyers']):,} {plural(int(row['buyers']), 'buyer')}")
    return "\n".join(lines) or "No products sold in that period."


def _cohort_body(result: Result) -> str:
    table = result.table
    if table.empty:
        return "No new customers in that period."
    lines = []
    for cohort, row in list(table.iterrows())[-12:]:
        later = [f"{int(k)} mo {v:.0%}" for k, v in row.items() if k not in ("customers", 0) and v == v][:6]
        lines.append(f"• {escape(str(cohort))} ({int(row['customers']):,} new): " + (", ".join(later) or "too recent"))
    return "\n".join(lines) + "\n\n/cohorts shows the whole picture."


def how_counted(result: Result, *, as_of: str | None = None) -> str:
    """One line: the definition, the filters, the period with its time zone, what it rests on."""
    query = result.query
    definition = DEFINITIONS[query.metric].format(rank=RANK_WORDS.get(query.rank or "revenue"))
    if query.metric == "returning_customers" and query.period is None and query.by is None:
        definition = ALL_TIME_RETURNING
    parts = [f"How it was counted: {definition}"]
    filters = filter_words(query)
    if filters:
        parts.append(filters)
    if query.by:
        parts.append(f"by {BREAKDOWN_WORDS[query.by]}")
    if query.metric in ("segment_counts", "at_risk_customers", "expected_value_12m"):
        parts.append(f"analysis as of {as_of}" if as_of else "newest analysis")
    else:
        parts.append(f"period: {period_words(query.period)}" if query.period else "period: all time")
    counted = []
    if result.orders_counted and query.metric not in ("segment_counts", "at_risk_customers", "expected_value_12m"):
        counted.append(f"{result.orders_counted:,} {plural(result.orders_counted, 'order')}")
    if result.customers_counted:
        counted.append(f"{result.customers_counted:,} {plural(result.customers_counted, 'customer')}")
    if counted:
        parts.append("rests on " + " of ".join(counted) if len(counted) == 2 else "rests on " + counted[0])
    return escape("; ".join(parts) + ".")


def filter_words(query: Query) -> str:
    words = []
    if query.products:
        words.append("orders that include " + ", ".join(query.products))
    if query.orders_min is not None and query.orders_min == query.orders_max:
        words.append(f"exactly {query.orders_min} paid {plural(query.orders_min, 'order')}"
                     + (" in the period" if query.period else ""))
    else:
        if query.orders_min is not None:
            words.append(f"at least {query.orders_min} paid {plural(query.orders_min, 'order')}")
        if query.orders_max is not None:
            words.append(f"at most {query.orders_max} paid {plural(query.orders_max, 'order')}")
    if query.spent_min is not None:
        words.append(f"spent more than {query.spent_min:,.2f} in the period")
    if query.spent_max is not None:
        words.append(f"spent less than {query.spent_max:,.2f} in the period")
    if query.inactive_days is not None:
        thing = "such order" if query.products else "paid order"
        words.append(f"no {thing} in the last {query.inactive_days} days (today included)")
    for name, value in query.where:
        words.append(f"{WHERE_WORDS[name]} {value}")
    if query.top is not None and query.metric == "top_products":
        words.append(f"the top {query.top}")
    return ", ".join(words)


def chart_title(result: Result) -> str:
    query = result.query
    return f"{TITLES[query.metric]} by {BREAKDOWN_WORDS[query.by]}"


def cohorts_caption() -> str:
    return "Customers buying again, by the month of their first order"


def cohorts_text(view: dict) -> str:
    """Under the heatmap: the newest months in words, and repeat rate by first product bought."""
    retention = view["retention"]
    lines = ["<b>Customers buying again</b>"]
    if retention.empty:
        lines.append("No paid orders yet.")
    for cohort, row in list(retention.iterrows())[-6:]:
        later = [f"{int(k)} mo {v:.0%}" for k, v in row.items() if k not in ("customers", 0) and v == v][:4]
        lines.append(f"• {escape(str(cohort))} ({int(row['customers']):,} new): " + (", ".join(later) or "too recent"))
    first = view.get("first_products")
    if first is not None and len(first):
        lines += ["", "<b>Repeat rate by first product bought</b>"]
        for product, row in first.head(8).iterrows():
            lines.append(f"• {shop_value(product)}: {row['repeat_rate']:.0%} of {int(row['customers']):,} came back")
    lines += ["", "<i>" + escape(
        "How it was counted: each month's new customers are those whose first paid order falls in it; a cell is "
        "the share of them with a paid order that many months later. Repeat rate: of the customers whose first "
        f"paid order had that product on its first line, the share with a second paid order. Months in "
        f"{view['timezone']}; rests on {view['customers']:,} customers.") + "</i>"]
    return "\n".join(lines)


STANDING_SAVED = "📌 Saved: every weekly digest will answer this too. /reports lists your standing questions."
STANDING_FULL = "You already have {count} standing questions, the most a digest holds: remove one with /reports first."
NO_STANDING = ("You have no standing questions. Ask one with “every Monday tell me …”, for example "
               "“every Monday tell me revenue by product for last week”.")
STANDING_REMOVED = "Removed. It will not be in the next digest."


def standing_lines(standing: list) -> list[str]:
    """The digest's part for the owner's standing questions, each answered for this week."""
    lines: list[str] = []
    for text, asked in standing:
        lines += ["", f"📌 <b>{escape(text)}</b>"]
        if asked.kind == "answer":
            lines.append(answer_text(asked.result))
        else:
            leftover = asked.parsed.leftover if asked.parsed else []
            why = WHY_NOT.get(asked.reason or "", "").format(words=escape(", ".join(leftover)))
            lines.append(f"{CANT_YET} {why}".strip())
    return lines


def standing_list_text(rows: list[dict]) -> str:
    if not rows:
        return NO_STANDING
    lines = ["<b>Your standing questions</b> (answered in every weekly digest)"]
    lines += [f"{i}. {escape(row['text'])}" for i, row in enumerate(rows, start=1)]
    lines += ["", "Tap one to remove it."]
    return "\n".join(lines)
