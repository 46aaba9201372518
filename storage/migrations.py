"""The schema, as numbered migrations applied in order and recorded in the database.

Never edit a migration that has shipped: add the next number. Every table carries chat_id,
and every child row cascades from its chat, so /forget is one DELETE.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("shoppulse")


@MIGRATIONS(name="0001_initial")
def initial_schema(db: Database) -> None:
    _execute_each(
        db,
        """
        CREATE TABLE chats (
            chat_id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            horizon_days INTEGER NOT NULL DEFAULT 90
        );

        CREATE TABLE uploads (
            upload_id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            file_name TEXT NOT NULL,
            platform TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_skipped INTEGER NOT NULL DEFAULT 0,
            orders_added INTEGER NOT NULL DEFAULT 0,
            orders_updated INTEGER NOT NULL DEFAULT 0,
            report_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX uploads_by_chat ON uploads(chat_id, upload_id);

        CREATE TABLE orders (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            order_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            email TEXT,
            name TEXT,
            country TEXT,
            channel TEXT,
            ordered_at TEXT NOT NULL,
            total REAL NOT NULL,
            currency TEXT,
            status TEXT NOT NULL CHECK (status IN ('paid', 'refunded', 'cancelled', 'pending')),
            first_upload_id INTEGER NOT NULL,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, order_id)
        ) WITHOUT ROWID;
        CREATE INDEX orders_by_customer ON orders(chat_id, customer_id);

        -- The version of an order that a later upload replaced, so an upload can be undone.
        CREATE TABLE order_history (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            order_id TEXT NOT NULL,
            replaced_by_upload_id INTEGER NOT NULL,
            customer_id TEXT NOT NULL,
            email TEXT,
            name TEXT,
            country TEXT,
            channel TEXT,
            ordered_at TEXT NOT NULL,
            total REAL NOT NULL,
            currency TEXT,
            status TEXT NOT NULL,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, order_id, replaced_by_upload_id)
        );

        CREATE TABLE items (
            chat_id INTEGER NOT NULL,
            order_id TEXT NOT NULL,
            line_no INTEGER NOT NULL,
            sku TEXT,
            product TEXT,
            quantity REAL,
            unit_price REAL,
            PRIMARY KEY (chat_id, order_id, line_no),
            FOREIGN KEY (chat_id, order_id) REFERENCES orders(chat_id, order_id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        CREATE TABLE analysis_runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            as_of TEXT NOT NULL,
            horizon_days INTEGER NOT NULL,
            summary_json TEXT NOT NULL
        );
        CREATE INDEX runs_by_chat ON analysis_runs(chat_id, run_id);

        CREATE TABLE customer_scores (
            run_id INTEGER NOT NULL REFERENCES analysis_runs(run_id) ON DELETE CASCADE,
            chat_id INTEGER NOT NULL,
            customer_id TEXT NOT NULL,
            email TEXT,
            name TEXT,
            recency_days INTEGER,
            frequency INTEGER,
            monetary REAL,
            r INTEGER,
            f INTEGER,
            m INTEGER,
            segment TEXT,
            cluster INTEGER,
            cluster_label TEXT,
            p_alive REAL,
            churn_risk REAL,
            expected_purchases REAL,
            next_order_date TEXT,
            clv_12m REAL,
            sentiment REAL,
            next_best_product TEXT,
            PRIMARY KEY (run_id, customer_id)
        ) WITHOUT ROWID;
        CREATE INDEX scores_by_segment ON customer_scores(chat_id, run_id, segment);
        """
    )


@MIGRATIONS(name="0002_churn_reason_and_value_at_risk")
def churn_reason_and_value_at_risk(db: Database) -> None:
    db.execute("ALTER TABLE customer_scores ADD COLUMN churn_reason TEXT")
    db.execute("ALTER TABLE customer_scores ADD COLUMN value_at_risk REAL")
    db.execute("CREATE INDEX scores_by_value_at_risk ON customer_scores(chat_id, run_id, value_at_risk)")


@MIGRATIONS(name="0003_item_history_for_undo")
def item_history_for_undo(db: Database) -> None:
    _execute_each(
        db,
        """
        ALTER TABLE items ADD COLUMN upload_id INTEGER;
        CREATE TABLE item_history (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            order_id TEXT NOT NULL,
            line_no INTEGER NOT NULL,
            replaced_by_upload_id INTEGER NOT NULL,
            sku TEXT,
            product TEXT,
            quantity REAL,
            unit_price REAL,
            upload_id INTEGER
        );
        CREATE INDEX item_history_by_upload ON item_history(chat_id, replaced_by_upload_id)
        """,
    )


@MIGRATIONS(name="0004_column_mappings")
def column_mappings(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE column_mappings (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            header_signature TEXT NOT NULL,
            mapping_json TEXT NOT NULL,
            PRIMARY KEY (chat_id, header_signature)
        )
        """
    )


