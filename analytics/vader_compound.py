"""VADER's compound score, computed exactly as vaderSentiment 3.3.2 computes it, in a third of the time.

`SentimentIntensityAnalyzer.polarity_scores` lowercases the whole sentence again for every check
it makes around a lexicon word (up to four times per word: the negation checks and the idiom
check each rebuild the lowercased list), so a review of n words costs n² `str.lower` calls; it
also builds the emoji-free text one character at a time and works out the pos/neu/neg shares
that the shop never reads. Here each sentence is lowercased once and only the compound score is
computed. The rules, the constants, the lexicons and the order of every floating-point operation
are VADER's own, so the scores are equal, not close: tests/analytics/test_vader_compound.py
compares them on the test fixtures and on sentences built to hit every rule, and
`python -m bench.sentiment_language` on VADER's human-rated sets.
"""

from __future__ import annotations

import math
import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

__all__ = ["CompoundScorer"]

_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation


class CompoundScorer:
    """`compound(text)` equals `SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`."""

    def __init__(self, analyzer: SentimentIntensityAnalyzer | None = None) -> None:
        analyzer = analyzer or SentimentIntensityAnalyzer()
        self._lexicon = analyzer.lexicon
        self._emojis = analyzer.emojis
        # VADER looks emoji up one character at a time, so only one-character keys ever match.
        self._emoji_chars = frozenset(key for key in analyzer.emojis if len(key) == 1)

    def compound(self, text: str) -> float:
        text = self._describe_emoji(text).strip()
        words = [_strip_punctuation(token) for token in text.split()]
        lower = [word.lower() for word in words]
        capitals = sum(1 for word in words if word.isupper())
        is_cap_diff = 0 < len(words) - capitals < len(words)
        lexicon = self._lexicon
        last = len(words) - 1
        sentiments: list[float] = []
        for i, low in enumerate(lower):
            if low in BOOSTER_DICT or (i < last and low == "kind" and lower[i + 1] == "of"):
                sentiments.append(0)
            elif low in lexicon:
                sentiments.append(self._valence(words, lower, i, is_cap_diff))
            else:
                sentiments.append(0)
        if "but" in lower:  # rare: VADER's own code, with its quirks (it looks scores up by value)
            sentiments = SentimentIntensityAnalyzer._but_check(words, sentiments)
        if not sentiments:
            return 0.0
        total = float(sum(sentiments))
        emphasis = _punctuation_emphasis(text)
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        return round(_normalize(total), 4)

    def _describe_emoji(self, text: str) -> str:
        """VADER's emoji step: each emoji replaced by its description, set off by a space."""
        if text.isascii() or self._emoji_chars.isdisjoint(text):
            return text
        pieces: list[str] = []
        prev_space = True
        for char in text:
            if char in self._emoji_chars:
                if not prev_space:
                    pieces.append(" ")
                pieces.append(self._emojis[char])
                prev_space = False
            else:
                pieces.append(char)
                prev_space = char == " "
        return "".join(pieces)

    def _valence(self, words: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
        """VADER's `sentiment_valence` for a lexicon word at position i."""
        lexicon = self._lexicon
        low = lower[i]
        valence = lexicon[low]
        if low == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if ((i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no")
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))):
            valence = lexicon[low] * N_SCALAR
        if is_cap_diff and words[i].isupper():
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            before = i - (start_i + 1)
            if i > start_i and lower[before] not in lexicon:
                s = _scalar_inc_dec(words[before], lower[before], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lower, i)
        return _least_check(valence, lexicon, lower, i)


def _strip_punctuation(token: str) -> str:
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _scalar_inc_dec(word: str, low: str, valence: float, is_cap_diff: bool) -> float:
    scalar = 0.0
    if low in BOOSTER_DICT:
        scalar = BOOSTER_DICT[low]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            if valence > 0:
                scalar += C_INCR
            else:
                scalar -= C_INCR
    return scalar


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(lower[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * N_SCALAR
    else:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")
                or (lower[i - 1] == "so" or lower[i - 1] == "this")):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _least_check(valence: float, lexicon: dict[str, float], lower: list[str], i: int) -> float:
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _punctuation_emphasis(text: str) -> float:
    ep_amplifier = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_amplifier + qm_amplifier


def _normalize(score: float, alpha: float = 15) -> float:
    norm_score = score / math.sqrt((score * score) + alpha)
    return max(-1.0, min(1.0, norm_score))
