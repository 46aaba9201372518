"""RFM scores 1-5 and the named segments of shared/RFM_SEGMENTS.md, with what to do about each.

The segment table below is the single copy in the code; a test checks it covers all 125 codes
exactly once. Shops with fewer than `QUINTILE_MIN_CUSTOMERS` customers are scored on fixed
bands (days since the last order, number of orders) because quintiles of a handful of people
say nothing; the owner is told which scoring was used.

"New Customers" also needs a first order in the last `NEW_CUSTOMER_DAYS` days. A quintile only
says "more recent than most": in a shop whose customers all came years ago, one-time buyers of
seven months ago land in R4-R5 and would be welcomed as new. Those customers move to
"About To Sleep", which is what the table means by a low-value buyer who has gone quiet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

QUINTILE_MIN_CUSTOMERS = 50

SEGMENT_CODES: dict[str, str] = {
    "Champions": "555 554 544 545 454 455 445",
    "Loyal": "543 444 435 355 354 345 344 335",
    "Potential Loyalist": (
        "553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 341 333 323"
    ),
    "New Customers": "512 511 422 421 412 411 311",
    "Promising": "525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313",
    "Need Attention": "535 534 443 434 343 334 325 324",
    "About To Sleep": "331 321 312 221 213 231 241 251",
    "At Risk": "255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124",
    "Can't Lose Them": "155 154 144 214 215 115 114 113",
    "Hibernating": "332 322 233 232 223 222 132 123 122 212 211",
    "Lost": "111 112 121 131 141 151",
}
SEGMENTS: list[str] = list(SEGMENT_CODES)
SEGMENT_BY_CODE: dict[str, str] = {
    code: segment for segment, codes in SEGMENT_CODES.items() for code in codes.split()
}

SEGMENT_ACTIONS: dict[str, str] = {
    "Champions": "Thank them: early access, a referral reward, ask for a review.",
    "Loyal": "Offer a loyalty perk or a bundle; ask what they would like next.",
    "Potential Loyalist": "Invite them to a membership or a second-purchase offer.",
    "New Customers": "Send a warm welcome and a how-to; make the second order easy.",
    "Promising": "Build the habit: a small discount on the next order within 30 days.",
    "Need Attention": "A limited-time offer based on what they bought before.",
    "About To Sleep": "Remind them with bestsellers and a gentle discount.",
    "At Risk": "Win them back now: a personal e-mail and a meaningful offer.",
    "Can't Lose Them": "Call or write personally; your best former buyers are slipping away.",
    "Hibernating": "Include them in seasonal campaigns; do not spend much on them.",
    "Lost": "One last win-back e-mail, then stop mailing to protect your sender score.",
}

NEW_CUSTOMER_DAYS = 30  # "New Customers" made their first order at most this many days ago
NOT_NEW_AFTERWARDS = "About To Sleep"

RECENCY_BANDS_DAYS = (30, 90, 180, 365)  # up to 30 days = 5 ... over 365 days = 1
FREQUENCY_BANDS = (1, 2, 3, 5)  # 1 order = 1, 2 = 2, 3 = 3, 4-5 = 4, 6+ = 5


def score_rfm(customers: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """R, F and M scores, the RFM code and segment of each customer, and how they were scored.

    `customers` needs customer_id, recency_days, tenure_days (days since the first order),
    frequency and monetary. Ties are broken by customer id order, so the same data always gets
    the same scores.
    """
    ordered = customers.sort_values("customer_id", kind="stable")
    if len(ordered) >= QUINTILE_MIN_CUSTOMERS:
        r = _quintile(-ordered["recency_days"], method="average")
        f = _quintile(ordered["frequency"] + _tiebreak(ordered["monetary"]), method="first")
        scoring = f"quintiles of your {len(ordered):,} customers"
    else:
        r = 5 - np.searchsorted(RECENCY_BANDS_DAYS, ordered["recency_days"].to_numpy(), side="left")
        f = 1 + np.searchsorted(FREQUENCY_BANDS, ordered["frequency"].to_numpy(), side="left")
        scoring = (
            f"fixed bands, because {len(ordered)} customers are too few for quintiles "
            f"(days since the last order: {'/'.join(map(str, RECENCY_BANDS_DAYS))}; "
            f"orders: {_frequency_band_words()})"
        )
    m = _quintile(ordered["monetary"], method="average")
    scores = pd.DataFrame(
        {"r": np.asarray(r, dtype=int), "f": np.asarray(f, dtype=int), "m": np.asarray(m, dtype=int)},
        index=ordered.index,
    ).reindex(customers.index)
    scores["rfm_code"] = scores["r"].astype(str) + scores["f"].astype(str) + scores["m"].astype(str)
    segment = scores["rfm_code"].map(SEGMENT_BY_CODE)
    not_new = (segment == "New Customers") & (customers["tenure_days"] > NEW_CUSTOMER_DAYS)
    scores["segment"] = segment.mask(not_new, NOT_NEW_AFTERWARDS)
    return scores, scoring


def _frequency_band_words() -> str:
    """FREQUENCY_BANDS as an owner reads them: "1, 2, 3, 4-5, 6+"."""
    words, low = [], 1
    for high in FREQUENCY_BANDS:
        words.append(str(high) if high == low else f"{low}-{high}")
        low = high + 1
    return ", ".join(words + [f"{low}+"])


def _quintile(values: pd.Series, *, method: str) -> np.ndarray:
    """Score 1-5 by where each value ranks; higher value, higher score."""
    pct = values.rank(method=method, pct=True).to_numpy()
    return np.clip(np.ceil(pct * 5), 1, 5).astype(int)


def _tiebreak(monetary: pd.Series) -> pd.Series:
    """A fraction under 1 that orders equal order counts by spend, without changing the count."""
    spread = monetary.rank(method="first", pct=True)
    return spread * 0.999
