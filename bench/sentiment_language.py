"""Which reviews get scored: VADER's own human-rated English sets (4,200 tweets and 3,708 Amazon
review snippets, from hutto_ICWSM_2014.tar.gz in github cjhutto/vaderSentiment) must be scored,
the French, German and Spanish reviews of tests/helpers/foreign_reviews.py flagged, and
every scored text must get exactly plain VADER's score.

The tarball is read at run time and never committed: from bench/out/ if it is there, else from
a git clone of vaderSentiment given with --git-dir, else downloaded from GitHub.

    python -m bench.sentiment_language [--git-dir PATH/TO/vaderSentiment/.git]
"""

from __future__ import annotations

import argparse
import subprocess
import tarfile
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.sentiment import score_texts
from bench.yardstick import download
from tests.helpers.foreign_reviews import foreign_reviews

OUT = Path(__file__).parent / "out"
TARBALL = "additional_resources/hutto_ICWSM_2014.tar.gz"
URL = f"https://raw.githubusercontent.com/cjhutto/vaderSentiment/master/{TARBALL}"
SETS = {"tweets": "tweets_GroundTruth.txt", "Amazon snippets": "amazonReviewSnippets_GroundTruth.txt"}


def vader_sets(git_dir: Path | None = None) -> dict[str, list[str]]:
    """The English texts of VADER's human-rated sets, by set name."""
    folder = OUT / "hutto_ICWSM_2014"
    if not folder.exists():
        OUT.mkdir(exist_ok=True)
        tarball = OUT / "hutto_ICWSM_2014.tar.gz"
        if git_dir is not None:
            tarball.write_bytes(subprocess.run(["git", "--git-dir", str(git_dir), "show", f"HEAD:{TARBALL}"],
                                               check=True, capture_output=True).stdout)
        elif not tarball.exists():
            download(URL, tarball, "cjhutto/vaderSentiment", TARBALL)
        with tarfile.open(tarball) as archive:
            archive.extractall(OUT, filter="data")
    sets = {}
    for name, file_name in SETS.items():
        lines = (folder / file_name).read_text(encoding="utf-8", errors="replace").splitlines()
        sets[name] = [parts[2] for parts in (line.split("\t") for line in lines) if len(parts) >= 3]
    return sets


def main(git_dir: Path | None = None) -> dict:
    analyzer = SentimentIntensityAnalyzer()
    rates = {}
    for name, texts in vader_sets(git_dir).items():
        scores = score_texts(texts)
        scored = [(text, score) for text, score in zip(texts, scores) if score is not None]
        differ = sum(1 for text, score in scored if score != analyzer.polarity_scores(text)["compound"])
        rates[name] = len(scored) / len(texts)
        print(f"VADER's English {name}: {len(scored):,} of {len(texts):,} scored ({rates[name]:.2%}); "
              f"{differ} scores differ from plain VADER")
    written = [(language, text) for language, text in foreign_reviews() if language != "zh"]  # Chinese is scored
    flagged = [score is None for score in score_texts([text for _, text in written])]
    rates["foreign"] = sum(flagged) / len(written)
    print(f"French, German and Spanish reviews: {sum(flagged)} of {len(written)} not scored "
          f"({rates['foreign']:.2%}); Chinese ones are scored by analytics.sentiment_chinese (bench.sentiment_zh)")
    for (language, text), not_scored in zip(written, flagged):
        if not not_scored:
            print(f"  scored as English: [{language}] {text}")
    return rates


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, help="a git clone of cjhutto/vaderSentiment")
    main(parser.parse_args().git_dir)
