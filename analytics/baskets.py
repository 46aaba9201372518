"""Bought together: association rules from order baskets, with FP-growth (mlxtend).

Only orders with two or more products are baskets: single-item orders say nothing about what
goes together and would only drown the signal. The minimum support adapts to the shop: a pair
must appear in at least MIN_BASKETS orders (so a small shop still gets answers) or 0.5% of
multi-item orders, whichever is more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth

MIN_BASKETS = 3
MIN_SUPPORT_SHARE = 0.005
MIN_CONFIDENCE = 0.1
MAX_SET_SIZE = 3
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
    onehot = pd.crosstab(kept["order_id"], kept["product"]).astype(bool).reindex(baskets, fill_value=False)
    if int((onehot.sum(axis=1) >= 2).sum()) < MIN_BASKETS:
        return pd.DataFrame(columns=columns)
    min_support = max(MIN_BASKETS / len(baskets), MIN_SUPPORT_SHARE)
    itemsets = fpgrowth(onehot, min_support=min_support, use_colnames=True, max_len=MAX_SET_SIZE)
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
    return result.sort_values(["lift", "confidence", "orders"], ascending=False, ignore_index=True)


def companions(rules: pd.DataFrame, product_words: str) -> pd.DataFrame:
    """Rules whose antecedent mentions the product the owner typed ("lavender")."""
    wanted = product_words.strip().lower()
    mask = rules["antecedent"].map(lambda products: any(wanted in p.lower() for p in products))
    return rules[mask]
