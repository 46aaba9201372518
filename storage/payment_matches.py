"""Payments matched to store orders: the same sale counted once, whichever file came first.

A payment that arrives after its order is stored only as a match, never as an order. A payment
stored as an order before its store order arrived is moved out of `orders` into its match
(kept whole in `stored_order_json`), so undoing the upload that matched it puts it back.
Every write here runs inside the caller's import or undo transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from storage.database import rows_of_orders

_ORDER_ROW = ("order_id", "customer_id", "email", "name", "country", "channel", "ordered_at", "total", "currency",
              "status", "discount_code", "first_upload_id", "upload_id")


def unmatched_orders(
    db: Database, chat_id: int, *, platforms: Iterable[str], start: str, end: str, fields: Sequence[str]
) -> list[tuple]:
    """Stored orders in [start, end] not yet matched, first stored by an upload from one of `platforms`."""
    names = list(platforms)
    marks = ", ".join("?" * len(names))
    return db.execute(
        f"SELECT {', '.join('o.' + f for f in fields)} FROM orders o JOIN uploads u ON u.upload_id = o.first_upload_id "
        f"WHERE o.chat_id = ? AND o.ordered_at BETWEEN ? AND ? AND u.platform IN ({marks}) "
        "AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.chat_id = o.chat_id "
        "AND (m.order_id = o.order_id OR m.payment_id = o.order_id))",
        [chat_id, start, end, *names],
    ).fetchall()


def references_of(db: Database, chat_id: int, order_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(order id, reference) of these stored orders."""
    return rows_of_orders(db, chat_id, "SELECT order_id, reference FROM order_references", order_ids)


def matched_payment_ids(db: Database, chat_id: int) -> set[str]:
    """Payments already matched to an order in this chat: a re-uploaded payment adds nothing."""
    return {row[0] for row in db.execute("SELECT payment_id FROM payment_matches WHERE chat_id = ?", [chat_id])}


def save_references(db: Database, chat_id: int, upload_id: int, references: Iterable[Sequence]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO order_references (chat_id, order_id, reference, upload_id) VALUES (?, ?, ?, ?)",
        ((chat_id, order_id, reference, upload_id) for order_id, reference in references),
    )


def save_matches(db: Database, chat_id: int, upload_id: int, matches: Iterable[Sequence], *, stored: bool) -> int:
    """Record (payment id, order id, method) matches; with `stored`, the payments are stored
    orders, which move out of `orders` into their match. Returns how many were recorded."""
    recorded = 0
    for payment_id, order_id, method in matches:
        row = None
        if stored:
            found = db.execute(
                f"SELECT {', '.join(_ORDER_ROW)} FROM orders WHERE chat_id = ? AND order_id = ?", [chat_id, payment_id]
            ).fetchone()
            if found is None:  # gone since it was read: nothing to move, nothing to match
                continue
            row = json.dumps(dict(zip(_ORDER_ROW, found)))
            db.execute("DELETE FROM orders WHERE chat_id = ? AND order_id = ?", [chat_id, payment_id])
        recorded += db.execute(
            "INSERT OR IGNORE INTO payment_matches (chat_id, payment_id, order_id, method, upload_id, stored_order_json) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [chat_id, payment_id, order_id, method, upload_id, row],
        ).rowcount
    return recorded


def undo_matches(db: Database, chat_id: int, upload_id: int) -> None:
    """Take back the matches and references an upload made; payments it moved out of `orders`
    return as orders."""
    moved = db.execute(
        "SELECT stored_order_json FROM payment_matches WHERE chat_id = ? AND upload_id = ? AND stored_order_json IS NOT NULL",
        [chat_id, upload_id],
    ).fetchall()
    for (row,) in moved:
        order = json.loads(row)
        db.execute(
            f"INSERT OR REPLACE INTO orders (chat_id, {', '.join(_ORDER_ROW)}) VALUES (?, {', '.join('?' * len(_ORDER_ROW))})",
            [chat_id, *(order.get(name) for name in _ORDER_ROW)],  # rows kept before 0014 have no code
        )
    db.execute("DELETE FROM payment_matches WHERE chat_id = ? AND upload_id = ?", [chat_id, upload_id])
    db.execute("DELETE FROM order_references WHERE chat_id = ? AND upload_id = ?", [chat_id, upload_id])
