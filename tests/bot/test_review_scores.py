"""Many reviews are scored on every core by the service, with the scores one process gives."""

from __future__ import annotations

import pandas as pd

from analytics.sentiment import score_texts
from bot.service import review_scores
from tests.helpers import reviews as review_files


def test_scoring_spread_over_processes_gives_the_scores_of_one_process(monkeypatch):
    texts = [row[0] for row in review_files.review_rows(400)]
    monkeypatch.setattr(review_scores, "PARALLEL_FROM", 100)
    assert review_scores.score_reviews(texts, workers=2) == score_texts(texts)


def test_an_export_without_reviews_loads_no_language_model(monkeypatch):
    import analytics.language
    import analytics.sentiment

    monkeypatch.setattr(analytics.language, "_MODEL", None)
    monkeypatch.setattr(analytics.sentiment, "_ANALYZER", None)
    empty = pd.DataFrame({"text": pd.Series([], dtype="str")})
    assert review_scores.scored_reviews(empty)["sentiment"].tolist() == []
    assert analytics.language._MODEL is None and analytics.sentiment._ANALYZER is None
