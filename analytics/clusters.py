"""K-Means groups of customers who behave alike, described in plain words.

Features are log-scaled then standardised, because spend and order counts are heavily skewed
and K-Means measures plain distances. k runs from 2 to 8 and the best silhouette wins; the
random state is fixed so the same history always gives the same groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

MIN_CUSTOMERS = 20
K_RANGE = range(2, 9)
SILHOUETTE_SAMPLE = 2000
FEATURES = ("recency_days", "frequency", "monetary", "tenure_days", "aov")


@dataclass(frozen=True)
class Clustering:
    """Cluster of each customer, a description per cluster, and how well the groups separate."""

    labels: pd.Series
    descriptions: dict[int, str]
    silhouette: float | None
    explanation: str | None = None


def cluster_customers(customers: pd.DataFrame, *, random_state: int = 0) -> Clustering:
    """Group customers by behaviour; tiny shops get no clusters and a sentence saying why."""
    if len(customers) < MIN_CUSTOMERS:
        return Clustering(
            labels=pd.Series(pd.NA, index=customers.index, dtype="Int64"),
            descriptions={},
            silhouette=None,
            explanation=(
                f"With {len(customers)} customers, behaviour groups would be guesswork; "
                f"they appear from {MIN_CUSTOMERS} customers on. The RFM segments above still apply."
            ),
        )
    features = np.log1p(customers[list(FEATURES)].astype(float).clip(lower=0).to_numpy())
    scaled = StandardScaler().fit_transform(features)
    scaled = np.nan_to_num(scaled)
    distinct = len(np.unique(scaled.round(6), axis=0))
    best_labels, best_score = None, -1.0
    for k in K_RANGE:
        if k >= distinct:
            break
        model = KMeans(n_clusters=k, n_init=4, random_state=random_state).fit(scaled)
        score = float(
            silhouette_score(
                scaled, model.labels_, sample_size=min(len(scaled), SILHOUETTE_SAMPLE),
                random_state=random_state,
            )
        )
        if score > best_score + 1e-9:
            best_labels, best_score = model.labels_, score
    if best_labels is None:
        return Clustering(
            labels=pd.Series(0, index=customers.index, dtype="Int64"),
            descriptions={0: describe_cluster(customers, customers)},
            silhouette=None,
            explanation="Your customers all behave alike, so they form a single group.",
        )
    labels = _relabel_by_value(pd.Series(best_labels, index=customers.index), customers)
    descriptions = {
        int(cluster): describe_cluster(customers[labels == cluster], customers)
        for cluster in sorted(labels.unique())
    }
    return Clustering(labels.astype("Int64"), descriptions, round(best_score, 4))


def _relabel_by_value(labels: pd.Series, customers: pd.DataFrame) -> pd.Series:
    """Number clusters by total spend, highest first, so cluster 1 is always the most valuable."""
    spend = customers["monetary"].groupby(labels).sum().sort_values(ascending=False)
    order = {old: new for new, old in enumerate(spend.index, start=1)}
    return labels.map(order)


def describe_cluster(members: pd.DataFrame, everyone: pd.DataFrame) -> str:
    """Plain words for a group: how often, how much, how recently ("frequent, high spend, ...")."""
    frequency = members["frequency"].median()
    if frequency < 1.5:
        how_often = "one-time buyers"
    elif frequency >= max(3.0, everyone["frequency"].quantile(0.75)):
        how_often = "frequent buyers"
    else:
        how_often = "repeat buyers"
    spend_ratio = members["monetary"].median() / max(everyone["monetary"].median(), 0.01)
    spend = "high spend" if spend_ratio >= 1.5 else "low spend" if spend_ratio <= 0.67 else "average spend"
    days = members["recency_days"].median()
    if days <= 31:
        when = "bought this month"
    elif days <= 92:
        when = "bought in the last 3 months"
    elif days <= 365:
        when = f"quiet for about {round(days / 30)} months"
    else:
        when = f"quiet for over {int(days // 365)} year{'s' if days >= 730 else ''}"
    return f"{how_often}, {spend}, {when}"
