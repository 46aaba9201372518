"""Write one upload's orders and items in a single transaction, adding each order only once.

Orders are keyed by (chat, order id). A re-upload of the same export adds nothing; an order
that changed since (refunded, say) is updated in place and its old version kept in
order_history, so the upload can be undone later (items and customer profiles likewise).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from storage.chats import ensure_chat
from storage.database import rows_of_orders, utc_now, write_transaction
from storage.payment_matches import save_matches, save_references, undo_matches

ORDER_FIELDS = (
    "order_id", "customer_id", "email", "name", "country", "channel",
    "ordered_at", "total", "currency", "status", "discount_code",
)
ITEM_FIELDS = ("order_id", "line_no", "sku", "product", "quantity", "unit_price")
PROFILE_FIELDS = ("email", "name", "accepts_marketing", "platform_customer_id")
REVIEW_FIELDS = ("review_id", "text", "rating", "created_at", "order_id", "customer_id", "product", "sentiment")
_VALUE_FIELDS = ORDER_FIELDS[1:]
IMPORT_CACHE_KIB = 64 * 1024  # SQLite page cache during an import, per schema; more bought no speed on 1M lines


@dataclass(frozen=True)
class ImportCounts:
    """What an upload changed in the stored history."""

    upload_id: int
    orders_added: int
    orders_updated: int
    orders_unchanged: int
    reviews_added: int = 0
    payments_matched: int = 0


def save_import(
    db: Database,
    chat_id: int,
    *,
    file_name: str,
    platform: str,
    orders: Iterable[Sequence],
    items: Iterable[Sequence],
    rows_read: int = 0,
    rows_skipped: int = 0,
    report: dict | None = None,
    orders_are_partial: bool = False,
    reviews: Iterable[Sequence] = (),
    profiles: Iterable[Sequence] = (),
    references: Iterable[Sequence] = (),
    payments_matched: Iterable[Sequence] = (),
    stored_payments_matched: Iterable[Sequence] = (),
) -> ImportCounts:
    """Store an upload: `orders` rows follow ORDER_FIELDS, `items` rows follow ITEM_FIELDS.

    Everything happens in one transaction: if anything fails, nothing of this upload remains.
    A partial upload (an items-only file) adds orders it has not seen and never overwrites one.
    `references` are (order id, reference) pairs; `payments_matched` are (payment id, order id,
    method) for this file's payments of stored orders (left out of `orders`), and
    `stored_payments_matched` the same for stored payments of this file's orders, which stop
    being orders of their own.
    """
    with db.atomic(), _page_cache(db):
        ensure_chat(db, chat_id)
        upload_id = db.execute(
            "INSERT INTO uploads (chat_id, file_name, platform, uploaded_at, rows_read, rows_skipped, report_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [chat_id, file_name, platform, utc_now(), rows_read, rows_skipped, json.dumps(report or {})],
        ).lastrowid
        if _holds_no_orders(db, chat_id):
            added = incoming = _insert_first_orders(db, chat_id, upload_id, orders, items)
            updated = 0
        else:
            added, incoming, updated = _merge_orders(db, chat_id, upload_id, orders, items, orders_are_partial)
        reviews_added = db.conn.executemany(
            f"INSERT OR IGNORE INTO reviews (chat_id, {', '.join(REVIEW_FIELDS)}, upload_id) "
            f"VALUES (?, {', '.join('?' * len(REVIEW_FIELDS))}, ?)",
            ((chat_id, *review, upload_id) for review in reviews),
        ).rowcount
        _save_profiles(db, chat_id, upload_id, profiles)
        save_references(db, chat_id, upload_id, references)
        matched = save_matches(db, chat_id, upload_id, payments_matched, stored=False)
        matched += save_matches(db, chat_id, upload_id, stored_payments_matched, stored=True)
        db.execute(
            "UPDATE uploads SET orders_added = ?, orders_updated = ?, reviews_added = ? WHERE upload_id = ?",
            [added, updated, reviews_added, upload_id],
        )
    return ImportCounts(upload_id, added, updated, incoming - added - updated, reviews_added, matched)


def _holds_no_orders(db: Database, chat_id: int) -> bool:
    """True for a chat with no stored orders and no items: its first upload replaces nothing."""
    return not db.execute(
        "SELECT EXISTS (SELECT 1 FROM orders WHERE chat_id = ?) OR EXISTS (SELECT 1 FROM items WHERE chat_id = ?)",
        [chat_id, chat_id],
    ).fetchone()[0]


def _insert_first_orders(db: Database, chat_id: int, upload_id: int, orders: Iterable[Sequence],
                         items: Iterable[Sequence]) -> int:
    """Write a chat's first orders and items straight into their tables; return the orders stored.

    Nothing is stored yet, so nothing is replaced or kept in a history table, and the staging
    table the general path compares against (`_merge_orders`) is not needed: on a 1,000,000-line
    export it cost as much as the insert itself. The rows stored are the staging path's: an
    order id given twice keeps its last row (as the staging table's INSERT OR REPLACE does), a
    line given twice its first, and only the lines of an order stored here are kept."""
    stored: set[str] = set()

    def remembered(rows: Iterable[Sequence]):
        for row in rows:
            stored.add(row[0])
            yield row

    with _indexes_built_after(db, "orders"):
        db.conn.executemany(  # an upsert, not INSERT OR REPLACE: that one costs a statement journal per row
            f"INSERT INTO orders (chat_id, {', '.join(ORDER_FIELDS)}, first_upload_id, upload_id) "
            f"VALUES ({chat_id:d}, {', '.join('?' * len(ORDER_FIELDS))}, {upload_id:d}, {upload_id:d}) "
            "ON CONFLICT (chat_id, order_id) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in _VALUE_FIELDS),
            remembered(orders),
        )
    db.conn.executemany(
        f"INSERT OR IGNORE INTO items (chat_id, {', '.join(ITEM_FIELDS)}, upload_id) "
        f"VALUES ({chat_id:d}, {', '.join('?' * len(ITEM_FIELDS))}, {upload_id:d})",
        (item for item in items if item[0] in stored),
    )
    return len(stored)


@contextmanager
def _indexes_built_after(db: Database, table: str) -> Iterator[None]:
    """Into a table that holds no rows at all (a new bot's first upload), insert without its
    secondary indexes and build them afterwards from their own stored definitions.

    Building an index sorts its keys once; keeping it while inserting puts every key into the
    B-tree at a random place: for the customer index of 666,666 orders, 1.2 s against 3.1 s.
    A table that already holds rows (another chat's) keeps its indexes, since rebuilding them
    would cost as much as all those rows. Inside the import's transaction, so a failed import
    leaves the indexes as they were."""
    empty = not db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
    ).fetchall() if empty else []
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    yield
    for _, sql in indexes:
        db.execute(sql)


def _merge_orders(db: Database, chat_id: int, upload_id: int, orders: Iterable[Sequence], items: Iterable[Sequence],
                  orders_are_partial: bool) -> tuple[int, int, int]:
    """Compare the upload with the stored orders through a staging table: add the new orders, update
    the changed ones (keeping the old versions), replace changed items; (added, incoming, updated)."""
    db.execute("DROP TABLE IF EXISTS temp.incoming_orders")
    db.execute(
        "CREATE TEMP TABLE incoming_orders (" + ", ".join(ORDER_FIELDS) + ", PRIMARY KEY (order_id)) WITHOUT ROWID"
    )
    db.conn.executemany(
        f"INSERT OR REPLACE INTO temp.incoming_orders VALUES ({', '.join('?' * len(ORDER_FIELDS))})",
        orders,
    )
    added = db.execute(
        "SELECT count(*) FROM temp.incoming_orders i WHERE NOT EXISTS "
        "(SELECT 1 FROM orders o WHERE o.chat_id = ? AND o.order_id = i.order_id)",
        [chat_id],
    ).fetchone()[0]
    incoming = db.execute("SELECT count(*) FROM temp.incoming_orders").fetchone()[0]
    if orders_are_partial:
        db.execute(
            f"INSERT INTO orders (chat_id, {', '.join(ORDER_FIELDS)}, first_upload_id, upload_id) "
            f"SELECT ?, {', '.join(ORDER_FIELDS)}, ?, ? FROM temp.incoming_orders WHERE true "
            "ON CONFLICT (chat_id, order_id) DO NOTHING",
            [chat_id, upload_id, upload_id],
        )
        updated = 0
    else:
        updated = _upsert_orders(db, chat_id, upload_id)
    _save_items(db, chat_id, upload_id, items)
    db.execute("DROP TABLE temp.incoming_orders")
    return added, incoming, updated


@contextmanager
def _page_cache(db: Database) -> Iterator[None]:
    """A page cache that holds a large upload's pages for the length of its import.

    SQLite's default (2 MB) is far smaller than the B-trees a 1,000,000-line export writes, so
    every insert would evict and re-read pages; the cache grows only as pages are touched, and
    is given back (the connection's own setting restored) when the import ends."""
    sizes = {schema: db.execute(f"PRAGMA {schema}.cache_size").fetchone()[0] for schema in ("main", "temp")}
    for schema in sizes:
        db.execute(f"PRAGMA {schema}.cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        for schema, size in sizes.items():
            db.execute(f"PRAGMA {schema}.cache_size = {size}")


def _upsert_orders(db: Database, chat_id: int, upload_id: int) -> int:
    """Insert new orders and update changed ones, keeping each replaced version; return updates."""
    differs = " OR ".join(f"o.{name} IS NOT i.{name}" for name in _VALUE_FIELDS)
    columns = ", ".join(_VALUE_FIELDS)
    db.execute(
        f"INSERT INTO order_history (chat_id, order_id, replaced_by_upload_id, {columns}, upload_id) "
        f"SELECT o.chat_id, o.order_id, ?, {', '.join('o.' + c for c in _VALUE_FIELDS)}, o.upload_id "
        f"FROM orders o JOIN temp.incoming_orders i ON i.order_id = o.order_id "
        f"WHERE o.chat_id = ? AND ({differs})",
        [upload_id, chat_id],
    )
    updated = db.execute("SELECT changes()").fetchone()[0]
    db.execute(
        f"INSERT INTO orders (chat_id, {', '.join(ORDER_FIELDS)}, first_upload_id, upload_id) "
        f"SELECT ?, {', '.join(ORDER_FIELDS)}, ?, ? FROM temp.incoming_orders WHERE true "
        f"ON CONFLICT (chat_id, order_id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in _VALUE_FIELDS)
        + ", upload_id = excluded.upload_id WHERE "
        + " OR ".join(f"orders.{name} IS NOT excluded.{name}" for name in _VALUE_FIELDS),
        [chat_id, upload_id, upload_id],
    )
    return updated


def _save_profiles(db: Database, chat_id: int, upload_id: int, profiles: Iterable[Sequence]) -> None:
    """Upsert names, consent and platform customer ids by e-mail, keeping each replaced profile in
    profile_history so undoing this upload gives the earlier customers export's values back."""
    profiles = list(profiles)
    db.conn.executemany(
        "INSERT OR IGNORE INTO profile_history (chat_id, email, replaced_by_upload_id, name, accepts_marketing, "
        "platform_customer_id, upload_id) SELECT chat_id, email, ?, name, accepts_marketing, platform_customer_id, "
        "upload_id FROM customer_profiles WHERE chat_id = ? AND email = ?",
        ((upload_id, chat_id, profile[0]) for profile in profiles),
    )
    db.conn.executemany(
        "INSERT INTO customer_profiles (chat_id, email, name, accepts_marketing, platform_customer_id, upload_id) "
        "VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (chat_id, email) DO UPDATE SET name = coalesce(excluded.name, name), "
        "accepts_marketing = coalesce(excluded.accepts_marketing, accepts_marketing), "
        "platform_customer_id = coalesce(excluded.platform_customer_id, platform_customer_id), "
        "upload_id = excluded.upload_id",
        ((chat_id, *profile, upload_id) for profile in profiles),
    )


def _restore_profiles(db: Database, chat_id: int, upload_id: int) -> None:
    """Put back the profiles this upload replaced, then drop the ones it brought new."""
    db.execute(
        "UPDATE customer_profiles SET (name, accepts_marketing, platform_customer_id, upload_id) = "
        "(SELECT h.name, h.accepts_marketing, h.platform_customer_id, h.upload_id FROM profile_history h WHERE h.chat_id = customer_profiles.chat_id AND "
        "h.email = customer_profiles.email AND h.replaced_by_upload_id = ?) "
        "WHERE chat_id = ? AND email IN (SELECT email FROM profile_history WHERE chat_id = ? AND replaced_by_upload_id = ?)",
        [upload_id, chat_id, chat_id, upload_id],
    )
    db.execute("DELETE FROM customer_profiles WHERE chat_id = ? AND upload_id = ?", [chat_id, upload_id])


_ITEM_VALUES = ("sku", "product", "quantity", "unit_price")


def _save_items(db: Database, chat_id: int, upload_id: int, items: Iterable[Sequence]) -> None:
    """Replace the line items of every order this upload has items for, keeping the old ones
    in item_history when they differ, so the upload can be undone."""
    db.execute("DROP TABLE IF EXISTS temp.incoming_items")
    db.execute("CREATE TEMP TABLE incoming_items (" + ", ".join(ITEM_FIELDS) + ")")
    db.conn.executemany(
        f"INSERT INTO temp.incoming_items VALUES ({', '.join('?' * len(ITEM_FIELDS))})", items
    )
    db.execute("CREATE INDEX temp.incoming_items_by_order ON incoming_items(order_id, line_no)")
    replaced = (
        "SELECT 1 FROM temp.incoming_items i WHERE i.order_id = items.order_id AND i.line_no = items.line_no AND "
        + " AND ".join(f"i.{name} IS items.{name}" for name in _ITEM_VALUES)
    )
    touched = f"chat_id = ? AND order_id IN (SELECT order_id FROM temp.incoming_items) AND NOT EXISTS ({replaced})"
    db.execute(
        "INSERT INTO item_history (chat_id, order_id, line_no, replaced_by_upload_id, sku, product, quantity, "
        f"unit_price, upload_id) SELECT chat_id, order_id, line_no, ?, sku, product, quantity, unit_price, upload_id "
        f"FROM items WHERE {touched}",
        [upload_id, chat_id],
    )
    db.execute(f"DELETE FROM items WHERE {touched}", [chat_id])
    db.execute(
        f"INSERT OR IGNORE INTO items (chat_id, {', '.join(ITEM_FIELDS)}, upload_id) "
        f"SELECT ?, {', '.join(ITEM_FIELDS)}, ? FROM temp.incoming_items i "
        "WHERE EXISTS (SELECT 1 FROM orders o WHERE o.chat_id = ? AND o.order_id = i.order_id)",
        [chat_id, upload_id, chat_id],
    )
    db.execute("DROP TABLE temp.incoming_items")


class NotTheNewestUpload(Exception):
    """The upload the owner was asked about is no longer the one /undo would remove."""

    def __init__(self, asked: str | None, newest: str | None) -> None:
        super().__init__(asked, newest)
        self.asked = asked  # its file name, or None once it has been undone
        self.newest = newest  # the file /undo would remove now, or None if nothing is left


def undo_last_upload(db: Database, chat_id: int, *, upload_id: int | None = None) -> dict | None:
    """Remove the newest upload's effect: its new orders, items and profiles go, replaced versions return.

    With `upload_id` (the upload the owner confirmed), raise NotTheNewestUpload instead when that
    upload is gone or a newer one arrived. The check and the undo share one write transaction,
    so two presses of the same button undo once, even from two processes.
    """
    with write_transaction(db):
        upload = db.execute(
            "SELECT upload_id, file_name, platform, uploaded_at FROM uploads WHERE chat_id = ? "
            "ORDER BY upload_id DESC LIMIT 1",
            [chat_id],
        ).fetchone()
        if upload_id is not None and (upload is None or upload[0] != upload_id):
            asked = db.execute(
                "SELECT file_name FROM uploads WHERE chat_id = ? AND upload_id = ?", [chat_id, upload_id]
            ).fetchone()
            raise NotTheNewestUpload(asked and asked[0], upload and upload[1])
        if upload is None:
            return None
        upload_id = upload[0]
        removed = db.execute(
            "DELETE FROM orders WHERE chat_id = ? AND first_upload_id = ?", [chat_id, upload_id]
        ).rowcount
        columns = ", ".join(_VALUE_FIELDS)
        restored = db.execute(
            f"UPDATE orders SET ({columns}, upload_id) = (SELECT {columns}, h.upload_id FROM order_history h "
            "WHERE h.chat_id = orders.chat_id AND h.order_id = orders.order_id AND h.replaced_by_upload_id = ?) "
            "WHERE chat_id = ? AND order_id IN "
            "(SELECT order_id FROM order_history WHERE chat_id = ? AND replaced_by_upload_id = ?)",
            [upload_id, chat_id, chat_id, upload_id],
        ).rowcount
        undo_matches(db, chat_id, upload_id)
        db.execute("DELETE FROM items WHERE chat_id = ? AND upload_id = ?", [chat_id, upload_id])
        db.execute("DELETE FROM reviews WHERE chat_id = ? AND upload_id = ?", [chat_id, upload_id])
        _restore_profiles(db, chat_id, upload_id)
        db.execute(
            "INSERT OR REPLACE INTO items (chat_id, order_id, line_no, sku, product, quantity, unit_price, upload_id) "
            "SELECT chat_id, order_id, line_no, sku, product, quantity, unit_price, upload_id FROM item_history "
            "WHERE chat_id = ? AND replaced_by_upload_id = ? AND order_id IN (SELECT order_id FROM orders WHERE chat_id = ?)",
            [chat_id, upload_id, chat_id],
        )
        for table in ("order_history", "item_history", "profile_history"):
            db.execute(f"DELETE FROM {table} WHERE chat_id = ? AND replaced_by_upload_id = ?", [chat_id, upload_id])
        db.execute("DELETE FROM uploads WHERE upload_id = ?", [upload_id])
    return {"file_name": upload[1], "platform": upload[2], "uploaded_at": upload[3],
            "orders_removed": removed, "orders_restored": restored}


def list_uploads(db: Database, chat_id: int, *, limit: int = 10) -> list[dict]:
    """The chat's newest uploads: when, which file and platform, what each added."""
    fields = ("upload_id", "file_name", "platform", "uploaded_at", "orders_added", "orders_updated", "rows_skipped")
    return list(db.query(
        f"SELECT {', '.join(fields)} FROM uploads WHERE chat_id = ? ORDER BY upload_id DESC LIMIT ?",
        [chat_id, limit],
    ))


def iter_orders(db: Database, chat_id: int, fields: Sequence[str] = ORDER_FIELDS) -> tuple[list[str], Iterable[tuple]]:
    """Column names and a cursor over every stored order of a chat (`fields` of ORDER_FIELDS), in
    order id order: the table's own key order, which SQLite reads without sorting (sorting by
    time here took a third of reading 100,000 orders; a stable sort of the parsed times after
    gives the time order, ties by order id, for a fraction of that)."""
    cursor = db.execute(
        f"SELECT {', '.join(_known(fields, ORDER_FIELDS))} FROM orders WHERE chat_id = ? ORDER BY order_id",
        [chat_id],
    )
    return list(fields), cursor


def iter_items(db: Database, chat_id: int, fields: Sequence[str] = ITEM_FIELDS, *,
               orders_only: bool = True) -> tuple[list[str], Iterable[tuple]]:
    """Column names and a cursor over every stored line item of a chat (`fields` of ITEM_FIELDS).

    A payment matched to an order keeps its items, but is no order of its own: `orders_only`
    leaves those out. A reader that keeps only the lines of the orders it has (the analysis,
    which keeps paid orders') can skip that check, a third of the query's time."""
    stored = (" AND EXISTS (SELECT 1 FROM orders o WHERE o.chat_id = i.chat_id AND o.order_id = i.order_id)"
              if orders_only else "")
    cursor = db.execute(
        f"SELECT {', '.join(_known(fields, ITEM_FIELDS))} FROM items i WHERE chat_id = ?{stored} ORDER BY order_id, line_no",
        [chat_id],
    )
    return list(fields), cursor


def _known(fields: Sequence[str], allowed: Sequence[str]) -> Sequence[str]:
    """Column names checked against the table's: they are written into the SQL."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"no such columns: {sorted(unknown)}")
    return fields


def order_customers(db: Database, chat_id: int, order_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(order id, customer id) of those of these orders the chat holds."""
    return rows_of_orders(db, chat_id, "SELECT order_id, customer_id FROM orders", order_ids)


def customer_orders(db: Database, chat_id: int, customer_id: str, *, limit: int = 10) -> list[dict]:
    """A customer's newest orders in this chat, newest first."""
    return list(db.query(
        "SELECT order_id, ordered_at, total, currency, status FROM orders "
        "WHERE chat_id = ? AND customer_id = ? ORDER BY ordered_at DESC LIMIT ?",
        [chat_id, customer_id, limit],
    ))


def iter_reviews(db: Database, chat_id: int) -> tuple[list[str], Iterable[tuple]]:
    """Column names and a cursor over a chat's reviews, newest first."""
    cursor = db.execute(
        f"SELECT {', '.join(REVIEW_FIELDS)} FROM reviews WHERE chat_id = ? ORDER BY created_at DESC", [chat_id]
    )
    return list(REVIEW_FIELDS), cursor


def load_profiles(db: Database, chat_id: int) -> dict[str, tuple[str | None, int | None]]:
    """e-mail -> (name, accepts marketing) from customers exports."""
    rows = db.execute(
        "SELECT email, name, accepts_marketing FROM customer_profiles WHERE chat_id = ?", [chat_id]
    ).fetchall()
    return {email: (name, consent) for email, name, consent in rows}


def load_platform_customer_ids(db: Database, chat_id: int) -> list[tuple[str, str]]:
    """(e-mail, the platform's customer id) of every stored profile that has one."""
    return db.execute(
        "SELECT email, platform_customer_id FROM customer_profiles WHERE chat_id = ? AND platform_customer_id "
        "IS NOT NULL", [chat_id]
    ).fetchall()



def order_platforms(db: Database, chat_id: int) -> dict[str, str]:
    """Each stored order's source platform: the platform of the upload that first brought it."""
    rows = db.execute(
        "SELECT o.order_id, u.platform FROM orders o JOIN uploads u ON u.upload_id = o.first_upload_id "
        "WHERE o.chat_id = ?",
        [chat_id],
    )
    return dict(rows.fetchall())
