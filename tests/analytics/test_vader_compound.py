"""Our compound score is plain VADER's, to the last bit, on every rule VADER has."""

from __future__ import annotations

import numpy as np
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.vader_compound import CompoundScorer
from bench.sentiment_throughput import reviews as bench_reviews
from tests.analytics.test_language import ENGLISH
from tests.helpers import reviews as review_files
from tests.helpers.foreign_reviews import foreign_reviews

# Words that set off each of VADER's rules: lexicon words, boosters and dampeners (also in
# capitals), negations and contractions, "no ... or", "never so", "without doubt", "least",
# "kind of", idioms and special cases, "but", emoji and emoticons, ! and ?.
WORDS = ["good", "GOOD", "bad", "BAD", "love", "hate", "great", "terrible", "ok", "no", "No", "or", "nor",
         "not", "isn't", "don't", "never", "NEVER", "so", "this", "without", "doubt", "least", "at", "very",
         "VERY", "extremely", "barely", "kind", "of", "sort", "kinda", "the", "shit", "bomb", "bad", "ass",
         "bus", "stop", "yeah", "right", "kiss", "death", "to", "die", "for", "beating", "heart", "cut",
         "mustard", "but", "BUT", "soap", "candle", "arrived", "broken", ":)", ":(", ":-D", "<3", "😍", "😡",
         "👍", "🙂x", "!", "!!", "!!!!!", "?", "??", "????", "wow!", "...", "'great'", "(bad)", "a", "I",
         "funny.", "haha", "lol", "smh", "nope", "uh-uh", "despite", "hardly", "most", "sorta", "kind-of"]


def _sentences(count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    joins = [" ", " ", " ", "  ", ""]
    return ["".join(word + str(rng.choice(joins)) for word in rng.choice(WORDS, size=int(rng.integers(0, 14))))
            for _ in range(count)]


def _fixture_texts() -> list[str]:
    files = [row[0] for row in review_files.review_rows(300)]
    return (files + [text for _, text in foreign_reviews()] + ENGLISH + bench_reviews(3_000)
            + review_files.POSITIVE + review_files.NEGATIVE + review_files.NEUTRAL + review_files.FOREIGN
            + ["", " ", "😍😍😍", "!!!", "12345", ":-)", "ok  ", "\tfine\n", "Ce produit est super, je recommande"])


@pytest.mark.parametrize("texts", [_fixture_texts(), _sentences(8_000, seed=1)], ids=["fixtures", "every rule"])
def test_compound_scores_equal_plain_vaders(texts):
    vader, ours = SentimentIntensityAnalyzer(), CompoundScorer()
    differ = [(text, ours.compound(text), vader.polarity_scores(text)["compound"]) for text in texts
              if ours.compound(text) != vader.polarity_scores(text)["compound"]]
    assert differ == []


def test_the_sentences_reach_every_rule():
    """Guards the test above: its sentences must give scores of every kind, not only zeros."""
    scores = [CompoundScorer().compound(text) for text in _sentences(2_000, seed=1)]
    assert min(scores) < -0.9 and max(scores) > 0.9 and 0.0 in scores
    assert len(set(scores)) > 500
