"""Telling English reviews from others: what VADER may score."""

from __future__ import annotations

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.language import LANGUAGES, _model, are_chinese, are_english, is_english
from analytics.sentiment import score_texts
from tests.helpers.foreign_reviews import foreign_reviews

# Short English reviews of the kind a word list or a detector choosing among 97 languages gets
# wrong (several are VADER's own Amazon snippets and tweets, which the old check or py3langid's
# full model called French, Dutch, Italian or Maltese).
ENGLISH = ["excellent product.", "wonderful.", "perfect.", "Excellent phone, excellent service.", "overall i like it.",
           "@anonymous sad", "woo! Vampire Weekend tickets! #fb", "so cold :(", "Thank ya!!!!!", "hope i helped!",
           "Love it 😍", "Super fast delivery, thanks", "The candle smells divine", "Not worth the money.",
           "Arrived broken. Refund please.", "Gorgeous soap dish, my mum loved it", "meh", "ok", "5 stars!!!"]


def test_the_french_review_from_the_audit_is_not_english():
    assert not is_english("Ce produit est super, je recommande")
    assert score_texts(["Ce produit est super, je recommande"]) == [None]


def test_nearly_all_written_french_german_spanish_reviews_are_not_scored_and_chinese_ones_are():
    written = foreign_reviews()
    assert len(written) >= 100 and {language for language, _ in written} == {"fr", "de", "es", "zh"}
    scores = score_texts([text for _, text in written])
    for language in ("fr", "de", "es"):
        mine = [score is None for (lang, _), score in zip(written, scores) if lang == language]
        assert sum(mine) >= len(mine) - 2, f"{language}: {len(mine) - sum(mine)} reviews scored as English"
    chinese = [text for lang, text in written if lang == "zh"]
    assert are_chinese(chinese) == [True] * len(chinese)
    assert all(score is not None for (lang, _), score in zip(written, scores) if lang == "zh")


def test_japanese_and_mixed_texts_are_not_taken_for_chinese():
    assert are_chinese(["これはとても良い商品です", "Great soap", "😍", "", "好评", "质量很好 good"]) == [
        False, False, False, False, True, True]


@pytest.mark.parametrize("text", ENGLISH)
def test_short_english_reviews_are_scored_with_plain_vaders_score(text):
    assert is_english(text)
    assert score_texts([text]) == [SentimentIntensityAnalyzer().polarity_scores(text)["compound"]]


@pytest.mark.parametrize("text", ["😍😍😍", "!!!", "", "12345", ":-)"])
def test_texts_without_words_are_left_to_vader(text):
    """VADER reads emoji and emoticons; there is no language to tell."""
    assert is_english(text)


def test_chances_are_py3langids_own_for_short_long_and_empty_texts():
    model = _model()
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(LANGUAGES)
    long_review = "The soap arrived quickly and smells lovely. " * 60  # walked alone (over 2,000 bytes)
    texts = [text for _, text in foreign_reviews()[::7]] + ENGLISH + ["", "😍", long_review, "Sehr gut! " * 300]
    batched = model.probabilities(texts)
    one_by_one = np.array([[dict(reference.rank(text))[label] for label in model.labels] for text in texts])
    np.testing.assert_allclose(batched, one_by_one, atol=1e-5)


def test_the_answer_for_a_text_does_not_depend_on_its_neighbours():
    texts = [text for _, text in foreign_reviews()] + ENGLISH
    model = _model()
    alone = np.array([model.probabilities([text])[0] for text in texts])
    np.testing.assert_allclose(model.probabilities(texts), alone, atol=1e-6)
    assert are_english(texts) == [is_english(text) for text in texts]


def test_english_reviews_never_load_the_chinese_model():
    """SnowNLP's models take some 400 MB: a worker scoring English reviews must not load them
    (the 800 MB job cap stopped ordinary imports when it did)."""
    import subprocess
    import sys

    code = ("import sys; from analytics.sentiment import score_texts; "
            "score_texts(['Lovely soap, thank you!', 'Arrived broken']); print('snownlp' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "False"
