"""Sentiment scoring throughput: 100,000 reviews, ours (language check + VADER on both cores)
against a plain single-process VADER loop over the same texts, in the same run.

The two-core ratio needs idle cores; the one-process ratio shows what the language check costs
on a busy machine too."""

from __future__ import annotations

import os
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.sentiment import score_texts
from bot.service.review_scores import score_reviews

REVIEWS = 100_000
WORDS = ["love", "great", "soap", "candle", "arrived", "late", "broken", "terrible", "smells", "amazing",
         "the", "is", "and", "it", "was", "not", "very", "good", "quality", "gift", "!!!", "😍", "😡"]


def reviews(count: int) -> list[str]:
    import numpy as np

    rng = np.random.default_rng(0)
    lengths = rng.integers(4, 30, count)
    return [" ".join(rng.choice(WORDS, size=n)) for n in lengths]


def main(count: int = REVIEWS) -> dict:
    texts = reviews(count)
    analyzer = SentimentIntensityAnalyzer()
    score_texts(["loads VADER and the language model before the clock starts, as VADER is above"])
    started = time.perf_counter()
    baseline = [analyzer.polarity_scores(text)["compound"] for text in texts]
    plain = time.perf_counter() - started
    started = time.perf_counter()
    ours = score_reviews(texts)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    score_texts(texts)
    one_process = time.perf_counter() - started
    same = sum(1 for a, b in zip(baseline, ours) if b is not None and abs(a - b) < 1e-12)
    ratio = plain / ours_s
    print(f"sentiment of {count:,} reviews on {os.cpu_count()} cores: ours {count / ours_s:,.0f} texts/s, "
          f"plain VADER loop {count / plain:,.0f} texts/s, ratio {ratio:.2f}x ({same:,} identical scores); "
          f"ours in one process {plain / one_process:.2f}x (what the language check costs, whatever the load)")
    return {"ratio": ratio, "one_process_ratio": plain / one_process, "ours_per_s": count / ours_s,
            "plain_per_s": count / plain}


if __name__ == "__main__":
    main()
