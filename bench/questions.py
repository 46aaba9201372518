"""Questions in words: the three rates on the question set, and the answer time on a 100,000-order
history.

Rates: the question set (tests/helpers/question_set.py, English and Chinese as owners type them)
against the generated question shop (tests/helpers/shop.py: question_shop_csv), each expected
answer computed in plain pandas on the export's rows (tests/helpers/question_truth.py): exact,
clarified or declined (a question back or "I can't answer that yet" where a number was due), and
wrong (a number that differs, or a number where none was right).

Time: the same shop simulated with enough customers for about 100,000 orders, read by the real
reader and analysed, then every question of the set parsed and answered against it. Printed: the
one-off preparation of the history (once per upload or analysis: the bot keeps it), and per answer
the median, the 95th percentile and the slowest, with the ratio to the 1 s target.

    .venv/bin/python -m bench.questions [customers]
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np
import pandas as pd

from analytics.analysis import analyse_orders
from analytics.catalogue import Shop
from analytics.ingest import read_export
from analytics.questions import CannotAnswer, NeedsChoice, answer, parse_question, shop_words
from tests.helpers.question_grading import grade_all, rates
from tests.helpers.question_set import HELD_OUT, QUESTIONS
from tests.helpers.shop import QUESTION_SHOP_TIMEZONE, QUESTION_SHOP_TODAY, question_shop_csv

TARGET_SECONDS = 1.0
LARGE_SHOP_CUSTOMERS = 26_000  # about 100,000 orders at the simulation's buying rates


def print_rates() -> None:
    data = question_shop_csv()
    export = read_export(data, "orders.csv")
    scores = analyse_orders(export.orders, items=export.items).scores
    graded = grade_all(data, export.orders, export.items, scores, timezone=QUESTION_SHOP_TIMEZONE,
                       today=QUESTION_SHOP_TODAY)
    held_out = grade_all(data, export.orders, export.items, scores, timezone=QUESTION_SHOP_TIMEZONE,
                         today=QUESTION_SHOP_TODAY, questions=HELD_OUT)
    for name, graded_set in (("question set", graded), ("held-out questions", held_out)):
        share = rates(graded_set)
        print(f"{name}: {len(graded_set)} questions on the generated question shop ({len(export.orders):,} orders)")
        print(f"  exact {share['exact']:.1%} · clarified or declined {share['clarified or declined']:.1%} · "
              f"wrong {share['wrong']:.1%}")
        for g in graded_set:
            if g.grade != "exact":
                print(f"  {g.grade}: {g.question!r}")


def print_answer_time(customers: int) -> None:
    started = time.perf_counter()
    data = question_shop_csv(customers, seed=3)
    export = read_export(data, "orders.csv")
    scores = analyse_orders(export.orders, items=export.items).scores
    print(f"large shop: {len(export.orders):,} orders, {len(export.items):,} lines, {customers:,} customers "
          f"(made, read and analysed in {time.perf_counter() - started:.0f} s)")
    now = pd.Timestamp(QUESTION_SHOP_TODAY + " 12:00").tz_localize(QUESTION_SHOP_TIMEZONE)
    started = time.perf_counter()
    shop = Shop.build(export.orders, export.items, scores, timezone=QUESTION_SHOP_TIMEZONE, now=now)
    words = shop_words(shop)
    prepared = time.perf_counter() - started
    today = dt.date.fromisoformat(QUESTION_SHOP_TODAY)
    times, slowest = [], ("", 0.0)
    for text, _ in QUESTIONS:
        started = time.perf_counter()
        parsed = parse_question(text, words, today=today, timezone=QUESTION_SHOP_TIMEZONE)
        if parsed.kind == "query":
            try:
                answer(parsed.query, shop)
            except (NeedsChoice, CannotAnswer):
                pass
        took = time.perf_counter() - started
        times.append(took)
        if took > slowest[1]:
            slowest = (text, took)
    times = np.array(times)
    print(f"  preparing the history (once per upload or analysis, then kept): {prepared:.2f} s")
    print(f"  per answer over {len(times)} questions: median {np.median(times):.3f} s, 95th percentile "
          f"{np.quantile(times, 0.95):.3f} s, slowest {slowest[1]:.3f} s ({slowest[0]!r})")
    print(f"  slowest / {TARGET_SECONDS:.0f} s target = {slowest[1] / TARGET_SECONDS:.2f}; "
          f"{(times < TARGET_SECONDS).mean():.0%} of answers under the target")


def main(customers: int = LARGE_SHOP_CUSTOMERS) -> None:
    print("== questions in words ==")
    print_rates()
    print_answer_time(customers)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else LARGE_SHOP_CUSTOMERS)
