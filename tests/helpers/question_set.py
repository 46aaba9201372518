"""The question set: questions as shop owners type them (English and Chinese, typos, no
punctuation, mixed), each with its expected answer computed by `question_truth.Truth` in plain
pandas on the export's rows of `tests.helpers.shop.question_shop_csv` (a generated shop; "today"
is QUESTION_SHOP_TODAY in Europe/Berlin).

An expectation is a function of the Truth giving the number, per-currency amounts, a table
({group: value}), a list of products in order, or a set of customers; or one of CHOOSE (the
question is ambiguous in this shop: a question back is right), DECLINE (the catalogue cannot
answer it: "I can't answer that yet" is right) and GREETING (the welcome and help).
"""

from __future__ import annotations

from tests.helpers.question_truth import month, period, quarter, year

CHOOSE, DECLINE, GREETING = "choose", "decline", "greeting"
LS, LO, FC, BS, WD, LT = "Lavender Soap", "Lavender Oil", "Fig Candle", "Bath Salt", "Wooden Soap Dish", "Linen Towel"


def _top_or_choose(rank: str, n: int, span_of, currency: str | None = None):
    """Top products by revenue need one currency: with two in the period the right answer asks which."""
    def expect(t):
        span = span_of(t)
        if rank == "revenue" and currency is None and t.paid_in(span)["currency"].nunique() > 1:
            return CHOOSE
        return t.top_products(rank, n, span) if currency is None else _top_in(t, rank, n, span, currency)
    return expect


def _top_in(t, rank, n, span, currency):
    lines = t.lines(span, currency=currency)
    table = lines.groupby("Product").agg(revenue=("Total", "sum"), units=("Quantity", "sum"),
                                         buyers=("customer", "nunique"))
    table["revenue"] = table["revenue"].round(2)
    return list(table.sort_values([rank, "revenue"], ascending=False).head(n).index)


def _spend_or_choose(span_of, over, **kwargs):
    def expect(t):
        span = span_of(t)
        if kwargs.get("currency") is None and t.paid_in(span)["currency"].nunique() > 1:
            return CHOOSE
        return t.customers(span, spent_over=over, **kwargs)
    return expect


ALL = lambda t: None  # noqa: E731 - the whole history

