"""Next best product: item-based collaborative filtering on the customer x product matrix.

Cosine similarity between products (columns of a sparse 0/1 matrix), a customer's score for a
product is the sum of its similarities to what they bought, and what they bought is excluded.
Customers with a single order get the most popular product of their segment they do not have.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

TOP_N = 5


class ItemSimilarityRecommender:
    """fit(purchases) with columns customer_id, product; recommend(customers) -> top products."""

    def fit(self, purchases: pd.DataFrame) -> ItemSimilarityRecommender:
        purchases = purchases.dropna(subset=["customer_id", "product"]).drop_duplicates(["customer_id", "product"])
        customer_codes, self.customers_ = pd.factorize(purchases["customer_id"], sort=True)
        product_codes, self.products_ = pd.factorize(purchases["product"], sort=True)
        self.matrix_ = sparse.csr_matrix(
            (np.ones(len(purchases)), (customer_codes, product_codes)),
            shape=(len(self.customers_), len(self.products_)),
        )
        norms = np.sqrt(np.asarray(self.matrix_.sum(axis=0)).ravel())
        scaled = self.matrix_ @ sparse.diags(1 / np.maximum(norms, 1e-12))
        similarity = (scaled.T @ scaled).tocsr()
        similarity.setdiag(0)
        similarity.eliminate_zeros()
        self.similarity_ = similarity
        self.popularity_ = pd.Series(np.asarray(self.matrix_.sum(axis=0)).ravel(), index=self.products_)
        return self

    def recommend(self, customer_ids, n: int = TOP_N) -> dict[str, list[str]]:
        """Top-n unseen products per known customer with any similar product (others omitted)."""
        index = pd.Index(self.customers_)
        rows = index.get_indexer(pd.Index(customer_ids))
        known = rows[rows >= 0]
        if not len(known):
            return {}
        bought = self.matrix_[known]
        scores = (bought @ self.similarity_).toarray()
        scores[bought.toarray() > 0] = -np.inf
        out: dict[str, list[str]] = {}
        for row, customer_scores in zip(known, scores):
            top = np.argsort(-customer_scores, kind="stable")[:n]
            picks = [self.products_[i] for i in top if customer_scores[i] > 0]
            if picks:
                out[self.customers_[row]] = picks
        return out


def popular_in_segment(
    purchases: pd.DataFrame, segments: pd.Series, customers=None, n: int = TOP_N
) -> dict[str, list[str]]:
    """For each customer (all in `segments` unless named), the most bought products of their
    segment that they do not have, topped up with the shop's bestsellers."""
    purchases = purchases.dropna(subset=["customer_id", "product"]).drop_duplicates(["customer_id", "product"])
    with_segment = purchases.assign(segment=purchases["customer_id"].map(segments))
    ranking = (with_segment.groupby(["segment", "product"]).size().rename("buyers").reset_index()
               .sort_values(["segment", "buyers", "product"], ascending=[True, False, True]))
    by_segment = {segment: list(group["product"]) for segment, group in ranking.groupby("segment")}
    overall = list(purchases["product"].value_counts().index)
    owned = purchases.groupby("customer_id")["product"].agg(set)
    out = {}
    wanted = segments if customers is None else segments[segments.index.isin(list(customers))]
    for customer, segment in wanted.items():
        have = owned.get(customer, set())
        candidates = by_segment.get(segment, []) + overall
        picks = list(dict.fromkeys(p for p in candidates if p not in have))[:n]
        out[customer] = picks
    return out


def next_best_products(purchases: pd.DataFrame, segments: pd.Series, order_counts: pd.Series) -> pd.Series:
    """The single next best product per customer: CF for repeat buyers, segment popularity otherwise."""
    if purchases.empty:
        return pd.Series(dtype=object)
    recommender = ItemSimilarityRecommender().fit(purchases)
    repeat = order_counts[order_counts > 1].index
    cf = recommender.recommend(list(repeat), n=1)
    popular = popular_in_segment(purchases, segments, [c for c in segments.index if c not in cf], n=1)
    return pd.Series({c: (cf.get(c) or popular.get(c) or [None])[0] for c in segments.index}, dtype=object)
