"""Sentiment of reviews and feedback, and what a shop owner wants to know from it.

English texts get VADER's own compound score (analytics.vader_compound computes it, equal to
vaderSentiment's, in a third of the CPU time), with its standard thresholds: >= 0.05 positive, <= -0.05
negative. Chinese texts get analytics.sentiment_chinese's score on the same scale and
thresholds. Texts in other languages (analytics.language tells) are counted and reported as not
scored, never silently called neutral. Scoring runs in the calling process: spreading a large
batch over the cores is the service's choice (bot.service.review_scores), as every choice of
processes is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.language import are_chinese, are_english
from analytics.sentiment_chinese import score_chinese
from analytics.vader_compound import CompoundScorer

POSITIVE_FROM = 0.05
NEGATIVE_UP_TO = -0.05
MIN_REVIEWS_PER_PRODUCT = 3

_ANALYZER: CompoundScorer | None = None


def _analyzer() -> CompoundScorer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = CompoundScorer()
    return _ANALYZER


def score_texts(texts: list[str]) -> list[float | None]:
    """VADER's compound score per English text, the Chinese score per Chinese text, None for
    texts in other languages (not scored). An empty list loads the models, so processes forked
    afterwards share them.

    A text that comes back many times ("Great!", "Love it") is checked and scored once: both
    answers depend on the text alone."""
    texts = [str(text) for text in texts]
    analyzer = _analyzer()
    distinct = list(dict.fromkeys(texts))
    scores: list[float | None] = [analyzer.compound(text) if english else None
                                  for text, english in zip(distinct, are_english(distinct))]
    unscored = [i for i, score in enumerate(scores) if score is None]
    chinese = [i for i, zh in zip(unscored, are_chinese([distinct[i] for i in unscored])) if zh]
    if chinese:  # the Chinese model and jieba's dictionary take some 150 MB: only a shop with Chinese reviews pays
        for i, score in zip(chinese, score_chinese([distinct[i] for i in chinese])):
            scores[i] = score
    if len(distinct) == len(texts):
        return scores
    by_text = dict(zip(distinct, scores))
    return [by_text[text] for text in texts]


def label(compound: float | None) -> str:
    if compound is None or compound != compound:
        return "not scored"
    if compound >= POSITIVE_FROM:
        return "positive"
    if compound <= NEGATIVE_UP_TO:
        return "negative"
    return "neutral"


@dataclass
class SentimentReport:
    """What /sentiment shows: shares over time, best and worst products, latest negative
    reviews, reviews whose stars disagree with their words."""

    reviews: int
    not_scored: int
    linked: int | None  # reviews matched to a customer, when analytics.review_links has looked
    shares: dict
    by_month: pd.DataFrame  # month -> share positive / neutral / negative, and its scored reviews
    best_products: pd.DataFrame
    worst_products: pd.DataFrame
    latest_negative: pd.DataFrame
    disagreements: pd.DataFrame


def sentiment_report(reviews: pd.DataFrame, *, shown: int = 3) -> SentimentReport:
    """`reviews` has text, rating, created_at, product, customer_id and a `sentiment` score, and
    `linked` once analytics.review_links has matched them to customers."""
    scored = reviews[reviews["sentiment"].notna()].copy()
    scored["label"] = scored["sentiment"].map(label)
    shares = scored["label"].value_counts(normalize=True).reindex(["positive", "neutral", "negative"], fill_value=0)
    dated = scored[scored["created_at"].notna()]
    month = pd.to_datetime(dated["created_at"], utc=True, format="ISO8601").dt.strftime("%Y-%m")
    by_month = (pd.crosstab(month, dated["label"], normalize="index")
                .reindex(columns=["positive", "neutral", "negative"], fill_value=0)
                .assign(reviews=month.value_counts())) if len(dated) else pd.DataFrame()
    products = scored[scored["product"].notna()].groupby("product")["sentiment"].agg(["mean", "count"])
    products = products[products["count"] >= MIN_REVIEWS_PER_PRODUCT]
    negative = scored[scored["label"] == "negative"].sort_values("created_at", ascending=False, na_position="last")
    rating = pd.to_numeric(scored["rating"], errors="coerce")
    disagree = scored[((rating >= 4) & (scored["sentiment"] <= NEGATIVE_UP_TO))
                      | ((rating <= 2) & (scored["sentiment"] >= POSITIVE_FROM))]
    return SentimentReport(
        reviews=len(reviews), not_scored=int(reviews["sentiment"].isna().sum()),
        linked=int(reviews["linked"].sum()) if "linked" in reviews else None,
        shares={k: round(float(v), 4) for k, v in shares.items()}, by_month=by_month,
        best_products=products.sort_values("mean", ascending=False).head(shown),
        worst_products=products.sort_values("mean").head(shown),
        latest_negative=negative.head(shown), disagreements=disagree.head(shown),
    )


def customer_sentiment(reviews: pd.DataFrame) -> pd.Series:
    """Mean compound score per customer (scored reviews only)."""
    scored = reviews[reviews["sentiment"].notna() & reviews["customer_id"].notna()]
    return scored.groupby("customer_id")["sentiment"].mean().round(4)


def unhappy_valuable(scores: pd.DataFrame, *, top_share: float = 0.2) -> pd.DataFrame:
    """Customers whose reviews are negative on average and whose value is in the shop's top fifth."""
    value = pd.to_numeric(scores["clv_12m"], errors="coerce").fillna(pd.to_numeric(scores["monetary"], errors="coerce"))
    threshold = value.quantile(1 - top_share) if len(value) else np.inf
    sentiment = pd.to_numeric(scores["sentiment"], errors="coerce")
    return scores[(sentiment <= NEGATIVE_UP_TO) & (value >= threshold)]
