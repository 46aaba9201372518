"""Behaviour groups: the words describing a group are true of the share of members they name."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.clusters import describe_cluster, share_words


def _customers(frequency, monetary, recency):
    return pd.DataFrame({"frequency": frequency, "monetary": monetary, "recency_days": recency})


@pytest.mark.parametrize(("share", "words"),
                         [(1.0, "all"), (0.96, "nearly all"), (0.94, "9 in 10"), (0.6, "6 in 10"),
                          (0.04, "1 in 10")])
def test_share_words(share, words):
    assert share_words(share) == words


def test_a_group_with_some_one_time_buyers_is_never_called_repeat_buyers_outright():
    # Everyone: median spend 50. Members: 7 bought 2 orders, 3 bought once; 6 of 10 bought within
    # 92 days, the other 4 a year and more ago; 8 of 10 spent 100 (2x the median).
    everyone = _customers([1] * 20 + [2] * 10, [50.0] * 30, [400] * 30)
    members = _customers([2] * 7 + [1] * 3, [100.0] * 8 + [50.0] * 2, [10, 20, 40, 60, 80, 90, 400, 500, 600, 700])
    words = describe_cluster(members, everyone)
    assert words == "7 in 10 bought more than once, 8 in 10 spent more than most customers, " \
                    "6 in 10 bought in the last 3 months"


def test_all_is_said_only_when_it_is_true_of_every_member():
    everyone = _customers([1, 1, 1, 2], [10.0, 20.0, 30.0, 40.0], [5, 5, 5, 5])
    members = _customers([1, 1, 1], [10.0, 20.0, 30.0], [5, 20, 25])
    assert describe_cluster(members, everyone).startswith("all bought once")
    assert describe_cluster(members, everyone).endswith("all bought in the last month")


def test_a_group_mostly_quiet_for_over_a_year_says_so_with_the_share():
    everyone = _customers([1] * 10, [10.0] * 10, [400] * 10)
    members = _customers([1] * 10, [10.0] * 10, [10, 20, 30, 400, 400, 500, 600, 700, 800, 900])
    assert describe_cluster(members, everyone).endswith("7 in 10 last bought over a year ago")
