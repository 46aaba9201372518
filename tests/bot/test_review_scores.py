"""Many reviews are scored on every core by the service, with the scores one process gives."""

from __future__ import annotations

from analytics.sentiment import score_texts
from bot.service import review_scores
from tests.helpers import reviews as review_files


def test_scoring_spread_over_processes_gives_the_scores_of_one_process(monkeypatch):
    texts = [row[0] for row in review_files.review_rows(400)]
    monkeypatch.setattr(review_scores, "PARALLEL_FROM", 100)
    assert review_scores.score_reviews(texts, workers=2) == score_texts(texts)
