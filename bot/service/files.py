"""Analysing export files without a chat or a database: what `shoppulse analyze` runs.

The same reading, review scoring and analysis as an upload to the bot, so the command line says
what the bot would say about the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.analysis import DEFAULT_HORIZON_DAYS, Analysis, analyse_orders
from analytics.ingest import read_exports
from bot.service.analyses import lanes_for
from bot.service.review_scores import scored_reviews


@dataclass
class FilesAnalysis:
    platform: str  # the platform the files were read as
    analysis: Analysis


def analyse_files(uploads: list[tuple[bytes, str]], *, as_of: pd.Timestamp | None = None,
                  horizon_days: int = DEFAULT_HORIZON_DAYS) -> FilesAnalysis:
    """Read (bytes, file name) pairs as one shop's history and analyse it; raises ShopPulseError
    with the owner's words when the files cannot be used."""
    export = read_exports(uploads)
    analysis = analyse_orders(export.orders, items=export.items, reviews=scored_reviews(export.reviews),
                              as_of=as_of, horizon_days=horizon_days, profiles=export.profiles,
                              run_parts=lanes_for(len(export.orders), len(export.items)))
    return FilesAnalysis(export.platform, analysis)
