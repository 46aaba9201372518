"""Sentiment, reviews uploads, baskets and recommendations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from mlxtend.frequent_patterns import fpgrowth
from scipy import sparse

from analytics.analysis import analyse_orders
from analytics.baskets import bought_together, companions, frequent_itemsets
from analytics.ingest import read_export
from analytics.language import are_chinese, is_english
from analytics.recommend import (
    ItemSimilarityRecommender,
    joined_names,
    next_products,
    picks_as_json,
    picks_from_json,
    popular_in_segment,
)
from analytics.sentiment import label, score_texts, sentiment_report
from tests.helpers import reviews as review_files
from tests.helpers.shop import generic_orders_csv, synthetic_orders


@pytest.mark.parametrize(("text", "expected"), [
    ("Love this soap, smells amazing!", "positive"), ("Terrible, it broke after a day.", "negative"),
    ("It is a towel.", "neutral"), ("Worst purchase ever 😡", "negative"), ("The towel is SO GOOD!!!", "positive"),
])
def test_vader_labels_with_the_standard_thresholds(text, expected):
    assert label(score_texts([text])[0]) == expected


@pytest.mark.parametrize("text", [text for text in review_files.FOREIGN if not are_chinese([text])[0]])
def test_texts_neither_english_nor_chinese_are_not_scored(text):
    assert not is_english(text)
    assert score_texts([text]) == [None]
    assert label(None) == "not scored"


def test_the_chinese_review_of_the_review_files_is_scored():
    chinese = [text for text in review_files.FOREIGN if are_chinese([text])[0]]
    assert chinese and all(score is not None for score in score_texts(chinese))


REVIEW_EXPORTS = [review_files.judgeme_reviews, review_files.yotpo_reviews, review_files.loox_reviews,
                  review_files.okendo_reviews, review_files.shopify_product_reviews, review_files.etsy_reviews,
                  review_files.plain_reviews]


@pytest.mark.parametrize("builder", REVIEW_EXPORTS)
def test_review_exports_are_told_from_orders_by_themselves(builder):
    export = read_export(builder(), "reviews.csv")
    assert export.platform == "reviews"
    assert export.orders.empty and len(export.reviews) > 5
    assert export.reviews["review_id"].is_unique
    assert export.reviews["text"].notna().all()


@pytest.mark.parametrize("builder", REVIEW_EXPORTS[:5])
def test_review_app_exports_give_every_review_its_words_stars_date_and_product(builder):
    rows = review_files.review_rows(20)
    reviews = read_export(builder(20), "reviews.csv").reviews
    assert len(reviews) == 20
    assert set(reviews["text"]) == {text for text, *_ in rows}, "the review's own words, never the shop's reply"
    assert reviews["rating"].tolist() == [rating for _, rating, *_ in rows]
    assert reviews["created_at"].str[:10].tolist() == [day for _, _, day, *_ in rows]
    assert {p.lower().replace("-", " ") for p in reviews["product"]} == {p.lower() for *_, p in rows}


def test_reviews_judge_me_marked_as_spam_are_left_out():
    reviews = read_export(review_files.judgeme_reviews(30, spam=4), "reviews.csv").reviews
    assert len(reviews) == 30
    assert not reviews["text"].str.contains("spam.example").any()


def test_feedback_column_in_an_order_export_becomes_reviews_of_those_orders():
    content = b"Order ID,Email,Date,Total,Customer Note\n1,a@x.com,2024-01-01,5,Love it!\n2,b@x.com,2024-01-02,6,\n"
    export = read_export(content, "orders.csv")
    assert len(export.orders) == 2
    assert export.reviews[["order_id", "customer_id", "text"]].values.tolist() == [["1", "a@x.com", "Love it!"]]


def test_sentiment_report_finds_products_negatives_and_disagreements():
    reviews = read_export(review_files.judgeme_reviews(200), "r.csv").reviews
    reviews["sentiment"] = score_texts(reviews["text"].tolist())
    report = sentiment_report(reviews)
    assert report.not_scored == reviews["sentiment"].isna().sum() > 0
    assert abs(sum(report.shares.values()) - 1) < 1e-3
    assert len(report.best_products) and (report.best_products["count"] >= 3).all()
    assert (report.latest_negative["sentiment"] <= -0.05).all()
    assert len(report.disagreements) and ((report.disagreements["rating"] >= 4) == (report.disagreements["sentiment"] < 0)).all()


def test_customer_sentiment_flows_into_scores_and_flags_unhappy_valuable():
    orders = read_export(generic_orders_csv(200), "o.csv").orders
    best = orders.groupby("customer_id")["total"].sum().sort_values().index[-1]
    unhappy = int(best.removeprefix("customer").split("@")[0])
    reviews = read_export(review_files.judgeme_reviews(300, unhappy={unhappy}), "r.csv").reviews
    reviews["sentiment"] = score_texts(reviews["text"].tolist())
    analysis = analyse_orders(orders, reviews=reviews)
    scores = analysis.scores.set_index("customer_id")
    assert (reviews["customer_id"] == best).sum() >= 1, "the fixture must have the best customer review"
    assert scores.loc[best, "sentiment"] < -0.05
    assert analysis.summary["sentiment"]["unhappy_valuable"] >= 1
    assert analysis.summary["sentiment"]["reviews"] == len(reviews)


def test_bought_together_finds_the_planted_pairs_and_ignores_single_item_orders():
    export = read_export(generic_orders_csv(600), "o.csv")
    rules = bought_together(export.items)
    assert len(rules) and (rules["lift"] > 1).all() and (rules["confidence"] >= 0.1).all()
    pairs = {(r.antecedent, r.consequent) for r in rules.itertuples()}
    assert (("Linen Towel",), ("Fig Candle",)) in pairs
    candle = companions(rules, "candle")
    assert len(candle) and all(any("Candle" in p for p in r) for r in candle["antecedent"])
    singles = export.items.groupby("order_id").filter(lambda g: len(g) == 1)
    assert bought_together(singles).empty


@pytest.mark.parametrize(("seed", "min_support"), [(0, 0.02), (1, 0.05), (2, 0.2), (3, 0.9), (4, 0.004)])
def test_frequent_itemsets_are_mlxtends_fp_growth(seed, min_support):
    rng = np.random.default_rng(seed)
    held = rng.random((400, 30)) < rng.uniform(0.01, 0.3, 30)  # products of unequal popularity
    held[:120, :4] |= rng.random((120, 1)) < 0.6  # and a planted group of four bought together
    table = pd.DataFrame(held, columns=[f"p{i:02d}" for i in range(30)])
    expected = fpgrowth(table, min_support=min_support, use_colnames=True, max_len=3)
    found = frequent_itemsets(sparse.csc_matrix(held), table.columns, min_support)
    assert dict(zip(found["itemsets"], found["support"])) == dict(zip(expected["itemsets"], expected["support"]))
    assert len(found) == len(expected)


def test_rules_that_tie_are_listed_by_the_products_names():
    pairs = [("Tea", "Cup"), ("Soap", "Dish"), ("Bread", "Jam")]  # three pairs, each as strong as the others
    rows = [(f"{n}-{i}", product) for n, pair in enumerate(pairs) for i in range(5) for product in pair]
    rules = bought_together(pd.DataFrame(rows, columns=["order_id", "product"]).assign(sku=None))
    assert rules["lift"].nunique() == 1 and rules["confidence"].nunique() == 1
    assert list(rules["antecedent"]) == sorted(rules["antecedent"])


def test_small_shop_still_gets_rules():
    rows = [("1", "Soap"), ("1", "Dish"), ("2", "Soap"), ("2", "Dish"), ("3", "Soap"), ("3", "Dish"),
            ("4", "Candle"), ("4", "Towel"), ("5", "Candle"), ("6", "Soap")]
    items = pd.DataFrame(rows, columns=["order_id", "product"]).assign(sku=None)
    rules = bought_together(items)
    assert {("Soap",), ("Dish",)} <= set(rules["antecedent"])


def test_recommendations_exclude_what_was_bought_and_fall_back_to_the_segment():
    purchases = pd.DataFrame([("a", "Soap"), ("a", "Dish"), ("b", "Soap"), ("b", "Dish"), ("b", "Salt"),
                              ("c", "Soap"), ("d", "Candle")], columns=["customer_id", "product"])
    picks = ItemSimilarityRecommender().fit(purchases).recommend(["a", "c", "zz"], n=2)
    assert picks["a"] == ["Salt"]
    assert picks["c"][0] == "Dish" and "Soap" not in picks["c"]
    assert "zz" not in picks
    segments = pd.Series({"a": "Loyal", "b": "Loyal", "c": "New Customers", "d": "New Customers"})
    popular = popular_in_segment(purchases, segments, ["d"], n=2)
    assert popular["d"] == ["Soap", "Dish"]
    # Loyal buyers: Soap 2, Dish 2 (Soap first: more buyers overall), Salt 1; then the shop's Candle
    segments["e"] = "Loyal"  # no purchases of their own
    popular = popular_in_segment(purchases, segments, ["a", "e"], n=2)
    assert popular == {"a": ["Salt", "Candle"], "e": ["Soap", "Dish"]}


def _lines(rows):
    return pd.DataFrame([{"customer_id": c, "order_id": f"{c}-{day}", "ordered_at": pd.Timestamp(day, tz="UTC"),
                          "product": p} for c, day, p in rows])


def test_a_re_buy_carries_the_customers_own_rhythm_for_it():
    rows = [("a", f"2024-01-{d:02d}", "Coffee") for d in (1, 8, 15, 22)] + [("a", "2024-01-08", "Tea")]
    rows += [("b", "2024-01-03", "Coffee"), ("b", "2024-01-03", "Cake")]
    picks = next_products(_lines(rows), as_of=pd.Timestamp("2024-01-31", tz="UTC"))
    mine = picks[picks["customer_id"] == "a"].set_index("product")
    assert mine.loc["Coffee", "kind"] == "re-buy"
    assert mine.loc["Coffee", "every_days"] == 7 and mine.loc["Coffee", "days_since"] == 9
    assert mine.loc["Tea", "days_since"] == 23 and np.isnan(mine.loc["Tea", "every_days"])
    assert mine.loc["Cake", "kind"] == "new"  # bought with Coffee by b; the only product new to a
    theirs = picks[picks["customer_id"] == "b"].set_index("product")["kind"].to_dict()
    assert theirs == {"Coffee": "re-buy", "Cake": "re-buy", "Tea": "new"}


def test_a_product_many_of_their_products_buyers_take_beats_one_a_single_buyer_shares():
    # x bought Apples. Berries' only buyer also bought Apples (1 shared of 5 x 1 buyers); Cocoa
    # is taken by three of Apples' five buyers, among twelve buyers in all. Plain cosine:
    # Berries 1/sqrt(5*1) = 0.447 > Cocoa 3/sqrt(5*12) = 0.387. Shrunk by 5: Berries
    # 1/(2.236+5) = 0.138 < Cocoa 3/(7.746+5) = 0.235, so Cocoa is the new product for x.
    rows = [("x", "2024-01-01", "Apples"), ("u1", "2024-01-01", "Apples"), ("u1", "2024-01-01", "Berries")]
    rows += [(u, "2024-01-01", p) for u in ("u2", "u3", "u4") for p in ("Apples", "Cocoa")]
    rows += [(f"v{i}", "2024-01-01", "Cocoa") for i in range(9)]
    lines = _lines(rows)
    picks = next_products(lines)
    mine = picks[picks["customer_id"] == "x"]
    assert mine["kind"].tolist() == ["re-buy", "new", "new"]
    assert mine["product"].tolist() == ["Apples", "Cocoa", "Berries"]
    plain = ItemSimilarityRecommender(shrink=0).fit(lines).recommend(["x"], n=2)
    assert plain["x"] == ["Berries", "Cocoa"]


def test_next_products_are_five_at_most_new_ones_never_bought_before():
    lines = synthetic_orders(300, seed=3).rename(columns={"email": "customer_id"})
    picks = next_products(lines)
    assert picks.groupby("customer_id").size().max() <= 5
    assert not picks.duplicated(["customer_id", "product"]).any()
    owned = pd.MultiIndex.from_frame(lines[["customer_id", "product"]].drop_duplicates())
    bought_before = pd.MultiIndex.from_frame(picks[["customer_id", "product"]]).isin(owned)
    assert (bought_before == (picks["kind"] == "re-buy")).all()
    assert picks.groupby("customer_id")["chance"].is_monotonic_decreasing.all()
    assert picks["chance"].between(0, 1).all()
    names = joined_names(picks)
    first = picks["customer_id"].iloc[0]
    assert names[first] == " | ".join(picks.loc[picks["customer_id"] == first, "product"])


def test_no_purchases_give_no_next_products():
    empty = _lines([]).reindex(columns=["customer_id", "order_id", "ordered_at", "product"])
    picks = next_products(empty)
    assert picks.empty and joined_names(picks).empty


def test_similar_products_are_the_same_from_a_dense_or_a_sparse_table(monkeypatch):
    lines = synthetic_orders(200, seed=4).rename(columns={"email": "customer_id"})
    dense = ItemSimilarityRecommender().fit(lines).candidates(n=3)
    monkeypatch.setattr("analytics.recommend._dense_pays", lambda similarity: False)  # as for a catalogue too large
    pd.testing.assert_frame_equal(ItemSimilarityRecommender().fit(lines).candidates(n=3), dense)
    assert len(dense) and (dense.groupby("customer_id").size() <= 3).all()


def test_similarities_are_scored_dense_when_small_or_so_full_that_sparse_saves_nothing(monkeypatch):
    from scipy import sparse

    from analytics.recommend import DENSE_BYTES, _dense_pays

    side = int((DENSE_BYTES / 8) ** 0.5) + 100  # just too many products for the small-table rule
    full = sparse.csr_matrix(np.ones((side, side)))  # every pair of products shares a buyer (UCI: 58%)
    thin = sparse.random(side, side, density=0.01, format="csr", random_state=1)
    assert _dense_pays(full) and not _dense_pays(thin)
    assert _dense_pays(sparse.random(100, 100, density=0.01, format="csr", random_state=1))
    monkeypatch.setattr("analytics.recommend.DENSE_MAX_BYTES", DENSE_BYTES + 1)  # a job's memory comes first
    assert not _dense_pays(full)


def test_stored_picks_read_back_as_the_picks_with_odd_product_names():
    picks = pd.DataFrame({
        "customer_id": ["a", "a", "b"], "product": ['Mug "Big" \\ 12oz', "香皂", "Tea, green"],
        "kind": ["re-buy", "new", "re-buy"], "chance": [0.4321, 0.05, 0.9],
        "every_days": [7.0, np.nan, 30.0], "days_since": [9.0, np.nan, 1.0]})
    stored = picks_as_json(picks)
    assert picks_from_json(stored["a"]) == [
        {"product": 'Mug "Big" \\ 12oz', "kind": "re-buy", "chance": 0.4321, "every_days": 7.0, "days_since": 9.0},
        {"product": "香皂", "kind": "new", "chance": 0.05, "every_days": None, "days_since": None}]
    assert picks_from_json(stored["b"]) == [
        {"product": "Tea, green", "kind": "re-buy", "chance": 0.9, "every_days": 30.0, "days_since": 1.0}]


def test_picks_stored_as_objects_by_an_earlier_version_still_read_back():
    stored = '[{"product": "Soap", "kind": "new", "chance": 0.2, "every_days": null, "days_since": null}]'
    assert picks_from_json(stored) == [
        {"product": "Soap", "kind": "new", "chance": 0.2, "every_days": None, "days_since": None}]
    assert picks_from_json(None) == picks_from_json("") == []


def test_picks_written_in_chunks_are_the_picks_written_at_once(monkeypatch):
    lines = synthetic_orders(300, seed=3).rename(columns={"email": "customer_id"})
    picks = next_products(lines)
    whole_json, whole_names = picks_as_json(picks), joined_names(picks)
    monkeypatch.setattr("analytics.recommend.PICKS_PER_CHUNK", 7)  # cuts that fall inside customers' picks
    assert picks_as_json(picks).equals(whole_json) and joined_names(picks).equals(whole_names)
    assert whole_json.index.is_unique and len(whole_json) == picks["customer_id"].nunique()
