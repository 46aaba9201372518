"""Which review texts are English: py3langid's model (it ships inside the wheel), asked only
about the languages a shop's customers write in, and batched so it stays cheap beside VADER.

Short texts are hard: "@anonymous sad" or "wonderful." look like anything. A text is called
"not English" only when the model is sure: English less than a 1-in-50 chance, or one other
language 80% or more. On VADER's human-rated English sets that scores 99.7% of the tweets (6 of
the 12 left are in Turkish, Dutch, Danish or Spanish) and every Amazon snippet, and it flags all
120 French, German, Spanish and Chinese reviews in tests/helpers/foreign_reviews.py
(`python -m bench.sentiment_language` prints the rates). Letting the model choose among all of
its 142 languages and dialects instead calls one English tweet in twenty French, Dutch,
Indonesian or Finnish.
"""

from __future__ import annotations

import re

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts
from scipy.sparse import csr_matrix

# The languages the model may choose from: English and those a small shop's customers write
# reviews in most (Europe, the Americas, the Middle East, South and East Asia).
LANGUAGES = ("en fr de es it pt nl pl sv da no fi cs ro hu el tr ru uk ar he hi zh ja ko vi th id").split()
NOT_ENGLISH_BELOW = 0.02  # the model's chance that a text is English...
ANOTHER_LANGUAGE_FROM = 0.8  # ...or that it is in one other language
# Mentions, links, HTML entities and the hash of a hashtag say nothing about the language.
_NOISE = re.compile(r"@\w+|https?://\S+|&\w+;|#")

_MODEL: _BatchedModel | None = None


class _BatchedModel:
    """py3langid's classifier run on many texts at once.

    py3langid walks its byte automaton in a Python loop and scores each text with a few small
    numpy calls: about 110 µs a review, half of what VADER itself takes. Here the automaton
    takes one numpy step per byte position for a whole block of texts, and one sparse product
    scores them all. The model, its tables and its probabilities are the library's (a test
    compares them with its `rank()`).
    """

    BLOCK = 2048  # short texts walked together, sorted by length so little of a block is padding
    LONG = 2_000  # bytes; a longer text is walked alone by py3langid, so a block stays small

    def __init__(self, languages: list[str]) -> None:
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(languages)
        self.labels = list(identifier.nb_classes)
        self.english = self.labels.index("en")
        # Only the tables the walk and the scoring need are kept: the identifier also holds
        # the full 142-language model, which would double the memory a worker needs.
        self._automaton = identifier.tk_nextmove, identifier._rowbase, identifier.tk_output
        self._next = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32)
        self._row_start = np.asarray(identifier.tk_row, dtype=np.int64) << 8
        self._feature = np.asarray(identifier.tk_output, dtype=np.int64)
        self._weights = np.asarray(identifier.nb_ptc, dtype=np.float32)
        self._priors = np.asarray(identifier.nb_pc, dtype=np.float32)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """One row per text: the chance of each label (columns in `labels` order)."""
        encoded = [LanguageIdentifier._encode(text) for text in texts]
        lengths = np.fromiter((len(data) for data in encoded), dtype=np.int64, count=len(encoded))
        order = np.argsort(lengths, kind="stable")
        short = order[: int(np.searchsorted(lengths[order], self.LONG, side="right"))]
        rows, features = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for block in range(0, len(short), self.BLOCK):
            members = short[block : block + self.BLOCK]
            found_rows, found_features = self._walk([encoded[i] for i in members], lengths[members])
            rows.append(members[found_rows])
            features.append(found_features)
        for row in order[len(short):]:
            visits = visit_counts(*self._automaton, encoded[row]) or {}
            rows.append(np.full(sum(visits.values()), row, dtype=np.int64))
            features.append(np.repeat(np.fromiter(visits.keys(), np.int64), np.fromiter(visits.values(), np.int64)))
        rows, features = np.concatenate(rows), np.concatenate(features)
        counts = csr_matrix((np.ones(len(rows), np.float32), (rows, features)),
                            shape=(len(texts), self._weights.shape[0]))
        counts.sum_duplicates()
        counts.data = np.log1p(counts.data)
        scores = np.asarray(counts @ self._weights) + self._priors
        scores[np.diff(counts.indptr) == 0] = 0.0  # py3langid: no features, every language alike
        scores *= (1.0 / np.sqrt(np.maximum(lengths, 1)))[:, None].astype(np.float32)
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def _walk(self, encoded: list[bytes], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(text, feature) for every feature the automaton emits; texts come shortest first and
        are named by their place in the block."""
        width = int(lengths[-1])
        data = np.zeros((width, len(encoded)), dtype=np.uint8)  # one row per byte position
        for column, text in enumerate(encoded):
            data[: len(text), column] = np.frombuffer(text, dtype=np.uint8)
        state = np.zeros(len(encoded), dtype=np.int64)
        rows, features = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for position in range(width):
            first = int(np.searchsorted(lengths, position, side="right"))  # texts still going
            state[first:] = self._next[self._row_start[state[first:]] + data[position, first:]]
            emitted = self._feature[state[first:]]
            hit = np.flatnonzero(emitted >= 0)
            rows.append(hit + first)
            features.append(emitted[hit])
        return np.concatenate(rows), np.concatenate(features)

def _model() -> _BatchedModel:
    global _MODEL
    if _MODEL is None:
        _MODEL = _BatchedModel(LANGUAGES)
    return _MODEL


def are_english(texts: list[str]) -> list[bool]:
    """False for the texts the model is sure are not English; texts with no letters count as
    English (VADER reads emoji and emoticons)."""
    model = _model()
    if not texts:
        return []
    chances = model.probabilities([_NOISE.sub(" ", str(text)) for text in texts])
    english = chances[:, model.english]
    other = np.delete(chances, model.english, axis=1).max(axis=1, initial=0.0)
    return ((english >= NOT_ENGLISH_BELOW) & (other < ANOTHER_LANGUAGE_FROM)).tolist()


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LETTER = re.compile(r"[^\W\d_]")


def are_chinese(texts: list[str]) -> list[bool]:
    """True for texts at least half of whose letters are Chinese characters and that have no
    Japanese kana (Japanese writes Chinese characters too). Counting characters is enough here:
    no other language writes them, and it is right on one-word reviews ("好评") that a model of
    letter sequences has too little to go on."""
    answers = []
    for text in texts:
        text = str(text)
        letters = len(_LETTER.findall(text))
        answers.append(bool(letters) and not _KANA.search(text) and len(_HAN.findall(text)) * 2 >= letters)
    return answers


def is_english(text: str) -> bool:
    return are_english([text])[0]
