"""Next-best-product quality: hide each repeat customer's last order, recommend 5 products from
the rest of the history, and count a hit when the hidden order holds one of them. Compared with
recommending the 5 most popular products the customer does not have, in the same run.

The shop is synthetic (200 products in 20 ranges, customers leaning to one or two ranges, a
skewed popularity), so that there is taste to find; no real data is used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.recommend import ItemSimilarityRecommender


def shop(customers: int = 4000, products: int = 200, ranges: int = 20, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    per_range = products // ranges
    popularity = rng.zipf(1.6, products).astype(float)
    rows = []
    for customer in range(customers):
        liked = rng.choice(ranges, size=1 + (rng.random() < 0.3), replace=False)
        pool = np.concatenate([np.arange(r * per_range, (r + 1) * per_range) for r in liked])
        weights = popularity[pool] / popularity[pool].sum()
        for order in range(1 + rng.poisson(2.5)):
            size = 1 + rng.poisson(0.8)
            chosen = rng.choice(pool, size=min(size, len(pool)), replace=False, p=weights)
            if rng.random() < 0.15:  # now and then something from anywhere
                chosen = np.append(chosen, rng.integers(0, products))
            rows += [(f"c{customer}", order, f"P{p:03d}") for p in set(chosen)]
    return pd.DataFrame(rows, columns=["customer_id", "order", "product"])


def main() -> dict:
    lines = shop()
    last = lines.groupby("customer_id")["order"].transform("max")
    repeaters = lines.groupby("customer_id")["order"].transform("nunique") > 1
    hidden = lines[repeaters & (lines["order"] == last)]
    history = lines[~(repeaters & (lines["order"] == last))]
    truth = hidden.groupby("customer_id")["product"].agg(set)
    recommender = ItemSimilarityRecommender().fit(history)
    picks = recommender.recommend(list(truth.index), n=5)
    owned = history.groupby("customer_id")["product"].agg(set)
    popular = list(history.groupby("product")["customer_id"].nunique().sort_values(ascending=False).index)

    def popular_for(customer: str) -> list[str]:
        return [p for p in popular if p not in owned.get(customer, set())][:5]

    cf_hits = np.mean([bool(set(picks.get(c, popular_for(c))) & truth[c]) for c in truth.index])
    pop_hits = np.mean([bool(set(popular_for(c)) & truth[c]) for c in truth.index])
    print(f"next best product, hit rate at 5 over {len(truth):,} customers' hidden last orders: "
          f"item-based CF {cf_hits:.1%}, most popular {pop_hits:.1%}, ratio {cf_hits / pop_hits:.2f}x")
    return {"cf": float(cf_hits), "popular": float(pop_hits), "ratio": float(cf_hits / pop_hits)}


if __name__ == "__main__":
    main()
