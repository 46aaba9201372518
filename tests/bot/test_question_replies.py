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
