"""The query form, time phrases and the parser's refusals, on hand-made examples."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.questions import InvalidQuery, Period, Query, ShopWords, from_dict, parse_question, to_dict
from analytics.questions.parser import normalise
from analytics.questions.periods import chinese_number, find_period

TODAY = dt.date(2024, 6, 30)  # a Sunday
SHOP = ShopWords(products=("Lavender Soap", "Lavender Oil", "Fig Candle"), countries=frozenset({"DE"}),
                 currencies=frozenset({"EUR"}), months_with_orders={3: {2023, 2024}, 6: {2024}})


def ask(text):
    return parse_question(text, SHOP, today=TODAY, timezone="Europe/Berlin")


@pytest.mark.parametrize("text, start, end", [
    ("last 30 days", "2024-06-01", "2024-07-01"),
    ("最近30天", "2024-06-01", "2024-07-01"),
    ("最近三十天", "2024-06-01", "2024-07-01"),
    ("last month", "2024-05-01", "2024-06-01"),
    ("上个月", "2024-05-01", "2024-06-01"),
    ("last week", "2024-06-17", "2024-06-24"),
    ("this year so far", "2024-01-01", "2024-07-01"),
    ("Q4 2023", "2023-10-01", "2024-01-01"),
    ("2024年3月", "2024-03-01", "2024-04-01"),
    ("jan 98", "1998-01-01", "1998-02-01"),
    ("dec '23", "2023-12-01", "2024-01-01"),
    ("2023年第四季度", "2023-10-01", "2024-01-01"),
    ("since 5 may 2024", "2024-05-05", "2024-07-01"),
    ("from 2024-02-01 to 2024-02-15", "2024-02-01", "2024-02-16"),
])
def test_time_phrases_become_local_calendar_days(text, start, end):
    found = find_period(normalise(text), TODAY, "Europe/Berlin", {})
    assert found.periods == (Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end), "Europe/Berlin"),)


def test_a_month_without_a_year_is_asked_when_two_years_have_it():
    parsed = ask("revenue in march")
    assert parsed.kind == "choose"
    assert [q.period.start for _, _, q in parsed.choices] == [dt.date(2024, 3, 1), dt.date(2023, 3, 1)]
    assert ask("revenue in june").query.period.start == dt.date(2024, 6, 1)


def test_a_word_two_products_share_is_asked():
    parsed = ask("lavender revenue in 2023")
    assert parsed.kind == "choose"
    assert [q.products for _, _, q in parsed.choices] == [("Lavender Oil",), ("Lavender Soap",)]
    assert ask("lavendar soap revenue in 2023").query.products == ("Lavender Soap",)


@pytest.mark.parametrize("text, reason", [
    ("conversion rate last month", "unknown_words"),
    ("revenue not from germany", "unknown_words"),
    ("revenue and orders last month", "two_metrics"),
    ("orders by channel", None),
])
def test_anything_not_understood_gets_no_number(text, reason):
    parsed = ask(text)
    if reason is None:
        assert parsed.kind == "query" and parsed.query.by == "channel"
    else:
        assert parsed.kind == "unmapped" and parsed.reason == reason


def test_customer_filters_read_counts_and_recency():
    query = ask("who bought lavender soap twice but not in the last 90 days").query
    assert (query.metric, query.products, query.orders_min, query.orders_max, query.inactive_days) == (
        "customers", ("Lavender Soap",), 2, 2, 90)
    assert ask("超过3单的客户").query.orders_min == 4
    assert ask("customers who spent over 100 euros").query.spent_min == 100


def test_greetings_are_not_questions():
    assert ask("你好，我该怎么用？").kind == "greeting"
    assert ask("hi whats my revenue last month").kind == "query"


def test_the_form_round_trips_and_refuses_anything_else():
    query = Query("net_revenue", period=Period(dt.date(2024, 3, 1), dt.date(2024, 4, 1), "Europe/Berlin"), by="month")
    assert from_dict(to_dict(query)) == query
    for bad in ({"metric": "profit"}, {"metric": "net_revenue", "sql": "DROP TABLE"},
                {"metric": "repeat_rate", "by": "discount_code"}, {"metric": "net_revenue", "orders_min": 2},
                {"metric": "customers", "orders_min": "2"}, {"metric": "segment_counts", "period": {
                    "start": "2024-01-01", "end": "2024-02-01"}}, ["net_revenue"]):
        with pytest.raises(InvalidQuery):
            from_dict(bad)


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("30", "三十", "十五", "九十", "一百二十", "两")] == [30, 30, 15, 90, 120, 2]


def test_recency_counts_calendar_days_across_a_change_of_summer_time():
    import pandas as pd

    from analytics.catalogue import Shop
    from analytics.questions import answer, shop_words

    stamps = ["2024-03-02 22:33", "2024-03-02 23:30"]  # UTC: 23:33 on 2 March and 00:30 on 3 March in Berlin
    orders = pd.DataFrame({"order_id": ["1", "2"], "customer_id": ["early", "late"], "email": [None, None],
                           "name": [None, None], "country": [None, None], "channel": [None, None],
                           "ordered_at": pd.to_datetime(stamps, utc=True), "total": [10.0, 10.0],
                           "currency": ["EUR", "EUR"], "status": ["paid", "paid"]})
    items = pd.DataFrame(columns=["order_id", "line_no", "sku", "product", "quantity", "unit_price"])
    shop = Shop.build(orders, items, timezone="Europe/Berlin", now=pd.Timestamp("2024-06-30 12:00", tz="Europe/Berlin"))
    parsed = parse_question("who hasnt ordered in the last 120 days", shop_words(shop), today=TODAY,
                            timezone="Europe/Berlin")
    # the 120 days ending 30 June (today included) start on 3 March, Berlin time
    assert list(answer(parsed.query, shop).customers["customer_id"]) == ["early"]


def test_a_country_is_matched_as_the_shop_writes_it_and_never_guessed():
    names = ShopWords(countries=frozenset({"France", "United Kingdom"}))
    assert parse_question("orders from france", names, today=TODAY).query.where == (("country", "France"),)
    assert parse_question("revenue in the uk", names, today=TODAY).query.where == (("country", "United Kingdom"),)
    assert ask("orders from germany").query.where == (("country", "DE"),)  # a shop that writes codes
    other = parse_question("orders from germany", names, today=TODAY)
    assert other.kind == "unmapped" and other.reason == "unknown_value"


def test_an_amount_in_yuan_is_the_shops_money_unless_its_orders_name_currencies():
    no_currency = ShopWords(months_with_orders={6: {2024}})
    query = parse_question("消费超过200元的客户", no_currency, today=TODAY).query
    assert (query.spent_min, query.where) == (200.0, ())
    assert ask("消费超过200欧元的客户").query.where == (("currency", "EUR"),)
    for text in ("customers who spent over 200 dollars", "revenue in dollars"):  # the shop sells in EUR only
        parsed = ask(text)
        assert parsed.kind == "unmapped" and parsed.reason == "unknown_value", text


@pytest.mark.parametrize("text, metric, start", [
    ("total revenue all time", "net_revenue", None),
    ("最近半年的销售额", "net_revenue", dt.date(2023, 12, 31)),  # the 6 months ending today
    ("revenue for the month of march 2024", "net_revenue", dt.date(2024, 3, 1)),
    ("retention by first order month", "cohort_retention", None),
    ("how many customers came back in 2024", "returning_customers", dt.date(2024, 1, 1)),
    ("what did we take last month", "net_revenue", dt.date(2024, 5, 1)),
    ("median days to second purchase", "days_to_second_order", None),
    ("how many sales in march 2024", "paid_orders", dt.date(2024, 3, 1)),
    ("sales in march 2024", "net_revenue", dt.date(2024, 3, 1)),
])
def test_owner_phrasings_found_by_the_public_question_set(text, metric, start):
    parsed = ask(text)
    assert parsed.kind == "query" and parsed.query.metric == metric, (parsed.reason, parsed.leftover)
    assert (parsed.query.period.start if parsed.query.period else None) == start


def test_a_day_after_a_month_is_never_read_as_a_two_digit_year():
    assert find_period(normalise("march 31"), TODAY, "Europe/Berlin", {3: {2024}}) is None  # not March 1931
    assert ask("revenue march 31").kind == "unmapped"


def test_chinese_but_and_placed_an_order_are_read():
    assert ask("买了三次以上但最近90天没买的客户").query.inactive_days == 90
    assert ask("哪些客户在2024年3月下过单").query.metric == "customers"
