"""Bought together: association rules between sets of up to three products, from order baskets
(mlxtend's rules, from sets counted here with sparse matrix products; see `frequent_itemsets`).

Only orders with two or more products are baskets: single-item orders say nothing about what
goes together and would only drown the signal. The minimum support adapts to the shop: a pair
must appear in at least MIN_BASKETS orders (so a small shop still gets answers) or 0.5% of
multi-item orders, whichever is more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules
from scipy import sparse

MIN_BASKETS = 3
MIN_SUPPORT_SHARE = 0.005
MIN_CONFIDENCE = 0.1
MAX_PRODUCTS = 2000  # the rarest products beyond this cannot reach the support anyway


def bought_together(items: pd.DataFrame) -> pd.DataFrame:
    """Rules antecedent -> consequent with support, confidence and lift, strongest first.

    Columns: antecedent (tuple), consequent (tuple), support, confidence, lift, orders.
    """
    columns = ["antecedent", "consequent", "support", "confidence", "lift", "orders"]
    named = items.assign(product=items["product"].fillna(items["sku"])).dropna(subset=["product"])
    lines = named[["order_id", "product"]].drop_duplicates()
    multi = lines[lines.groupby("order_id")["product"].transform("size") >= 2]
    baskets = multi["order_id"].unique()
    if len(baskets) < MIN_BASKETS:
        return pd.DataFrame(columns=columns)
    counts = multi["product"].value_counts()
    frequent = counts[counts >= MIN_BASKETS].index[:MAX_PRODUCTS]
    kept = multi[multi["product"].isin(list(frequent))]
    # Rare products are dropped from baskets, but every multi-item order still counts in the
    # denominators, so support and lift stay relative to all of them.
    table, products = _baskets_table(kept, baskets)
    if int((table.getnnz(axis=1) >= 2).sum()) < MIN_BASKETS:
        return pd.DataFrame(columns=columns)
    min_support = max(MIN_BASKETS / len(baskets), MIN_SUPPORT_SHARE)
    itemsets = frequent_itemsets(table, products, min_support)
    if itemsets.empty or itemsets["itemsets"].map(len).max() < 2:
        return pd.DataFrame(columns=columns)
    with np.errstate(divide="ignore", invalid="ignore"):  # mlxtend's extra metrics divide by zero on certainties
        rules = association_rules(itemsets, metric="confidence", min_threshold=MIN_CONFIDENCE)
    rules = rules[rules["lift"] > 1.0]
    result = pd.DataFrame({
        "antecedent": rules["antecedents"].map(lambda s: tuple(sorted(s))),
        "consequent": rules["consequents"].map(lambda s: tuple(sorted(s))),
        "support": rules["support"].round(4),
        "confidence": rules["confidence"].round(4),
        "lift": rules["lift"].round(2),
        "orders": (rules["support"] * len(baskets)).round().astype(int),
    })
    # Ties are broken by the products' names, so the same baskets always list the same rules first.
    return result.sort_values(["lift", "confidence", "orders", "antecedent", "consequent"],
                              ascending=[False, False, False, True, True], ignore_index=True)


def frequent_itemsets(table: sparse.spmatrix, products: pd.Index, min_support: float) -> pd.DataFrame:
    """What mlxtend's `fpgrowth(..., min_support, use_colnames=True, max_len=3)` gives for this
    baskets table (a row per basket, a column per product of `products`, true where the basket
    holds it): every set of one to three products in at least `min_support` of the baskets,
    with its support, computed as mlxtend computes it (count / baskets).

    mlxtend's FP-growth walks its tree in Python: 5.4 s of the rules' 6 s on UCI Online Retail
    (18,532 baskets, 2,000 products, 4,392 sets). Sets of at most three are counted directly:
    pairs by one product of the table with itself, triples by one of the frequent pairs' table
    with it (a triple can be frequent only if its pairs are)."""
    n = table.shape[0]
    table = sparse.csc_matrix(table, dtype=np.int64)
    single_n = np.asarray(table.sum(axis=0)).ravel()
    singles = np.flatnonzero(single_n / n >= min_support)
    table, single_n, names = table[:, singles], single_n[singles], products[singles]
    pairs = sparse.triu(table.T @ table, k=1).tocoo()
    frequent = pairs.data / n >= min_support
    first, second, pair_n = pairs.row[frequent], pairs.col[frequent], pairs.data[frequent]
    with_pair = table[:, first].multiply(table[:, second])
    triples = (sparse.csc_matrix(with_pair).T @ table).tocoo()
    frequent = (triples.col > second[triples.row]) & (triples.data / n >= min_support)  # each once: third last
    pair_of, third, triple_n = triples.row[frequent], triples.col[frequent], triples.data[frequent]
    sets = ([frozenset([name]) for name in names]
            + [frozenset([names[a], names[b]]) for a, b in zip(first, second)]
            + [frozenset([names[first[p]], names[second[p]], names[c]]) for p, c in zip(pair_of, third)])
    return pd.DataFrame({"support": np.r_[single_n, pair_n, triple_n] / n, "itemsets": sets})


def _baskets_table(lines: pd.DataFrame, baskets: np.ndarray) -> tuple[sparse.csc_matrix, pd.Index]:
    """Which basket (a row per order of `baskets`, in that order) holds which product (a column
    per product, sorted by name), as a sparse table: a dense one (`pd.crosstab`, which also
    counted each cell in Python: 7 s of the 9 s the rules took on UCI Online Retail) grows
    with baskets times products."""
    products = pd.Index(np.sort(lines["product"].unique()))
    rows = pd.Index(baskets).get_indexer(lines["order_id"])
    columns = products.get_indexer(lines["product"])
    table = sparse.csc_matrix((np.ones(len(rows), dtype=np.int64), (rows, columns)),
                              shape=(len(baskets), len(products)))
    return table, products


def companions(rules: pd.DataFrame, product_words: str) -> pd.DataFrame:
    """Rules whose antecedent mentions the product the owner typed ("lavender")."""
    wanted = product_words.strip().lower()
    mask = rules["antecedent"].map(lambda products: any(wanted in p.lower() for p in products))
    return rules[mask]
