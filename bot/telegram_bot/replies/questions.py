"""Questions in words: the answer first, then one line saying how it was counted; the question back
when a word has two meanings in this shop; "I can't answer that yet" with three questions that fit
this shop's data; the welcome for a greeting."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from analytics.churn import AT_RISK_FROM
from analytics.questions import Period, Query, Result, ShopWords, from_dict
from bot.i18n import CHINESE, N_, _, current_language, day, ngettext
from bot.segment_words import segment_name
from bot.telegram_bot.replies.help import welcome_text
from bot.telegram_bot.replies.phrases import money, shop_value

ROWS_SHOWN = 24  # table rows in one message
CUSTOMERS_SHOWN = 10

TITLES = {
    "net_revenue": N_("Net revenue"), "product_revenue": N_("Product sales"), "units_sold": N_("Units sold"),
    "paid_orders": N_("Paid orders"), "paying_customers": N_("Customers who bought"), "new_customers": N_("New customers"),
    "returning_customers": N_("Returning customers"), "repeat_rate": N_("Repeat-purchase rate"),
    "average_order_value": N_("Average order value"), "items_per_order": N_("Units per order"), "refund_count": N_("Refunded orders"),
    "refund_amount": N_("Refunded amount"), "days_to_second_order": N_("Days from 1st to 2nd order"),
    "days_to_third_order": N_("Days from 2nd to 3rd order"), "top_products": N_("Top products"),
    "segment_counts": N_("Customers by segment"), "at_risk_customers": N_("Customers likely to stop buying"),
    "expected_value_12m": N_("Expected spend of your customers, next 12 months"), "cohort_retention": N_("Customers buying again"),
    "customers": N_("Customers"),
}

DEFINITIONS = {
    "net_revenue": N_("totals of paid orders (refunded, cancelled and pending orders left out, partial refunds taken off)"),
    "product_revenue": N_("quantity × unit price on the lines of paid orders (before shipping and order discounts)"),
    "units_sold": N_("quantities on the lines of paid orders"),
    "paid_orders": N_("orders with status paid (refunded, cancelled and pending left out)"),
    "paying_customers": N_("customers with at least one paid order"),
    "new_customers": N_("customers whose first paid order ever falls in the period"),
    "returning_customers": N_("customers with a paid order in the period who had bought before it"),
    "repeat_rate": N_("of the customers whose first paid order falls in the period, the share who placed a second one by today"),
    "average_order_value": N_("net revenue ÷ paid orders"),
    "items_per_order": N_("units on paid orders ÷ paid orders that list their items"),
    "refund_count": N_("orders marked refunded in full (partial refunds are taken off net revenue instead)"),
    "refund_amount": N_("totals of orders marked refunded in full"),
    "days_to_second_order": N_("median days from a customer's first to second paid order, for customers whose first order falls in the period"),
    "days_to_third_order": N_("median days from a customer's second to third paid order, for customers whose first order falls in the period"),
    "top_products": N_("products on paid orders, ranked by {rank}"),
    "segment_counts": N_("customers per RFM segment in the newest analysis"),
    "at_risk_customers": N_("customers with a {threshold} or higher chance of no order within the /churn horizon, from the newest analysis"),
    "expected_value_12m": N_("each customer's expected spend over the next 12 months (as in /value), added up"),
    "cohort_retention": N_("each first-order month's new customers, and the share of them with a paid order 1, 2, 3… months later"),
    "customers": N_("customers whose paid orders match"),
}
ALL_TIME_RETURNING = N_("customers with two or more paid orders")
RANK_WORDS = {"revenue": N_("product sales"), "units": N_("units sold"), "buyers": N_("how many customers bought them")}
BREAKDOWN_WORDS = {"day": N_("day"), "week": N_("week (from Monday)"), "month": N_("month"), "quarter": N_("quarter"), "year": N_("year"),
                   "segment": N_("segment"), "platform": N_("platform"), "country": N_("country"), "channel": N_("sales channel"),
                   "currency": N_("currency"), "first_product": N_("first product bought"), "product": N_("product"),
                   "discount_code": N_("discount code")}
WHERE_WORDS = {"country": N_("country"), "channel": N_("sales channel"), "currency": N_("currency"), "segment": N_("segment"),
               "platform": N_("platform"), "discount_code": N_("discount code")}

WHY_NOT = {
    "unknown_words": N_("I didn't understand “{words}”."),
    "no_metric": N_("I couldn't tell which figure you want (revenue, orders, customers, …)."),
    "two_metrics": N_("That asks for more than one figure: ask one at a time."),
    "two_breakdowns": N_("I can split a figure one way at a time (by month, or by product, …)."),
    "unknown_value": N_("None of your orders names “{words}” that way, so I can't count it without guessing."),
    "two_values": N_("I can filter on one country, channel or currency at a time."),
    "several_products": N_("I can answer for one product at a time (or “by product” for all)."),
    "not_stored": N_("Your exports don't carry that ({words}), so I can't count by it."),
    "period_for_now": N_("Segments are as of the newest analysis, not for a period."),
    "not_in_catalogue": N_("That combination isn't one I have a definition for."),
    "too_many_choices": N_("That could mean too many things; please name the year or the full product name."),
    "no_items": N_("Your exports have no line items (products), so I can't count products."),
    "no_analysis": N_("There is no analysis yet; it is made after an upload."),
    "no_value_forecast": N_("The newest analysis has no 12-month value forecast (too few repeat buyers to fit it)."),
    "standing_ambiguous": N_("A question for every digest must have one meaning: name the year or the whole product name."),
    "empty": "",
}
NOT_KNOWN = N_("not known")
NO_GROUP = {"discount_code": N_("no code")}  # the group of orders without one, where "not known" would be untrue
CANT_YET = N_("🤔 I can't answer that yet.")
CHOOSE_INTRO = N_("Which one do you mean?")
NO_DATA = N_("I have no orders for this chat yet, so I can't answer questions about them. Send me an order export first.")
ASK_LINE = N_("You can also ask me about your shop in your own words, for example:")
CSV_BUTTON = N_("⬇️ All {count} as CSV")
BY_MODEL = N_("<i>Your question was read by the language model; the figure and its definition are the bot's own.</i>")
STALE_CHOICE = N_("This button is from an older question. Please ask again.")


def greeting_text(words: ShopWords | None) -> str:
    examples = example_questions(words or ShopWords(), chinese=current_language() == CHINESE)
    return welcome_text() + "\n\n" + _(ASK_LINE) + "\n" + "\n".join(f"• {escape(e)}" for e in examples)


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
    why = why_not(reason, leftover)
    examples = example_questions(words or ShopWords(), chinese=chinese or current_language() == CHINESE)
    lines = [_(CANT_YET) + (f" {why}" if why else ""), "", _("Questions I can answer look like:")]
    lines += [f"• {escape(e)}" for e in examples]
    return "\n".join(lines)


def why_not(reason: str | None, leftover: list[str]) -> str:
    text = WHY_NOT.get(reason or "", "")
    if reason == "not_stored":  # field codes ("discount_code") in the owner's words
        leftover = [_(BREAKDOWN_WORDS[word]) if word in BREAKDOWN_WORDS else word for word in leftover]
    return _(text).format(words=escape(", ".join(leftover))) if text else ""


def choice_label(kind: str, label: str, form: dict) -> str:
    """The button for one meaning: "March 2024", "Lavender Oil", "EUR", "At Risk segment"."""
    if kind == "currency":
        return label
    if kind == "risk":
        return _("At Risk segment") if label == "segment" else _("Likely to stop buying (/churn)")
    query = from_dict(form)
    if kind == "period" and query.period is not None:
        text = period_words(query.period, short=True)
        return f"{shop_value(query.products[0], 30)} · {text}" if query.products and " · " in label else text
    if query.products:
        return shop_value(query.products[0], 40)
    return escape(label)


def period_words(period: Period | None, *, short: bool = False) -> str:
    """'March 2024', 'Q4 2023', '2023', or '1 Mar 2024 – 15 Mar 2024' (in the owner's language); with
    the time zone unless short."""
    if period is None:
        return _("all time")
    start, last = period.start, period.last_day
    if start.day == 1 and period.end.day == 1:
        months = (period.end.year - start.year) * 12 + period.end.month - start.month
        if months == 1:
            text = day(start, _("MMMM yyyy"))
        elif months == 3 and start.month % 3 == 1:
            text = _("Q{quarter} {year}").format(quarter=(start.month - 1) // 3 + 1, year=start.year)
        elif months == 12 and start.month == 1:
            text = str(start.year)
        else:
            text = f"{_day(start)} – {_day(last)}"
    else:
        text = _day(start) if start == last else f"{_day(start)} – {_day(last)}"
    return text if short else f"{text} ({period.timezone})"


def _day(value: dt.date) -> str:
    return day(value, _("d MMM yyyy"))


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
        return _("{days} days").format(days=f"{float(value):,.1f}")
    if unit == "items":
        return f"{float(value):,.2f}"
    return f"{float(value):,.0f}"


def answer_text(result: Result, *, as_of: str | None = None) -> str:
    """The answer, then how it was counted."""
    query = result.query
    title = escape(_(TITLES[query.metric]))
    if query.products and query.metric != "customers":
        title = _("{figure} of {product}").format(figure=title, product=shop_value(query.products[0]))
    heading = f"<b>{title}</b>, {escape(period_words(query.period, short=True))}"
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
            lines.append(f"• {shop_value(label or _(NO_GROUP.get(query.by, NOT_KNOWN)))}: {figure_words(value, result.unit)}")
        if len(rows) > ROWS_SHOWN:
            lines.append(_("… and {count} more").format(count=f"{len(rows) - ROWS_SHOWN:,}"))
        return "\n".join(lines) if lines else _("Nothing in that period.")
    return f"<b>{figure_words(result.value, result.unit)}</b>"


def _customers_body(result: Result) -> str:
    table = result.customers
    count = len(table)
    lines = [ngettext("<b>{count}</b> customer", "<b>{count}</b> customers", count).format(count=f"{count:,}")]
    for row in table.head(CUSTOMERS_SHOWN).itertuples():
        name = shop_value(row.name or row.email or row.customer_id)
        lines.append(ngettext("• {name} — {orders} order, {spent}, last {day}", "• {name} — {orders} orders, {spent}, last {day}",
                              int(row.orders)).format(name=name, orders=f"{row.orders:,}", day=row.last_order,
                                                      spent=escape(money(row.spent, row.currency or None))))
    if count > CUSTOMERS_SHOWN:
        lines.append(_("… and {count} more in the CSV").format(count=f"{count - CUSTOMERS_SHOWN:,}"))
    return "\n".join(lines)


def _top_body(result: Result) -> str:
    lines = []
    for rank, (product, row) in enumerate(result.table.iterrows(), start=1):
        lines.append(_("{rank}. {product} — {revenue}, {units} units, {buyers} buyers").format(
            rank=rank, product=shop_value(product), revenue=escape(money(row["revenue"], result.currency or None)),
            units=f"{row['units']:,.0f}", buyers=f"{int(row['buyers']):,}"))
    return "\n".join(lines) or _("No products sold in that period.")


def _cohort_line(cohort, row, shown: int) -> str:
    later = [_("{months} mo {share}").format(months=int(k), share=f"{v:.0%}")
             for k, v in row.items() if k not in ("customers", 0) and v == v][:shown]
    return _("• {month} ({count} new): {later}").format(month=escape(str(cohort)), count=f"{int(row['customers']):,}",
                                                       later=", ".join(later) or _("too recent"))


def _cohort_body(result: Result) -> str:
    table = result.table
    if table.empty:
        return _("No new customers in that period.")
    lines = [_cohort_line(cohort, row, 6) for cohort, row in list(table.iterrows())[-12:]]
    return "\n".join(lines) + "\n\n" + _("/cohorts shows the whole picture.")


def how_counted(result: Result, *, as_of: str | None = None) -> str:
    """One line: the definition, the filters, the period with its time zone, what it rests on."""
    query = result.query
    definition = _(DEFINITIONS[query.metric]).format(rank=_(RANK_WORDS[query.rank or "revenue"]),
                                                     threshold=f"{AT_RISK_FROM:.0%}")
    if query.metric == "returning_customers" and query.period is None and query.by is None:
        definition = _(ALL_TIME_RETURNING)
    parts = [_("How it was counted: {definition}").format(definition=definition)]
    filters = filter_words(query)
    if filters:
        parts.append(filters)
    if query.by:
        parts.append(_("by {breakdown}").format(breakdown=_(BREAKDOWN_WORDS[query.by])))
    if query.metric in ("segment_counts", "at_risk_customers", "expected_value_12m"):
        parts.append(_("analysis as of {day}").format(day=as_of) if as_of else _("newest analysis"))
    else:
        parts.append(_("period: {period}").format(period=period_words(query.period)))
    counted = []
    if result.orders_counted and query.metric not in ("segment_counts", "at_risk_customers", "expected_value_12m"):
        counted.append(ngettext("{count} order", "{count} orders", result.orders_counted).format(
            count=f"{result.orders_counted:,}"))
    if result.customers_counted:
        counted.append(ngettext("{count} customer", "{count} customers", result.customers_counted).format(
            count=f"{result.customers_counted:,}"))
    if len(counted) == 2:
        parts.append(_("rests on {orders} of {customers}").format(orders=counted[0], customers=counted[1]))
    elif counted:
        parts.append(_("rests on {count}").format(count=counted[0]))
    return escape("; ".join(parts) + ".")


def filter_words(query: Query) -> str:
    words = []
    if query.products:
        words.append(_("orders that include {products}").format(products=", ".join(query.products)))
    if query.orders_min is not None and query.orders_min == query.orders_max:
        words.append(ngettext("exactly {count} paid order", "exactly {count} paid orders", query.orders_min).format(
            count=query.orders_min) + (_(" in the period") if query.period else ""))
    else:
        if query.orders_min is not None:
            words.append(ngettext("at least {count} paid order", "at least {count} paid orders",
                                  query.orders_min).format(count=query.orders_min))
        if query.orders_max is not None:
            words.append(ngettext("at most {count} paid order", "at most {count} paid orders",
                                  query.orders_max).format(count=query.orders_max))
    if query.spent_min is not None:
        words.append(_("spent more than {amount} in the period").format(amount=f"{query.spent_min:,.2f}"))
    if query.spent_max is not None:
        words.append(_("spent less than {amount} in the period").format(amount=f"{query.spent_max:,.2f}"))
    if query.inactive_days is not None:
        text = (_("no such order in the last {days} days (today included)") if query.products
                else _("no paid order in the last {days} days (today included)"))
        words.append(text.format(days=query.inactive_days))
    for name, value in query.where:
        words.append(f"{_(WHERE_WORDS[name])} {segment_name(value) if name == 'segment' else value}")
    if query.with_code is not None:
        words.append(_("orders placed with a discount code") if query.with_code else _("orders placed without a discount code"))
    if query.top is not None and query.metric == "top_products":
        words.append(_("the top {count}").format(count=query.top))
    return ", ".join(words)


def chart_title(result: Result) -> str:
    query = result.query
    return _("{figure} by {breakdown}").format(figure=_(TITLES[query.metric]), breakdown=_(BREAKDOWN_WORDS[query.by]))


def cohorts_caption() -> str:
    return _("Customers buying again, by the month of their first order")


def cohorts_text(view: dict) -> str:
    """Under the heatmap: the newest months in words, and repeat rate by first product bought."""
    retention = view["retention"]
    lines = [_("<b>Customers buying again</b>")]
    if retention.empty:
        lines.append(_("No paid orders yet."))
    lines += [_cohort_line(cohort, row, 4) for cohort, row in list(retention.iterrows())[-6:]]
    first = view.get("first_products")
    if first is not None and len(first):
        lines += ["", _("<b>Repeat rate by first product bought</b>")]
        for product, row in first.head(8).iterrows():
            lines.append(_("• {product}: {share} of {count} came back").format(
                product=shop_value(product), share=f"{row['repeat_rate']:.0%}", count=f"{int(row['customers']):,}"))
    lines += ["", "<i>" + escape(_(
        "How it was counted: each month's new customers are those whose first paid order falls in it; a cell is "
        "the share of them with a paid order that many months later. Repeat rate: of the customers whose first "
        "paid order had that product on its first line, the share with a second paid order. Months in "
        "{timezone}; rests on {count} customers.").format(timezone=view["timezone"], count=f"{view['customers']:,}"))
        + "</i>"]
    return "\n".join(lines)


STANDING_SAVED = N_("📌 Saved: every weekly digest will answer this too. /reports lists your standing questions.")
STANDING_FULL = N_("You already have {count} standing questions, the most a digest holds: remove one with /reports first.")
NO_STANDING = N_("You have no standing questions. Ask one with “every Monday tell me …”, for example "
                 "“every Monday tell me revenue by product for last week”.")
STANDING_REMOVED = N_("Removed. It will not be in the next digest.")


def standing_lines(standing: list) -> list[str]:
    """The digest's part for the owner's standing questions, each answered for this week."""
    lines: list[str] = []
    for text, asked in standing:
        lines += ["", f"📌 <b>{escape(text)}</b>"]
        if asked.kind == "answer":
            lines.append(answer_text(asked.result))
        else:
            why = why_not(asked.reason, asked.parsed.leftover if asked.parsed else [])
            lines.append(f"{_(CANT_YET)} {why}".strip())
    return lines


def standing_list_text(rows: list[dict]) -> str:
    if not rows:
        return _(NO_STANDING)
    lines = [_("<b>Your standing questions</b> (answered in every weekly digest)")]
    lines += [f"{i}. {escape(row['text'])}" for i, row in enumerate(rows, start=1)]
    lines += ["", _("Tap one to remove it.")]
    return "\n".join(lines)