@MIGRATIONS(name="0005_weekly_digest")
def weekly_digest(db: Database) -> None:
    _execute_each(
        db,
        """
        CREATE TABLE digest_subscriptions (
            chat_id INTEGER PRIMARY KEY REFERENCES chats(chat_id) ON DELETE CASCADE,
            weekday INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6),
            hour INTEGER NOT NULL DEFAULT 9 CHECK (hour BETWEEN 0 AND 23),
            minute INTEGER NOT NULL DEFAULT 0 CHECK (minute BETWEEN 0 AND 59),
            timezone TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            paused_reason TEXT
        );
        -- One row per chat and week, claimed before the digest is sent: the unique key is what
        -- makes a digest go out at most once, across retries and restarts.
        CREATE TABLE digest_log (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            week_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            last_upload_id INTEGER,
            PRIMARY KEY (chat_id, week_key)
        );
        -- Each customer's segment and risk when the last digest went out, to report what moved.
        CREATE TABLE digest_customer_state (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            customer_id TEXT NOT NULL,
            segment TEXT,
            at_risk INTEGER NOT NULL,
            PRIMARY KEY (chat_id, customer_id)
        ) WITHOUT ROWID
        """,
    )


@MIGRATIONS(name="0006_reviews")
def reviews(db: Database) -> None:
    _execute_each(
        db,
        """
        CREATE TABLE reviews (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            review_id TEXT NOT NULL,
            text TEXT NOT NULL,
            rating REAL,
            created_at TEXT,
            order_id TEXT,
            customer_id TEXT,
            product TEXT,
            sentiment REAL,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, review_id)
        ) WITHOUT ROWID;
        ALTER TABLE uploads ADD COLUMN reviews_added INTEGER NOT NULL DEFAULT 0
        """,
    )


