"""Grading the question set: each question's reply against its independently computed answer.

Shared by the test that enforces the rates and by `python -m bench.questions`, which prints them.
A reply is exact when it is what the expectation says (the right number, a question back for an
ambiguous question, a decline for one the catalogue cannot answer, the welcome for a greeting);
clarified or declined when it asks back or declines a question that had an answer; wrong when it
gives a number that differs, or any number where a question back or a decline was right.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from analytics.catalogue import Shop
from analytics.questions import CannotAnswer, NeedsChoice, answer, parse_question, shop_words
from tests.helpers.question_set import CHOOSE, DECLINE, GREETING, QUESTIONS
from tests.helpers.question_truth import Truth

TOLERANCE = {"money": 0.011, "share": 0.00011, "days": 0.051, "items": 0.011, "count": 1e-9, "table": 0.011}


@dataclass
class Graded:
    question: str
    grade: str  # exact | clarified | declined | wrong
    got: object
    expected: object


def observed(result) -> object:
    """The result as plain data comparable with the Truth's figures."""
    if result.customers is not None:
        return set(result.customers["customer_id"])
    if result.query.metric == "top_products":
        return list(result.table.index)
    if result.query.metric == "cohort_retention":
        table = result.table.drop(columns="customers")
        return {cohort: {int(k): float(v) for k, v in row.items() if v > 0} for cohort, row in table.iterrows()}  # NaN > 0 is False
    if result.table is not None:
        if result.unit == "money":
            return {label: {c: float(v) for c, v in row.items() if v != 0} for label, row in result.table.iterrows()}
        return {label: float(v) for label, v in result.table["value"].items() if not pd.isna(v)}
    return result.value


def same(got, expected, tolerance: float) -> bool:
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(got) == set(expected) and all(
            same(got[k], expected[k], tolerance) for k in expected)
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        return isinstance(got, float | int) and math.isclose(float(got), float(expected), abs_tol=tolerance)
    return got == expected


def grade_all(csv: bytes, orders: pd.DataFrame, items: pd.DataFrame, scores: pd.DataFrame, *, timezone: str,
              today: str, questions=QUESTIONS) -> list[Graded]:
    now = pd.Timestamp(today + " 12:00").tz_localize(timezone)
    shop = Shop.build(orders, items, scores, timezone=timezone, now=now)
    words = shop_words(shop)
    truth = Truth(csv, timezone=timezone, today=today, scores=scores)
    day = dt.date.fromisoformat(today)
    return [grade_one(text, expect(truth), shop, words, day, timezone) for text, expect in questions]


def grade_one(text, expected, shop, words, today, timezone) -> Graded:
    parsed = parse_question(text, words, today=today, timezone=timezone)
    if parsed.kind == "greeting":
        return Graded(text, "exact" if expected == GREETING else "declined", "greeting", expected)
    if parsed.kind == "choose":
        return Graded(text, "exact" if expected == CHOOSE else "clarified", "choose", expected)
    if parsed.kind == "unmapped":
        return Graded(text, "exact" if expected == DECLINE else "declined", parsed.reason, expected)
    try:
        result = answer(parsed.query, shop)
    except NeedsChoice:
        return Graded(text, "exact" if expected == CHOOSE else "clarified", "choose", expected)
    except CannotAnswer as error:
        return Graded(text, "exact" if expected == DECLINE else "declined", error.reason, expected)
    got = observed(result)
    if expected in (CHOOSE, DECLINE, GREETING):
        return Graded(text, "wrong", got, expected)
    tolerance = TOLERANCE.get(result.unit, 0.011)
    return Graded(text, "exact" if same(got, expected, tolerance) else "wrong", got, expected)


def rates(graded: list[Graded]) -> dict[str, float]:
    counts = Counter("clarified or declined" if g.grade in ("clarified", "declined") else g.grade for g in graded)
    return {name: counts.get(name, 0) / len(graded) for name in ("exact", "clarified or declined", "wrong")}
