"""Answers to questions in words, as the owner reads them: the number first, then how it was
counted, in English or in Chinese with no English left."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.catalogue import Shop
from analytics.ingest import read_export
from analytics.questions import answer, parse_question, shop_words
from bot.i18n import CHINESE, use_language
from bot.telegram_bot.replies.questions import answer_text, unmapped_text
from tests.helpers.english_left import english_left
from tests.helpers.shop import QUESTION_SHOP_TIMEZONE, QUESTION_SHOP_TODAY, question_shop_csv


@pytest.fixture(scope="module")
def shop():
    export = read_export(question_shop_csv(), "orders.csv")
    now = pd.Timestamp(QUESTION_SHOP_TODAY + " 12:00").tz_localize(QUESTION_SHOP_TIMEZONE)
    return Shop.build(export.orders, export.items, timezone=QUESTION_SHOP_TIMEZONE, now=now)


def _answer(shop, text):
    parsed = parse_question(text, shop_words(shop), today=dt.date.fromisoformat(QUESTION_SHOP_TODAY),
                            timezone=QUESTION_SHOP_TIMEZONE)
    return answer(parsed.query, shop)


def test_answer_shows_the_number_then_how_it_was_counted(shop):
    text = answer_text(_answer(shop, "orders in march 2024"))
    heading, number, _, how = text.split("\n")
    assert heading == "<b>Paid orders</b>, March 2024"
    assert number.startswith("<b>") and number.removeprefix("<b>").removesuffix("</b>").isdigit()
    assert "orders with status paid" in how and "March 2024 (Europe/Berlin)" in how and "rests on" in how


@pytest.mark.parametrize("question", ["上个月的销售额", "2024年3月的订单数", "最近90天没买过的客户", "今年每个月的新客户"])
def test_chinese_owner_reads_no_english(shop, question):
    result = _answer(shop, question)
    data = tuple(str(v) for v in result.customers["name"]) if result.customers is not None else ()
    with use_language(CHINESE):
        text = answer_text(result)
    assert "统计方法" in text
    assert english_left(text, data) == []


def test_chinese_decline_offers_chinese_examples():
    with use_language(CHINESE):
        text = unmapped_text("unknown_words", ["转化率"], None, chinese=True)
    assert "暂时还答不了" in text and english_left(text) == []


def _with_segment_names(words):
    from dataclasses import replace

    from bot.segment_words import names_in_every_language
    return replace(words, segment_names=tuple((n, s) for s, n in names_in_every_language() if n != s))


@pytest.mark.parametrize("text, segment", [
    ("重要价值客户有多少", "Champions"), ("重要挽留有多少人", "At Risk"), ("沉睡客户有多少", "Hibernating"),
    ("即将沉睡客户", "About To Sleep"), ("流失客户有几个", "Lost"), ("新客户分群有多少人", "New Customers"),
    ("忠诚客户", "Loyal"), ("重要保持客户的名单", "Can't Lose Them"),
])
def test_chinese_segment_names_as_the_bot_shows_them_are_read(shop, text, segment):
    words = _with_segment_names(shop_words(shop))
    parsed = parse_question(text, words, today=dt.date.fromisoformat(QUESTION_SHOP_TODAY), timezone=QUESTION_SHOP_TIMEZONE)
    assert parsed.kind == "query" and parsed.query.where == (("segment", segment),), (parsed.reason, parsed.leftover)


def test_new_customers_in_chinese_stay_the_figure_unless_called_a_segment(shop):
    words = _with_segment_names(shop_words(shop))
    today = dt.date.fromisoformat(QUESTION_SHOP_TODAY)
    parsed = parse_question("上个月的新客户", words, today=today, timezone=QUESTION_SHOP_TIMEZONE)
    assert parsed.query.metric == "new_customers" and parsed.query.where == ()
    assert parse_question("流失风险客户有多少", words, today=today).query.metric == "at_risk_customers"


def test_a_chinese_segment_count_is_the_segments_size(shop):
    from analytics.analysis import analyse_orders

    export = read_export(question_shop_csv(), "orders.csv")
    scores = analyse_orders(export.orders, items=export.items).scores
    scored = Shop.build(export.orders, export.items, scores, timezone=QUESTION_SHOP_TIMEZONE, now=shop.today)
    words = _with_segment_names(shop_words(scored))
    parsed = parse_question("重要价值客户有多少", words, today=dt.date.fromisoformat(QUESTION_SHOP_TODAY))
    assert answer(parsed.query, scored).value == float((scores["segment"] == "Champions").sum()) > 0
