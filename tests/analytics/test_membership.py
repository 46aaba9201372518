"""The fast membership test gives what pandas' own isin gives, for text and for anything else."""

from __future__ import annotations

import pandas as pd

from analytics.membership import is_in, positions


def test_text_ids_are_found_among_others_missing_matching_missing():
    ids = pd.Series(["#1001", "#1002", None, "#1004"])
    assert is_in(ids, pd.Series(["#1004", "#1001"])).tolist() == [True, False, False, True]
    assert is_in(ids, pd.Index(["#1002", None])).tolist() == [False, True, True, False]
    assert is_in(pd.Index(ids), pd.Series([], dtype="str")).tolist() == [False] * 4


def test_numbers_go_through_pandas():
    assert is_in(pd.Series([1, 2, 3]), pd.Series([3, 1])).tolist() == [True, False, True]


def test_positions_of_text_ids_among_known_ones_minus_one_where_unknown():
    known = pd.Index(["#1001", "#1002", "#1003"])
    assert positions(pd.Series(["#1003", "#9999", None, "#1001"]), known).tolist() == [2, -1, -1, 0]
    assert positions(pd.Series([30, 10]), pd.Index([10, 20, 30])).tolist() == [2, 0]


def test_a_value_known_twice_is_found_at_its_first_place():
    for known in (pd.Index(["#1", "#2", "#2"]), pd.Index(["#1", "#2", "#2"], dtype=object)):
        assert positions(pd.Series(["#2", "#3"], dtype=known.dtype), known).tolist() == [1, -1]
