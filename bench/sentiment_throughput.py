"""Sentiment scoring throughput: 100,000 reviews, ours (language check + VADER on both cores)
against a plain single-process VADER loop over the same texts, in the same run.

The two-core ratio needs idle cores; the one-process ratio is CPU time against CPU time, so it
holds on a busy machine too. Both sides score the same texts after the same warm-up, and the
count of texts ours did not score is printed: a language check that skipped texts would show.
"""

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
    analyzer.polarity_scores(texts[0])
    started, cpu = time.perf_counter(), time.process_time()
    baseline = [analyzer.polarity_scores(text)["compound"] for text in texts]
    plain, plain_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    ours = score_reviews(texts)
    ours_s = time.perf_counter() - started
    cpu = time.process_time()
    score_texts(texts)
    one_process = time.process_time() - cpu
    same = sum(1 for a, b in zip(baseline, ours) if b is not None and abs(a - b) < 1e-12)
    not_scored = sum(1 for b in ours if b is None)
    ratio = plain / ours_s
    print(f"sentiment of {count:,} reviews on {os.cpu_count()} cores: ours {count / ours_s:,.0f} texts/s, "
          f"plain VADER loop {count / plain:,.0f} texts/s, ratio {ratio:.2f}x ({same:,} identical scores, "
          f"{not_scored:,} not scored); ours in one process {plain_cpu / one_process:.2f}x in CPU time "
          f"(language check included, whatever the load)")
    return {"ratio": ratio, "one_process_ratio": plain_cpu / one_process, "not_scored": not_scored, "ours_per_s": count / ours_s,
            "plain_per_s": count / plain}


if __name__ == "__main__":
    main()
