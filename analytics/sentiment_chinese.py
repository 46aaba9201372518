"""Sentiment of Chinese reviews: SnowNLP's model, on VADER's -1..1 scale.

Chosen by measurement (`python -m bench.sentiment_zh`, on online_shopping_10_cats from github
SophonPlus/ChineseNlpCorpus, reviews SnowNLP was trained on left out): SnowNLP beats counting
HowNet's positive and negative words, with or without degree words and negations, on accuracy
and on F1 of negative reviews. SnowNLP gives the chance that a review is positive; CUT, the
chance above which a review is more often positive than not on that measurement, becomes 0,
and the chances below and above it are stretched to -1..0 and 0..1, so the labels' thresholds
(positive from 0.05, negative up to -0.05) mean the same as for English.
"""

from __future__ import annotations

# SnowNLP's chance at which the measurement's development split was labelled best (83.3% right on
# 3,000 held-out reviews, F1 0.835 on the negative ones; the word-list count: 69.0%, 0.610).
CUT = 0.4915


def score_chinese(texts: list[str]) -> list[float]:
    """A score in -1..1 per Chinese text (negative below 0, positive above)."""
    from snownlp import SnowNLP  # its models take some 400 MB: loaded only when a Chinese review arrives

    return [on_vader_scale(SnowNLP(text).sentiments) if text.strip() else 0.0 for text in texts]


def on_vader_scale(chance_positive: float) -> float:
    """0 at CUT, -1 at a chance of 0, 1 at a chance of 1, straight lines between."""
    if chance_positive >= CUT:
        return round((chance_positive - CUT) / (1 - CUT), 4)
    return round((chance_positive - CUT) / CUT, 4)
