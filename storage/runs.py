"""Analysis runs: the summary of each run and the per-customer scores it produced.

Only the newest few runs of a chat are kept: the bot shows the latest, and the digest compares
it with the one before; older scores would only grow the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from storage.chats import ensure_chat
from storage.database import utc_now

SCORE_FIELDS = (
    "customer_id", "email", "name", "recency_days", "frequency", "monetary", "r", "f", "m",
    "segment", "cluster", "cluster_label", "p_alive", "churn_risk", "expected_purchases",
    "next_order_date", "clv_12m", "sentiment", "next_best_product", "churn_reason", "value_at_risk",
    "next_picks",
)
RUNS_KEPT_PER_CHAT = 3


def save_run(
    db: Database,
    chat_id: int,
    *,
    as_of: str,
    horizon_days: int,
    summary: dict,
    scores: Iterable[Sequence],
) -> int:
    """Store a run and its scores (rows follow SCORE_FIELDS) in one transaction; return its id."""
    with db.atomic():
        ensure_chat(db, chat_id)
        run_id = db.execute(
            "INSERT INTO analysis_runs (chat_id, created_at, as_of, horizon_days, summary_json) VALUES (?, ?, ?, ?, ?)",
            [chat_id, utc_now(), as_of, horizon_days,
             json.dumps(summary)],
        ).lastrowid
        placeholders = ", ".join("?" * (len(SCORE_FIELDS) + 2))
        db.conn.executemany(
            f"INSERT INTO customer_scores (run_id, chat_id, {', '.join(SCORE_FIELDS)}) VALUES ({placeholders})",
            ((run_id, chat_id, *row) for row in scores),
        )
        db.execute(
            "DELETE FROM analysis_runs WHERE chat_id = ? AND run_id NOT IN "
            "(SELECT run_id FROM analysis_runs WHERE chat_id = ? ORDER BY run_id DESC LIMIT ?)",
            [chat_id, chat_id, RUNS_KEPT_PER_CHAT],
        )
    return run_id


def latest_run(db: Database, chat_id: int) -> dict | None:
    """The newest run of a chat as {run_id, created_at, as_of, horizon_days, summary}, or None."""
    row = db.execute(
        "SELECT run_id, created_at, as_of, horizon_days, summary_json FROM analysis_runs "
        "WHERE chat_id = ? ORDER BY run_id DESC LIMIT 1",
        [chat_id],
    ).fetchone()
    if row is None:
        return None
    run_id, created_at, as_of, horizon_days, summary_json = row
    return {
        "run_id": run_id, "created_at": created_at, "as_of": as_of,
        "horizon_days": horizon_days, "summary": json.loads(summary_json),
    }


def newest_change(db: Database, chat_id: int) -> int | None:
    """The id of the newest upload that changed the chat's orders or reviews (None: none did).

    An analysis records it from before it reads the data, so "is the newest run current?" is a
    comparison of ids, not of clock stamps that share a second with a quick import.
    """
    return db.execute(
        "SELECT max(upload_id) FROM uploads WHERE chat_id = ? "
        "AND (orders_added > 0 OR orders_updated > 0 OR reviews_added > 0)",
        [chat_id],
    ).fetchone()[0]


def latest_run_is_current(db: Database, chat_id: int) -> bool:
    """Whether the newest run analysed the data as they are now: no upload has changed the
    chat's orders or reviews since it read them, and none it read was undone."""
    run = latest_run(db, chat_id)
    if run is None or "analysed_change" not in run["summary"]:
        return False  # a run from before this was recorded: analysing again is always safe
    return run["summary"]["analysed_change"] == newest_change(db, chat_id)


_ORDERINGS = {
    "monetary": "monetary DESC, customer_id",
    "value_at_risk": "value_at_risk DESC, churn_risk DESC, customer_id",
    "clv_12m": "clv_12m DESC, customer_id",
}


def run_scores(
    db: Database,
    chat_id: int,
    run_id: int,
    *,
    segment: str | None = None,
    min_churn_risk: float | None = None,
    order_by: str = "monetary",
    limit: int | None = None,
) -> tuple[list[str], list[tuple]]:
    """Score rows of one run of this chat, filtered and ordered (`order_by` is a key of _ORDERINGS)."""
    sql = f"SELECT {', '.join(SCORE_FIELDS)} FROM customer_scores WHERE chat_id = ? AND run_id = ?"
    params: list = [chat_id, run_id]
    if segment is not None:
        sql += " AND segment = ?"
        params.append(segment)
    if min_churn_risk is not None:
        sql += " AND churn_risk >= ?"
        params.append(min_churn_risk)
    sql += f" ORDER BY {_ORDERINGS[order_by]}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return list(SCORE_FIELDS), db.execute(sql, params).fetchall()


def find_customer(db: Database, chat_id: int, run_id: int, wanted: str) -> dict | None:
    """One customer's scores, looked up by customer id or e-mail (case-insensitive)."""
    rows = db.query(
        f"SELECT {', '.join(SCORE_FIELDS)} FROM customer_scores WHERE chat_id = ? AND run_id = ? "
        "AND (customer_id = ? OR lower(email) = lower(?)) LIMIT 1",
        [chat_id, run_id, wanted, wanted],
    )
    return next(rows, None)


def customers_named(db: Database, chat_id: int, run_id: int, words: str, *, limit: int) -> list[dict]:
    """Customers of one run whose name contains `words`, most spent first.

    Compared in Python with casefold, because SQLite's lower() and LIKE fold ASCII only and
    "müller" must find "Müller"."""
    wanted = " ".join(words.split()).casefold()
    rows = db.query(
        f"SELECT {', '.join(SCORE_FIELDS)} FROM customer_scores WHERE chat_id = ? AND run_id = ? "
        "AND name IS NOT NULL ORDER BY monetary DESC, customer_id",
        [chat_id, run_id],
    )
    found = []
    for row in rows:
        if wanted and wanted in " ".join(row["name"].split()).casefold():
            found.append(row)
            if len(found) == limit:
                break
    return found


def delete_runs(db: Database, chat_id: int) -> None:
    """Forget a chat's analyses (when its history became empty, they describe nothing stored)."""
    with db.atomic():
        db.execute("DELETE FROM analysis_runs WHERE chat_id = ?", [chat_id])