@MIGRATIONS(name="0007_customer_profiles")
def customer_profiles(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE customer_profiles (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            email TEXT NOT NULL,
            name TEXT,
            accepts_marketing INTEGER,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, email)
        ) WITHOUT ROWID
        """
    )


@MIGRATIONS(name="0008_profile_history_for_undo")
def profile_history_for_undo(db: Database) -> None:
    db.execute(
        """
        -- The version of a customer profile that a later customers export replaced, so undoing
        -- that export gives back the earlier names and consent instead of deleting them.
        CREATE TABLE profile_history (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            email TEXT NOT NULL,
            replaced_by_upload_id INTEGER NOT NULL,
            name TEXT,
            accepts_marketing INTEGER,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, replaced_by_upload_id, email)
        ) WITHOUT ROWID
        """
    )


@MIGRATIONS(name="0009_payment_matches")
def payment_matches(db: Database) -> None:
    _execute_each(
        db,
        """
        -- Order numbers and payment ids each stored order carries, so a payment that arrives
        -- later (or an order, after its payment) can be matched by reference.
        CREATE TABLE order_references (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            reference TEXT NOT NULL,
            order_id TEXT NOT NULL,
            upload_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, reference, order_id)
        ) WITHOUT ROWID;
        CREATE INDEX order_references_by_upload ON order_references(chat_id, upload_id);
        -- A provider's payment that is the same sale as a store order: it is never an order of
        -- its own. `stored_order_json` keeps the payment as it was stored as an order before the
        -- match (NULL when it arrived already matched), so undoing the match gives it back.
        CREATE TABLE payment_matches (
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            payment_id TEXT NOT NULL,
            order_id TEXT NOT NULL,
            method TEXT NOT NULL,
            upload_id INTEGER NOT NULL,
            stored_order_json TEXT,
            PRIMARY KEY (chat_id, payment_id)
        ) WITHOUT ROWID;
        CREATE INDEX payment_matches_by_order ON payment_matches(chat_id, order_id);
        CREATE INDEX payment_matches_by_upload ON payment_matches(chat_id, upload_id)
        """,
    )


@MIGRATIONS(name="0010_chat_language")
def chat_language(db: Database) -> None:
    _execute_each(
        db,
        """
        -- The language the owner picked with /language (NULL: none picked), and the one their
        -- Telegram app last said (language_code), which answers until they pick: the weekly
        -- digest has no incoming message to read it from.
        ALTER TABLE chats ADD COLUMN language TEXT;
        ALTER TABLE chats ADD COLUMN telegram_language TEXT
        """,
    )


@MIGRATIONS(name="0011_standing_questions")
def standing_questions(db: Database) -> None:
    _execute_each(
        db,
        """
        -- Questions the owner asked to have answered in every weekly digest ("every Monday tell
        -- me revenue by product for last week"): kept as words, read again each week, so "last
        -- week" is always the week before that digest.
        CREATE TABLE standing_questions (
            question_id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (chat_id, text)
        );
        """,
    )


@MIGRATIONS(name="0012_next_picks")
def next_picks(db: Database) -> None:
    # Each customer's next products (JSON: product, re-buy or new, chance, their rhythm for it),
    # kept with the run so /recommend does not analyse the whole shop again.
    db.execute("ALTER TABLE customer_scores ADD COLUMN next_picks TEXT")


@MIGRATIONS(name="0013_platform_customer_ids_and_digest_lists")
def platform_customer_ids_and_digest_lists(db: Database) -> None:
    _execute_each(
        db,
        """
        -- The platform's own customer id (Shopify's customers export, WooCommerce's Customer User
        -- ID) beside the e-mail that keys the customer: a review app may name the writer by it.
        -- Kept in profile_history too, so undoing an upload gives the earlier id back.
        ALTER TABLE customer_profiles ADD COLUMN platform_customer_id TEXT;
        ALTER TABLE profile_history ADD COLUMN platform_customer_id TEXT;
        CREATE INDEX customer_profiles_by_platform_id ON customer_profiles(chat_id, platform_customer_id);
        -- The customers a sent digest named as newly likely to stop buying (JSON, most value
        -- first, with the chance and reason it showed), so /digest shown again lists that week's
        -- own list and exports it, not everyone at risk today.
        ALTER TABLE digest_log ADD COLUMN newly_json TEXT
        """,
    )


@MIGRATIONS(name="0014_discount_codes")
def discount_codes(db: Database) -> None:
    _execute_each(
        db,
        """
        -- The discount or coupon codes an order was placed with ("SUMMER10", "A, B" for several),
        -- where the export has them (Shopify, WooCommerce, Etsy, Gumroad, a spreadsheet's column):
        -- a dimension and a filter of questions. NULL: no code, or an export that does not say.
        -- order_history keeps it too, so undoing an upload gives back the code it replaced.
        ALTER TABLE orders ADD COLUMN discount_code TEXT;
        ALTER TABLE order_history ADD COLUMN discount_code TEXT
        """,
    )


@MIGRATIONS(name="0015_orders_status_check_by_comparison", transactional=False)
def orders_status_check_by_comparison(db: Database) -> None:
    """The orders' status CHECK written as comparisons instead of an IN list: the same rule, but
    SQLite builds an IN list's lookup table each time a statement runs, which is once per row when
    rows arrive one statement each (executemany): 3.6 s of CPU on 666,666 orders, against none.

    SQLite cannot alter a CHECK, so the table is rebuilt (the procedure of its ALTER TABLE page):
    a copy with the new rule, the rows, the old table dropped, the copy renamed, its index made
    again, the foreign keys checked. Foreign keys are off meanwhile (they can only be switched
    outside a transaction, hence not transactional): dropping `orders` with them on would first
    delete every order's items by their ON DELETE CASCADE. The rebuild is one transaction, and
    running it again (if it committed but was not recorded) rebuilds the same table again."""
    enforced = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        if db.execute("PRAGMA foreign_keys").fetchone()[0]:  # ignored inside a transaction: never drop then
            raise sqlite3.OperationalError("foreign keys could not be switched off to rebuild orders")
        with db.atomic():
            _execute_each(
                db,
                """
                CREATE TABLE orders_rebuilt (
                    chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
                    order_id TEXT NOT NULL,
                    customer_id TEXT NOT NULL,
                    email TEXT,
                    name TEXT,
                    country TEXT,
                    channel TEXT,
                    ordered_at TEXT NOT NULL,
                    total REAL NOT NULL,
                    currency TEXT,
                    status TEXT NOT NULL
                        CHECK (status = 'paid' OR status = 'refunded' OR status = 'cancelled' OR status = 'pending'),
                    first_upload_id INTEGER NOT NULL,
                    upload_id INTEGER NOT NULL,
                    discount_code TEXT,
                    PRIMARY KEY (chat_id, order_id)
                ) WITHOUT ROWID;
                INSERT INTO orders_rebuilt SELECT chat_id, order_id, customer_id, email, name, country, channel,
                    ordered_at, total, currency, status, first_upload_id, upload_id, discount_code FROM orders;
                DROP TABLE orders;
                ALTER TABLE orders_rebuilt RENAME TO orders;
                CREATE INDEX orders_by_customer ON orders(chat_id, customer_id)
                """,
            )
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"rebuilding orders broke foreign keys: {broken[:5]}")
    finally:
        db.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


@MIGRATIONS(name="0016_scores_without_secondary_indexes")
def scores_without_secondary_indexes(db: Database) -> None:
    # Every read of customer_scores names its run, and SQLite answers all of them from the
    # primary key (run_id, customer_id): it chose that over these two indexes for every query
    # the bot makes (EXPLAIN QUERY PLAN), while keeping them up to date was a third of storing
    # a run (0.05 s of 0.17 s for 14,816 customers).
    db.execute("DROP INDEX IF EXISTS scores_by_segment")
    db.execute("DROP INDEX IF EXISTS scores_by_value_at_risk")


def _execute_each(db: Database, script: str) -> None:
    """Run DDL statement by statement, cut where SQLite's own tokenizer says a statement ends.

    Not executescript(): it COMMITs first, so a migration would no longer be applied together
    with the record that it was. Not split(";"): a ";" in a comment or a string is no end.
    """
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n\t;"):
                db.execute(statement)
            statement = ""
    if statement.strip(" \n\t;"):
        db.execute(statement)
