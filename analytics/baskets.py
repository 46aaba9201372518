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
from mlxtend.preprocessing import TransactionEncoder

MIN_BASKETS = 3
MIN_SUPPORT_SHARE = 0.005
MIN_CONFIDENCE = 0.1
MAX_SET_SIZE = 3
MAX_PRODUCTS = 2000  # the rarest products beyond this cannot reach the support anyway


def order_baskets(items: pd.DataFrame) -> list[list[str]]:
    """The distinct products of each order that has at least two."""
    named = items.assign(product=items["product"].fillna(items["sku"])).dropna(subset=["product"])
    baskets = named.groupby("order_id")["product"].agg(lambda products: sorted(set(products)))
    return [basket for basket in baskets if len(basket) >= 2]


def bought_together(items: pd.DataFrame) -> pd.DataFrame:
    """Rules antecedent -> consequent with support, confidence and lift, strongest first.

    Columns: antecedent (tuple), consequent (tuple), support, confidence, lift, orders.
    """
    baskets = order_baskets(items)
    columns = ["antecedent", "consequent", "support", "confidence", "lift", "orders"]
    if len(baskets) < MIN_BASKETS:
        return pd.DataFrame(columns=columns)
    counts = pd.Series([p for basket in baskets for p in basket]).value_counts()
    frequent_products = set(counts[counts >= MIN_BASKETS].index[:MAX_PRODUCTS])
    # Rare products are dropped from baskets, but every multi-item order still counts in the
    # denominators, so support and lift stay relative to all of them.
    baskets = [[p for p in basket if p in frequent_products] for basket in baskets]
    if sum(len(basket) >= 2 for basket in baskets) < MIN_BASKETS:
        return pd.DataFrame(columns=columns)
    encoder = TransactionEncoder()
    onehot = pd.DataFrame(encoder.fit(baskets).transform(baskets, sparse=False), columns=encoder.columns_)
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
