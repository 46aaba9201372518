"""The parts of one analysis run side by side on every core, with the result of running them in turn."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analytics.analysis import analyse_orders, in_turn
from analytics.ingest import read_export
from bot.service import workers
from bot.service.jobs import side_by_side
from tests.helpers.shop import generic_orders_csv


def test_all_calls_but_the_last_run_in_forked_processes_and_results_keep_their_order():
    here = os.getpid()
    pids = side_by_side([os.getpid, os.getpid, os.getpid, lambda: "last"])
    assert here not in pids[:3] and pids[3] == "last"


def test_forked_calls_see_the_callers_data_without_it_being_picklable():
    held = {"unpicklable": lambda: None, "rows": list(range(1000))}
    assert side_by_side([lambda: sum(held["rows"]), lambda: len(held["rows"])]) == [499500, 1000]


def test_an_exception_in_a_forked_call_is_raised_in_the_caller():
    def fails():
        raise ValueError("the part failed")

    with pytest.raises(ValueError, match="the part failed"):
        side_by_side([fails, lambda: 1])


def test_near_the_jobs_memory_cap_the_calls_run_in_turn_in_the_caller(monkeypatch):
    monkeypatch.setattr(workers, "_MEMORY_CAP_BYTES", 64 << 20)  # a fork as large as this process would not fit
    assert side_by_side([os.getpid, os.getpid]) == [os.getpid()] * 2
    monkeypatch.setattr(workers, "_MEMORY_CAP_BYTES", 1 << 40)
    assert os.getpid() not in side_by_side([os.getpid, os.getpid])[:1]


def test_an_analysis_run_side_by_side_is_the_analysis_run_in_turn():
    export = read_export(generic_orders_csv(300, seed=5), "o.csv")
    kwargs = {"items": export.items, "horizon_days": 60}
    together = analyse_orders(export.orders, run_parts=side_by_side, **kwargs)
    alone = analyse_orders(export.orders, run_parts=in_turn, **kwargs)
    pd.testing.assert_frame_equal(together.scores, alone.scores)
    assert together.summary == alone.summary
    assert together.summary["baskets"] and together.scores["next_best_product"].notna().any()
    assert together.scores["churn_risk"].notna().all() and together.scores["cluster"].notna().all()


def test_small_histories_are_analysed_in_turn_and_large_ones_side_by_side():
    from bot.service.analyses import LANES_FROM_ROWS, lanes_for

    assert lanes_for(LANES_FROM_ROWS - 1) is in_turn  # forking would cost more than it saves
    assert lanes_for(LANES_FROM_ROWS) is side_by_side
    assert lanes_for(15_183, 150_000) is side_by_side  # few orders of many lines (the Instacart sample)
