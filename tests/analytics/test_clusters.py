"""Behaviour groups: the words describing a group are true of the share of members they name."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import pairwise_distances, silhouette_score
from sklearn.preprocessing import StandardScaler

from analytics.clusters import (
    FEATURES,
    FIT_SAMPLE,
    K_RANGE,
    cluster_customers,
    describe_cluster,
    mean_silhouette,
    share_words,
)


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


def _behaviour_groups(seed: int, per_group: int = 2500) -> pd.DataFrame:
    """Three kinds of customer, more of them than the clustering samples: one-time buyers of
    last year, steady monthly buyers, and a few big spenders."""
    rng = np.random.default_rng(seed)
    parts = []
    for recency, frequency, aov, tenure in ((300, 1, 20, 300), (20, 12, 35, 400), (60, 4, 250, 200)):
        n = per_group
        freq = np.maximum(1, rng.poisson(frequency, n))
        spend = rng.lognormal(np.log(aov), 0.3, n)
        parts.append(pd.DataFrame({
            "recency_days": rng.poisson(recency, n), "frequency": freq, "aov": spend.round(2),
            "monetary": (spend * freq).round(2), "tenure_days": rng.poisson(tenure, n),
        }))
    return pd.concat(parts, ignore_index=True)


def _k_fitting_everyone(customers: pd.DataFrame) -> int:
    """The choice made by fitting every k on every customer, as the clustering did before."""
    scaled = StandardScaler().fit_transform(np.log1p(customers[list(FEATURES)].astype(float).to_numpy()))
    scores = {k: silhouette_score(scaled, KMeans(n_clusters=k, n_init=4, random_state=0).fit(scaled).labels_,
                                  sample_size=4000, random_state=0) for k in K_RANGE}
    return max(scores, key=scores.get)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_the_number_of_groups_does_not_depend_on_the_sample_it_is_chosen_on(seed):
    customers = _behaviour_groups(seed)
    assert len(customers) > FIT_SAMPLE
    chosen = {len(cluster_customers(customers, random_state=state).descriptions) for state in range(4)}
    assert chosen == {_k_fitting_everyone(customers)}


@pytest.mark.parametrize("seed", range(6))
def test_the_silhouette_is_sklearns(seed):
    rng = np.random.default_rng(seed)
    points = np.r_[rng.normal(0, 1, (150, 5)), rng.normal(3, 1, (100, 5)), rng.normal(size=(1, 5)) + 40]
    distances = pairwise_distances(points)
    k = 2 + seed % 4
    labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit(points).labels_
    assert mean_silhouette(distances, labels) == pytest.approx(
        silhouette_score(distances, labels, metric="precomputed"), abs=1e-12)
    if seed == 0:  # a cluster of one point (the far one), and labels that are not 0..k-1
        alone = np.where(np.arange(len(points)) == len(points) - 1, 7, labels * 2)
        assert mean_silhouette(distances, alone) == pytest.approx(
            silhouette_score(distances, alone, metric="precomputed"), abs=1e-12)
