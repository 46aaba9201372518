"""The question set: at least 200 questions as owners type them, graded against answers computed
independently (plain pandas on the export's rows, tests/helpers/question_truth.py).

Built against a generated shop (tests/helpers/shop.py: question_shop_csv), read by the real
reader and analysed by the real analysis, as the bot would."""

from __future__ import annotations

import re

import pytest

from analytics.analysis import analyse_orders
from analytics.ingest import read_export
from tests.helpers.question_grading import grade_all, rates
from tests.helpers.question_set import HELD_OUT, QUESTIONS
from tests.helpers.shop import QUESTION_SHOP_TIMEZONE, QUESTION_SHOP_TODAY, question_shop_csv


@pytest.fixture(scope="module")
def shop():
    data = question_shop_csv()
    export = read_export(data, "orders.csv")
    return data, export, analyse_orders(export.orders, items=export.items).scores


@pytest.fixture(scope="module")
def graded(shop):
    data, export, scores = shop
    return grade_all(data, export.orders, export.items, scores, timezone=QUESTION_SHOP_TIMEZONE,
                     today=QUESTION_SHOP_TODAY)


def test_the_set_holds_200_questions_in_english_and_chinese():
    chinese = [q for q, _ in QUESTIONS if re.search(r"[\u3400-\u9fff]", q)]
    english = [q for q, _ in QUESTIONS if not re.search(r"[\u3400-\u9fff]", q)]
    assert len(QUESTIONS) >= 200 and len(chinese) >= 60 and len(english) >= 140
    assert len({q for q, _ in QUESTIONS}) == len(QUESTIONS), "each question once"


def test_no_question_gets_a_wrong_number(graded):
    wrong = [(g.question, g.got, g.expected) for g in graded if g.grade == "wrong"]
    assert wrong == []


def test_at_least_nine_in_ten_are_answered_exactly(graded):
    assert rates(graded)["exact"] >= 0.9, [g.question for g in graded if g.grade != "exact"]


def test_questions_written_after_the_parser_get_no_wrong_number_either(shop):
    data, export, scores = shop
    graded = grade_all(data, export.orders, export.items, scores, timezone=QUESTION_SHOP_TIMEZONE,
                       today=QUESTION_SHOP_TODAY, questions=HELD_OUT)
    assert [g.question for g in graded if g.grade == "wrong"] == []
    assert rates(graded)["exact"] >= 0.9