QUESTIONS: list[tuple[str, object]] = [
    # net revenue
    ("revenue last month", lambda t: t.revenue(t.last_month())),
    ("how much did i make last month", lambda t: t.revenue(t.last_month())),
    ("whats my revenue this year so far", lambda t: t.revenue(t.this_year())),
    ("revnue in march 2024", lambda t: t.revenue(month(2024, 3))),
    ("sales in Q4 2023", lambda t: t.revenue(quarter(2023, 4))),
    ("total sales 2023", lambda t: t.revenue(year(2023))),
    ("revenue last 30 days", lambda t: t.revenue(t.last_days(30))),
    ("how much money did we make in the past 90 days", lambda t: t.revenue(t.last_days(90))),
    ("turnover in february 2024", lambda t: t.revenue(month(2024, 2))),
    ("income jan 2024", lambda t: t.revenue(month(2024, 1))),
    ("revenue yesterday", lambda t: t.revenue(period("2024-06-29", "2024-06-30"))),
    ("revenue last week", lambda t: t.revenue(t.last_week())),
    ("revenue this week", lambda t: t.revenue(t.this_week())),
    ("revenue this month", lambda t: t.revenue(t.this_month())),
    ("net revenue since 2024-01-15", lambda t: t.revenue(period("2024-01-15", "2024-07-01"))),
    ("revenue from 2024-02-01 to 2024-02-15", lambda t: t.revenue(period("2024-02-01", "2024-02-16"))),
    ("revenue in q2 2024", lambda t: t.revenue(quarter(2024, 2))),
    ("sales last quarter", lambda t: t.revenue(quarter(2024, 1))),
    ("revenue this quarter", lambda t: t.revenue(period("2024-04-01", "2024-07-01"))),
    ("revenue last year", lambda t: t.revenue(year(2023))),
    ("how much did i sell in may 2024", lambda t: t.revenue(month(2024, 5))),
    ("revenue from germany last month", lambda t: t.revenue(t.last_month(), country="DE")),
    ("revenue from uk customers in 2023", lambda t: t.revenue(year(2023), country="GB")),
    ("sales in france this year", lambda t: t.revenue(t.this_year(), country="FR")),
    ("revenue in euros last month", lambda t: t.revenue(t.last_month(), currency="EUR")),
    ("revenue on instagram this year", lambda t: t.revenue(t.this_year(), channel="instagram")),
    ("pos sales in 2024", lambda t: t.revenue(year(2024), channel="pos")),
    ("revenue by month this year", lambda t: t.by("revenue", "month", t.this_year())),
    ("monthly revenue 2023", lambda t: t.by("revenue", "month", year(2023))),
    ("revenue by quarter", lambda t: t.by("revenue", "quarter")),
    ("revenue per week last 30 days", lambda t: t.by("revenue", "week", t.last_days(30))),
    ("revenue by country in 2023", lambda t: t.by("revenue", "country", year(2023))),
    ("revenue by channel", lambda t: t.by("revenue", "channel")),
    ("revenue by currency this year", lambda t: t.by("revenue", "currency", t.this_year())),
    ("daily revenue last week", lambda t: t.by("revenue", "day", t.last_week())),
    ("yearly revenue", lambda t: t.by("revenue", "year")),
    ("revenue by product in 2023", lambda t: t.product_table("revenue", year(2023))),
    ("lavender soap revenue last year", lambda t: t.product_revenue(LS, year(2023))),
    ("how much did fig candle make in 2024", lambda t: t.product_revenue(FC, year(2024))),
    ("sales of linen towel this year", lambda t: t.product_revenue(LT, t.this_year())),
    ("revenue of bath salt in march 2024", lambda t: t.product_revenue(BS, month(2024, 3))),
    ("revenu from the netherlands", lambda t: t.revenue(country="NL")),
    ("sales total", lambda t: t.revenue()),
    ("how much revenue have i made", lambda t: t.revenue()),
    ("REVENUE LAST MONTH???", lambda t: t.revenue(t.last_month())),
    ("revenue for the last 3 months", lambda t: t.revenue(period("2024-03-31", "2024-07-01"))),
    ("sales in the past 2 weeks", lambda t: t.revenue(t.last_days(14))),
    ("revenue between 2024-03-01 and 2024-03-31", lambda t: t.revenue(period("2024-03-01", "2024-04-01"))),
    ("revenue in 2023 by month", lambda t: t.by("revenue", "month", year(2023))),
    ("wooden soap dish sales by month this year", lambda t: _product_by_month(t, WD, t.this_year())),
    ("上个月的销售额", lambda t: t.revenue(t.last_month())),
    ("今年的营业额", lambda t: t.revenue(t.this_year())),
    ("2024年3月收入多少", lambda t: t.revenue(month(2024, 3))),
    ("最近30天销售额", lambda t: t.revenue(t.last_days(30))),
    ("去年的营收", lambda t: t.revenue(year(2023))),
    ("上周卖了多少钱", lambda t: t.revenue(t.last_week())),
    ("本月营业额是多少", lambda t: t.revenue(t.this_month())),
    ("2023年第四季度的销售额", lambda t: t.revenue(quarter(2023, 4))),
    ("今年每个月的销售额", lambda t: t.by("revenue", "month", t.this_year())),
    ("按国家统计去年的销售额", lambda t: t.by("revenue", "country", year(2023))),
    ("德国客户今年的销售额", lambda t: t.revenue(t.this_year(), country="DE")),
    ("最近90天收入", lambda t: t.revenue(t.last_days(90))),
    ("昨天的营业额", lambda t: t.revenue(period("2024-06-29", "2024-06-30"))),
    ("本周销售额", lambda t: t.revenue(t.this_week())),
    ("上个月Lavender Soap的销售额", lambda t: t.product_revenue(LS, t.last_month())),
    ("按产品统计今年的销售额", lambda t: t.product_table("revenue", t.this_year())),
    ("去年每个季度的收入", lambda t: t.by("revenue", "quarter", year(2023))),
    ("2024年1月的营业额", lambda t: t.revenue(month(2024, 1))),
    ("今年以来的营业额", lambda t: t.revenue(t.this_year())),
    ("最近三十天的销售额", lambda t: t.revenue(t.last_days(30))),
    ("英国的销售额", lambda t: t.revenue(country="GB")),
    ("instagram渠道今年的收入", lambda t: t.revenue(t.this_year(), channel="instagram")),
    ("按渠道统计销售额", lambda t: t.by("revenue", "channel")),
    ("2023年营业额", lambda t: t.revenue(year(2023))),
    # paid orders
    ("how many orders last month", lambda t: t.orders_count(t.last_month())),
    ("number of orders in 2023", lambda t: t.orders_count(year(2023))),
    ("orders this year", lambda t: t.orders_count(t.this_year())),
    ("how many ordrs in the last 7 days", lambda t: t.orders_count(t.last_days(7))),
    ("orders in q1 2024", lambda t: t.orders_count(quarter(2024, 1))),
    ("how many orders yesterday", lambda t: t.orders_count(period("2024-06-29", "2024-06-30"))),
    ("orders last week", lambda t: t.orders_count(t.last_week())),
    ("orders by month in 2023", lambda t: t.by("orders", "month", year(2023))),
    ("orders by country", lambda t: t.by("orders", "country")),
    ("orders per channel this year", lambda t: t.by("orders", "channel", t.this_year())),
    ("how many orders from austria", lambda t: t.orders_count(country="AT")),
    ("orders with lavender soap last month", lambda t: t.product_orders(LS, t.last_month())),
    ("how many orders included wooden soap dish in 2023", lambda t: t.product_orders(WD, year(2023))),
    ("weekly orders this month", lambda t: t.by("orders", "week", t.this_month())),
    ("orders in april 2024", lambda t: t.orders_count(month(2024, 4))),
    ("total orders", lambda t: t.orders_count()),
    ("how many purchases in december 2023", lambda t: t.orders_count(month(2023, 12))),
    ("order count q3 2023", lambda t: t.orders_count(quarter(2023, 3))),
    ("orders from the us this year", lambda t: t.orders_count(t.this_year(), country="US")),
    ("daily orders this week", lambda t: t.by("orders", "day", t.this_week())),
    ("上个月有多少订单", lambda t: t.orders_count(t.last_month())),
    ("今年一共多少单", lambda t: t.orders_count(t.this_year())),
    ("2023年的订单数量", lambda t: t.orders_count(year(2023))),
    ("最近7天的订单", lambda t: t.orders_count(t.last_days(7))),
    ("按月统计今年的订单数", lambda t: t.by("orders", "month", t.this_year())),
    ("最近30天每周订单数", lambda t: t.by("orders", "week", t.last_days(30))),
    ("荷兰的订单有多少", lambda t: t.orders_count(country="NL")),
    ("昨天几单", lambda t: t.orders_count(period("2024-06-29", "2024-06-30"))),
    ("2024年2月订单量", lambda t: t.orders_count(month(2024, 2))),
    ("去年每个月的订单", lambda t: t.by("orders", "month", year(2023))),
    ("法国今年的订单", lambda t: t.orders_count(t.this_year(), country="FR")),
    ("上季度订单数", lambda t: t.orders_count(quarter(2024, 1))),
    # paying customers
    ("how many customers bought last month", lambda t: t.customers_count(t.last_month())),
    ("number of customers in 2023", lambda t: t.customers_count(year(2023))),
    ("how many buyers this year", lambda t: t.customers_count(t.this_year())),
    ("how many people ordered in march 2024", lambda t: t.customers_count(month(2024, 3))),
    ("customers by country", lambda t: t.by("customers", "country")),
    ("customers per month this year", lambda t: t.by("customers", "month", t.this_year())),
    ("how many customers bought lavender oil in 2024", lambda t: t.product_buyers(LO, year(2024))),
    ("how many custmers from the netherlands", lambda t: t.customers_count(country="NL")),
    ("how many customers do i have", lambda t: t.customers_count()),
    ("customers last 90 days", lambda t: t.customers_count(t.last_days(90))),
    ("buyers of bath salt", lambda t: t.product_buyers(BS)),
    ("上个月有多少客户购买", lambda t: t.customers_count(t.last_month())),
    ("今年有多少买家", lambda t: t.customers_count(t.this_year())),
    ("2023年有多少顾客", lambda t: t.customers_count(year(2023))),
    ("按国家统计客户数", lambda t: t.by("customers", "country")),
    ("最近60天有多少客户下单", lambda t: t.customers_count(t.last_days(60))),
    ("买过Fig Candle的客户有多少", lambda t: t.product_buyers(FC)),
    # new and returning customers
    ("new customers last month", lambda t: t.new_customers(t.last_month())),
    ("how many new customers this year", lambda t: t.new_customers(t.this_year())),
    ("new customers in 2023", lambda t: t.new_customers(year(2023))),
    ("new custoemrs in march 2024", lambda t: t.new_customers(month(2024, 3))),
    ("new customers by month in 2024", lambda t: t.new_by("month", year(2024))),
    ("first time buyers last 30 days", lambda t: t.new_customers(t.last_days(30))),
    ("new customers q1 2024", lambda t: t.new_customers(quarter(2024, 1))),
    ("how many new buyers last week", lambda t: t.new_customers(t.last_week())),
    ("new customers per quarter", lambda t: t.new_by("quarter")),
    ("最近30天有多少新客户", lambda t: t.new_customers(t.last_days(30))),
    ("今年的新客户", lambda t: t.new_customers(t.this_year())),
    ("上个月新客数", lambda t: t.new_customers(t.last_month())),
    ("2024年2月的新买家", lambda t: t.new_customers(month(2024, 2))),
    ("去年每个月的新客户", lambda t: t.new_by("month", year(2023))),
    ("returning customers last month", lambda t: t.returning_customers(t.last_month())),
    ("how many repeat customers", lambda t: t.returning_customers()),
    ("returning customers this year", lambda t: t.returning_customers(t.this_year())),
    ("repeat buyers in 2023", lambda t: t.returning_customers(year(2023))),
    ("retuning customers in may 2024", lambda t: t.returning_customers(month(2024, 5))),
    ("上个月的老客户有多少", lambda t: t.returning_customers(t.last_month())),
    ("回头客有多少", lambda t: t.returning_customers()),
    ("今年的老客户", lambda t: t.returning_customers(t.this_year())),
    # repeat rate
    ("repeat purchase rate", lambda t: t.repeat_rate()),
    ("repeat rate 2023", lambda t: t.repeat_rate(year(2023))),
    ("whats the repurchase rate this year", lambda t: t.repeat_rate(t.this_year())),
    ("repeat rate by first product", lambda t: t.repeat_by("first_product")),
    ("repeat rate by country", lambda t: t.repeat_by("country")),
    ("repeat customer rate", lambda t: t.repeat_rate()),
    ("复购率", lambda t: t.repeat_rate()),
    ("去年的复购率", lambda t: t.repeat_rate(year(2023))),
    ("按首购产品的复购率", lambda t: t.repeat_by("first_product")),
    ("按国家的复购率", lambda t: t.repeat_by("country")),
    # average order value, items per order
    ("aov last month", lambda t: t.aov(t.last_month())),
    ("average order value this year", lambda t: t.aov(t.this_year())),
    ("average order value in 2023", lambda t: t.aov(year(2023))),
    ("avg order value by month 2024", lambda t: t.by("aov", "month", year(2024))),
    ("aov by country", lambda t: t.by("aov", "country")),
    ("average order value for germany", lambda t: t.aov(country="DE")),
    ("avrage order value q4 2023", lambda t: t.aov(quarter(2023, 4))),
    ("aov", lambda t: t.aov()),
    ("客单价", lambda t: t.aov()),
    ("今年的客单价", lambda t: t.aov(t.this_year())),
    ("上个月平均订单金额", lambda t: t.aov(t.last_month())),
    ("按月的客单价 2023年", lambda t: t.by("aov", "month", year(2023))),
    ("items per order", lambda t: t.items_per_order()),
    ("average items per order last year", lambda t: t.items_per_order(year(2023))),
    ("units per order this year", lambda t: t.items_per_order(t.this_year())),
    ("每单几件", lambda t: t.items_per_order()),
    ("今年平均每单件数", lambda t: t.items_per_order(t.this_year())),
    # refunds
    ("how many refunds last year", lambda t: t.refund_count(year(2023))),
    ("refunds this year", lambda t: t.refund_count(t.this_year())),
    ("refunded orders in 2024", lambda t: t.refund_count(year(2024))),
    ("refund amount in 2023", lambda t: t.refund_amount(year(2023))),
    ("how much was refunded this year", lambda t: t.refund_amount(t.this_year())),
    ("refunds by month 2024", lambda t: _refunds_by_month(t, year(2024))),
    ("refnds last month", lambda t: t.refund_count(t.last_month())),
    ("上个月退款多少单", lambda t: t.refund_count(t.last_month())),
    ("今年的退款金额", lambda t: t.refund_amount(t.this_year())),
    ("去年退款", lambda t: t.refund_count(year(2023))),
    ("退款总额", lambda t: t.refund_amount()),
    # time between orders
    ("time between first and second order", lambda t: t.days_to_next(1)),
    ("how long until the second order", lambda t: t.days_to_next(1)),
    ("days from 2nd to 3rd order", lambda t: t.days_to_next(2)),
    ("time to second order 2023", lambda t: t.days_to_next(1, year(2023))),
    ("time between orders", lambda t: t.days_to_next(1)),
    ("首单到第二单要多久", lambda t: t.days_to_next(1)),
    ("复购间隔", lambda t: t.days_to_next(1)),
    ("第二单到第三单间隔", lambda t: t.days_to_next(2)),
    ("去年新客户的复购间隔", lambda t: DECLINE),
    # top products and units
    ("top products", _top_or_choose("revenue", 5, ALL)),
    ("top 3 products by units in 2023", lambda t: t.top_products("units", 3, year(2023))),
    ("best sellers last month", _top_or_choose("revenue", 5, lambda t: t.last_month())),
    ("best selling products this year by units", lambda t: t.top_products("units", 5, t.this_year())),
    ("most popular products", lambda t: t.top_products("buyers", 5)),
    ("which product sold the most in 2024", lambda t: t.top_products("units", 1, year(2024))),
    ("top 10 products by buyers", lambda t: t.top_products("buyers", 10)),
    ("卖得最好的产品", _top_or_choose("revenue", 5, ALL)),
    ("今年销量最好的前3个产品", lambda t: t.top_products("units", 3, t.this_year())),
    ("去年最受欢迎的产品", lambda t: t.top_products("buyers", 5, year(2023))),
    ("top products in euros this year", _top_or_choose("revenue", 5, lambda t: t.this_year(), "EUR")),
    ("top 2 prodcts by unts last year", lambda t: t.top_products("units", 2, year(2023))),
    ("how many lavender soap did i sell last month", lambda t: t.units(LS, t.last_month())),
    ("units sold in 2023", lambda t: t.units(None, year(2023))),
    ("how many fig candles sold this year", lambda t: t.units(FC, t.this_year())),
    ("units by product last month", lambda t: t.product_table("units", t.last_month())),
    ("上个月卖了多少件", lambda t: t.units(None, t.last_month())),
    ("今年Bath Salt卖了几件", lambda t: t.units(BS, t.this_year())),
    ("lavender oil units 2024", lambda t: t.units(LO, year(2024))),
    ("今年按产品的销量", lambda t: t.product_table("units", t.this_year())),
    ("how many linen towels did we sell in 2023", lambda t: t.units(LT, year(2023))),
    ("units sold by month this year", lambda t: _units_by_month(t, t.this_year())),
    # the newest analysis
    ("how many champions", lambda t: t.segment_count("Champions")),
    ("how many customers are loyal", lambda t: t.segment_count("Loyal")),
    ("segments", lambda t: t.segments()),
    ("customers by segment", lambda t: t.customers_by_segment()),
    ("how many hibernating customers", lambda t: t.segment_count("Hibernating")),
    ("客户分群", lambda t: t.segments()),
    ("how many in the at risk segment", lambda t: t.segment_count("At Risk")),
    ("how many customers are likely to stop buying", lambda t: t.at_risk(0.5)),
    ("流失风险客户有多少", lambda t: t.at_risk(0.5)),
    ("sum of 12 month value", lambda t: t.expected_value() or DECLINE),
    ("未来12个月的客户价值", lambda t: t.expected_value() or DECLINE),
    ("lost customers", lambda t: t.segment_count("Lost")),
    ("how many cant lose them customers", lambda t: t.segment_count("Can't Lose Them")),
    ("clv", lambda t: t.expected_value() or DECLINE),
    # cohorts
    ("cohort retention", lambda t: t.retention()),
    ("留存", lambda t: t.retention()),
    ("retention for 2023 cohorts", lambda t: t.retention(year(2023))),
    # customer lists
    ("who bought lavender soap twice but not in the last 90 days", lambda t: t.customers(product=LS, min_orders=2, max_orders=2, inactive_days=90)),
    ("how many people bought twice in march 2024", lambda t: t.customers(month(2024, 3), min_orders=2, max_orders=2)),
    ("customers with more than 3 orders", lambda t: t.customers(min_orders=4)),
    ("who ordered at least 5 times", lambda t: t.customers(min_orders=5)),
    ("customers who spent over 100 euros", lambda t: t.customers(spent_over=100, currency="EUR")),
    ("who spent more than 200 in 2023", _spend_or_choose(lambda t: year(2023), 200)),
    ("customers who havent ordered in 90 days", lambda t: t.customers(inactive_days=90)),
    ("who bought fig candle this year", lambda t: t.customers(t.this_year(), FC)),
    ("one-time buyers", lambda t: t.customers(min_orders=1, max_orders=1)),
    ("list customers who bought only once", lambda t: t.customers(min_orders=1, max_orders=1)),
    ("customers who bought 3 times last year", lambda t: t.customers(year(2023), min_orders=3, max_orders=3)),
    ("customers from germany who bought twice", lambda t: t.customers(min_orders=2, max_orders=2, country="DE")),
    ("who hasnt bought in the last 6 months", lambda t: t.customers(inactive_months=6)),
    ("who bought wooden soap dish more than once", lambda t: t.customers(product=WD, min_orders=2)),
    ("customers who bought 2 or more times in 2024", lambda t: t.customers(year(2024), min_orders=2)),
    ("who bougth lavendar soap last month", lambda t: t.customers(t.last_month(), LS)),
    ("which customers ordered more than 5 times", lambda t: t.customers(min_orders=6)),
    ("最近90天没买过的客户", lambda t: t.customers(inactive_days=90)),
    ("买了两次以上的客户", lambda t: t.customers(min_orders=2)),
    ("超过3单的客户有多少", lambda t: t.customers(min_orders=4)),
    ("消费超过100欧元的客户", lambda t: t.customers(spent_over=100, currency="EUR")),
    ("今年买过Lavender Soap的客户有哪些", lambda t: t.customers(t.this_year(), LS)),
    ("上个月只买过一次的客户", lambda t: t.customers(t.last_month(), min_orders=1, max_orders=1)),
    ("2024年3月买了两次的客户", lambda t: t.customers(month(2024, 3), min_orders=2, max_orders=2)),
    ("哪些客户买过Bath Salt", lambda t: t.customers(product=BS)),
    # greetings and help
    ("hi", lambda t: GREETING),
    ("你好，我该怎么用？", lambda t: GREETING),
    ("help", lambda t: GREETING),
    ("how do i use this", lambda t: GREETING),
    ("what can you do", lambda t: GREETING),
    ("谢谢", lambda t: GREETING),
    # ambiguous in this shop: a question back
    ("revenue in march", lambda t: CHOOSE),
    ("orders in q1", lambda t: CHOOSE),
    ("lavender sales last month", lambda t: CHOOSE),
    ("how many lavender sold in 2023", lambda t: CHOOSE),
    ("at risk customers", lambda t: CHOOSE),
    ("三月的销售额", lambda t: CHOOSE),
    ("soap revenue this year", lambda t: CHOOSE),
    ("orders in february", lambda t: CHOOSE),
    ("who spent over 50", lambda t: CHOOSE),
    ("new customers in june", lambda t: CHOOSE),
    # not in the catalogue: "I can't answer that yet"
    ("conversion rate last month", lambda t: DECLINE),
    ("revenue by discount code", lambda t: DECLINE),
    ("how many visitors did my site get", lambda t: DECLINE),
    ("whats the weather", lambda t: DECLINE),
    ("profit margin this year", lambda t: DECLINE),
    ("revenue and orders last month", lambda t: DECLINE),
    ("revenue not from etsy", lambda t: DECLINE),
    ("今年比去年多卖了多少", lambda t: DECLINE),
    ("ad spend last month", lambda t: DECLINE),
    ("how many customers opened my emails", lambda t: DECLINE),
    ("average revenue per customer", lambda t: DECLINE),
    ("退货率", lambda t: DECLINE),
    ("revenue next month", lambda t: DECLINE),
    ("shipping costs in 2023", lambda t: DECLINE),
    ("who are my best customers", lambda t: DECLINE),
]


