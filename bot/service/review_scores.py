"""Scoring review texts for sentiment, spread over every core when an upload holds many.

analytics.sentiment scores in the process it is called in; spreading the work is the service's
choice (bot.service.jobs), made here: below PARALLEL_FROM texts, starting processes costs more
than it saves.
"""

from __future__ import annotations

import os

import pandas as pd

from analytics.sentiment import score_texts
from bot.service.jobs import map_on_cores

PARALLEL_FROM = 20_000
CHUNKS_PER_CORE = 4  # small enough that a core left idle by a short chunk picks up another


def score_reviews(texts: list[str], *, workers: int | None = None) -> list[float | None]:
    """VADER compound score per text, None for texts that are not English; on every core for many."""
    texts = [str(text) for text in texts]
    if not texts:  # an export without reviews, most of them: loading the language model costs 2 s
        return []
    workers = workers or os.cpu_count() or 1
    if len(texts) < PARALLEL_FROM or workers < 2:
        return score_texts(texts)
    score_texts([])  # loads VADER and the language model once, here: the forked processes inherit them
    size = -(-len(texts) // (workers * CHUNKS_PER_CORE))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    return [score for chunk in map_on_cores(score_texts, chunks, workers=workers) for score in chunk]


def scored_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """An export's reviews with their sentiment column, as an upload stores them and `analyze` reads them."""
    return reviews.assign(sentiment=score_reviews(reviews["text"].tolist()))
