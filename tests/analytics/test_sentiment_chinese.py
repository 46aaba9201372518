"""Chinese reviews are scored on VADER's scale; English ones keep plain VADER's score."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.sentiment import label, score_texts
from analytics.sentiment_chinese import CUT, on_vader_scale


def test_clear_chinese_praise_and_complaints_get_their_labels():
    praise, complaint = "质量很好，非常满意，下次还会再来买", "太差了，用了一次就坏了，客服也不理人，要退货"
    assert [label(score) for score in score_texts([praise, complaint])] == ["positive", "negative"]


def test_the_measured_cut_is_the_middle_of_the_scale_and_the_ends_stay_the_ends():
    assert on_vader_scale(CUT) == 0.0
    assert on_vader_scale(0.0) == -1.0 and on_vader_scale(1.0) == 1.0
    chances = [0.0, 0.2, CUT - 0.01, CUT, CUT + 0.01, 0.8, 1.0]
    scores = [on_vader_scale(chance) for chance in chances]
    assert scores == sorted(scores)


def test_a_batch_mixing_languages_routes_each_text_and_keeps_english_scores_identical():
    texts = ["Lovely soap, arrived fast", "香味很好闻，包装精美", "Ce produit est super, je recommande",
             "Terrible, it broke on day one", "これはとても良い商品です"]
    scores = score_texts(texts)
    vader = SentimentIntensityAnalyzer()
    assert scores[0] == vader.polarity_scores(texts[0])["compound"]
    assert scores[3] == vader.polarity_scores(texts[3])["compound"]
    assert scores[2] is None and scores[4] is None  # French and Japanese: not scored
    assert scores[1] == pytest.approx(score_texts([texts[1]])[0]) and -1.0 <= scores[1] <= 1.0


def test_scoring_chinese_never_loads_snownlps_400_mb_segmenter():
    """SnowNLP's package loads its segmenter and tagger on import (some 400 MB, half a job's
    memory cap); the bot reads only its model's files."""
    import subprocess
    import sys

    code = ("import resource, sys; from analytics.sentiment import score_texts; "
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; score_texts(['质量很好，非常满意']); "
            "grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024; "
            "print('snownlp' in sys.modules, grown < 250)")
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert answer == ["False", "True"]