def _product_by_month(t, product, span):
    lines = t.lines(span, product)
    labels = t.labels(lines["local"], "month")
    return {label: {c: round(float(v), 2) for c, v in g.groupby("Currency")["Total"].sum().items()}
            for label, g in lines.groupby(labels)}


def _units_by_month(t, span):
    lines = t.lines(span)
    return {label: float(v) for label, v in lines.groupby(t.labels(lines["local"], "month"))["Quantity"].sum().items()}


def _refunds_by_month(t, span):
    refunds = t.refunds(span)
    return {label: float(len(g)) for label, g in refunds.groupby(t.labels(refunds["local"], "month"))}


# Written after the parser was done and graded once before any change to it (the figures in the
# closing note of issue 16 are that first run); kept apart so the set it was built against does
# not hide how it does on questions it has not seen.
HELD_OUT: list[tuple[str, object]] = [
    ("what was my revenue in april 2024", lambda t: t.revenue(month(2024, 4))),
    ("sales last 60 days", lambda t: t.revenue(t.last_days(60))),
    ("total revenue from austria in 2023", lambda t: t.revenue(year(2023), country="AT")),
    ("how many orders did i get in may 2024", lambda t: t.orders_count(month(2024, 5))),
    ("orders per month last year", lambda t: t.by("orders", "month", year(2023))),
    ("revenue per country", lambda t: t.by("revenue", "country")),
    ("how many new customers in april 2024", lambda t: t.new_customers(month(2024, 4))),
    ("new buyers this month", lambda t: t.new_customers(t.this_month())),
    ("average order value last 90 days", lambda t: t.aov(t.last_days(90))),
    ("aov in france", lambda t: t.aov(country="FR")),
    ("refunds in q1 2024", lambda t: t.refund_count(quarter(2024, 1))),
    ("refunded amount last year", lambda t: t.refund_amount(year(2023))),
    ("top 5 products last year by units", lambda t: t.top_products("units", 5, year(2023))),
    ("fig candle units sold in 2023", lambda t: t.units(FC, year(2023))),
    ("how much linen towel revenue in 2024", lambda t: t.product_revenue(LT, year(2024))),
    ("who bought bath salt twice", lambda t: t.customers(product=BS, min_orders=2, max_orders=2)),
    ("customers that ordered more than 4 times", lambda t: t.customers(min_orders=5)),
    ("who hasnt ordered in the last 120 days", lambda t: t.customers(inactive_days=120)),
    ("repeat rate in 2024", lambda t: t.repeat_rate(year(2024))),
    ("how many champions do i have", lambda t: t.segment_count("Champions")),
    ("revenue by month for q1 2024", lambda t: t.by("revenue", "month", quarter(2024, 1))),
    ("weekly revenue last month", lambda t: t.by("revenue", "week", t.last_month())),
    ("how many orders on pos in 2023", lambda t: t.orders_count(year(2023), channel="pos")),
    ("customers in germany", lambda t: t.customers_count(country="DE")),
    ("revenue in gbp this year", lambda t: t.revenue(t.this_year(), currency="GBP")),
    ("上个月的客单价", lambda t: t.aov(t.last_month())),
    ("今年有多少新客户", lambda t: t.new_customers(t.this_year())),
    ("2024年4月的销售额", lambda t: t.revenue(month(2024, 4))),
    ("去年卖了多少件", lambda t: t.units(None, year(2023))),
    ("最近60天的订单数", lambda t: t.orders_count(t.last_days(60))),
    ("按月统计去年的营业额", lambda t: t.by("revenue", "month", year(2023))),
    ("奥地利的客户数", lambda t: t.customers_count(country="AT")),
    ("今年的退款订单", lambda t: t.refund_count(t.this_year())),
    ("买过三次的客户", lambda t: t.customers(min_orders=3, max_orders=3)),
    ("最近120天没下单的客户", lambda t: t.customers(inactive_days=120)),
    ("revenue by platform", lambda t: DECLINE),
    ("what is my customer lifetime", lambda t: DECLINE),
    ("revenue per visitor", lambda t: DECLINE),
    ("best day of the week for sales", lambda t: DECLINE),
    # December has orders in 2023 only: the rule answers it (the first run expected a question back:
    # an error in this list, not in the parser)
    ("revenue in december", lambda t: t.revenue(month(2023, 12))),
]
