"""The database: migrations, one transaction per import, re-upload idempotence, chat isolation."""

from __future__ import annotations

import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from storage import open_database
from storage.chats import StoredDataChanged, chat_stats, forget_chat, forget_state
from storage.imports import (
    ITEM_FIELDS,
    ORDER_FIELDS,
    NotTheNewestUpload,
    iter_orders,
    list_uploads,
    load_platform_customer_ids,
    save_import,
    undo_last_upload,
)
from storage.runs import SCORE_FIELDS, latest_run, run_scores, save_run


def _order(order_id="1", total=10.0, status="paid", customer="a@x.com", code=None):
    return (order_id, customer, customer, "Ann", None, None, "2024-01-01T10:00:00+00:00", total, "EUR", status, code)


def _save(db, chat_id, orders, items=()):
    return save_import(db, chat_id, file_name="o.csv", platform="generic", orders=orders, items=items)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "shop.db")
    yield database
    database.close()


def test_migrations_from_empty_create_the_schema_and_are_recorded(tmp_path):
    path = tmp_path / "new" / "shop.db"
    db = open_database(path)
    assert {"chats", "uploads", "orders", "items", "order_history", "analysis_runs", "customer_scores"} <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    db.close()
    again = open_database(path)
    assert again.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == applied
    again.close()
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_reupload_adds_nothing_and_a_changed_order_is_updated(db):
    first = _save(db, 1, [_order("1"), _order("2")], [("1", 0, "S", "Soap", 1, 10.0)])
    again = _save(db, 1, [_order("1"), _order("2")], [("1", 0, "S", "Soap", 1, 10.0)])
    changed = _save(db, 1, [_order("2", status="refunded"), _order("3")])
    assert (first.orders_added, first.orders_updated) == (2, 0)
    assert (again.orders_added, again.orders_updated, again.orders_unchanged) == (0, 0, 2)
    assert (changed.orders_added, changed.orders_updated) == (1, 1)
    assert db.execute("SELECT count(*) FROM orders").fetchone()[0] == 3
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 1
    assert db.execute("SELECT status FROM order_history WHERE order_id = '2'").fetchone()[0] == "paid"


def test_a_discount_code_is_kept_added_by_a_later_export_and_given_back_by_undo(db):
    _save(db, 1, [_order("1"), _order("2", code="SUMMER10")])
    again = _save(db, 1, [_order("1"), _order("2", code="SUMMER10")])
    assert (again.orders_added, again.orders_updated) == (0, 0)
    newer = _save(db, 1, [_order("1", code="WELCOME5"), _order("2", code="SUMMER10")])
    assert (newer.orders_added, newer.orders_updated) == (0, 1)

    def codes():
        return dict(db.execute("SELECT order_id, discount_code FROM orders ORDER BY order_id").fetchall())

    assert codes() == {"1": "WELCOME5", "2": "SUMMER10"}
    undo_last_upload(db, 1)
    assert codes() == {"1": None, "2": "SUMMER10"}


def test_failed_import_leaves_nothing_behind(db):
    _save(db, 1, [_order("1")])
    with pytest.raises(sqlite3.IntegrityError):
        _save(db, 1, [_order("2"), _order("3", status="not-a-status")])
    assert db.execute("SELECT count(*) FROM uploads").fetchone()[0] == 1
    assert [row[0] for row in iter_orders(db, 1)[1]] == ["1"]


def test_chats_are_isolated_and_forget_removes_only_one(db):
    _save(db, 1, [_order("1")], [("1", 0, "S", "Soap", 1, 10.0)])
    _save(db, 2, [_order("1", total=99.0)])
    save_run(db, 1, as_of="2024-01-01", horizon_days=90, summary={"x": 1},
             scores=[("a@x.com",) + (None,) * (len(SCORE_FIELDS) - 1)])
    assert [row[7] for row in iter_orders(db, 2)[1]] == [99.0]
    assert latest_run(db, 2) is None
    assert forget_chat(db, 1) == 1
    for table in ("orders", "items", "uploads", "analysis_runs", "customer_scores", "chats"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE chat_id = 1").fetchone()[0] == 0, table
    assert chat_stats(db, 2)["orders"] == 1


def test_only_the_newest_runs_are_kept(db):
    for n in range(5):
        run_id = save_run(db, 1, as_of="2024-01-01", horizon_days=90, summary={"n": n},
                          scores=[(f"c{n}",) + (None,) * (len(SCORE_FIELDS) - 1)])
    assert latest_run(db, 1)["summary"] == {"n": 4}
    assert db.execute("SELECT count(*) FROM analysis_runs").fetchone()[0] == 3
    assert [row[0] for row in run_scores(db, 1, run_id)[1]] == ["c4"]
    assert run_scores(db, 2, run_id)[1] == []


def test_undo_removes_new_orders_and_restores_changed_ones(db):
    _save(db, 1, [_order("1"), _order("2")], [("1", 0, "S", "Soap", 1, 10.0)])
    _save(db, 1, [_order("2", status="refunded"), _order("3")], [("1", 0, "S", "Soap", 2, 10.0)])
    undone = undo_last_upload(db, 1)
    assert (undone["orders_removed"], undone["orders_restored"]) == (1, 1)
    rows = {row[0]: row[9] for row in iter_orders(db, 1)[1]}
    assert rows == {"1": "paid", "2": "paid"}
    assert db.execute("SELECT quantity FROM items WHERE order_id = '1'").fetchone()[0] == 1
    assert [u["upload_id"] for u in list_uploads(db, 1)] == [1]
    assert undo_last_upload(db, 2) is None


def test_partial_upload_adds_orders_but_never_overwrites_them(db):
    _save(db, 1, [_order("1", total=38.0)])
    counts = save_import(db, 1, file_name="items.csv", platform="etsy", orders_are_partial=True,
                         orders=[_order("1", total=30.0), _order("2", total=15.0)],
                         items=[("1", 0, None, "Print", 1, 30.0), ("2", 0, None, "Card", 1, 15.0)])
    assert (counts.orders_added, counts.orders_updated) == (1, 0)
    assert {row[0]: row[7] for row in iter_orders(db, 1)[1]} == {"1": 38.0, "2": 15.0}
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 2


def _profiles(db, chat_id=1):
    return dict(db.execute("SELECT email, name FROM customer_profiles WHERE chat_id = ?", [chat_id]).fetchall())


def test_undoing_a_second_customers_export_gives_back_the_first_ones_profiles(db):
    first = [(f"c{i}@x.com", f"First {i}", 1, f"90{i}") for i in range(30)]
    save_import(db, 1, file_name="customers_1.csv", platform="shopify-customers", orders=[], items=[], profiles=first)
    second = [(f"c{i}@x.com", f"Renamed {i}", 0, f"80{i}" if i else None) for i in range(5)] + [("new@x.com", "New", 1, "1")]
    save_import(db, 1, file_name="customers_2.csv", platform="shopify-customers", orders=[], items=[], profiles=second)
    assert _profiles(db)["c0@x.com"] == "Renamed 0" and len(_profiles(db)) == 31
    ids = dict(load_platform_customer_ids(db, 1))
    assert (ids["c0@x.com"], ids["c1@x.com"], ids["new@x.com"]) == ("900", "801", "1"), "a file without the id keeps it"
    undo_last_upload(db, 1)
    assert _profiles(db) == {f"c{i}@x.com": f"First {i}" for i in range(30)}
    assert dict(load_platform_customer_ids(db, 1)) == {f"c{i}@x.com": f"90{i}" for i in range(30)}
    consent = db.execute("SELECT accepts_marketing FROM customer_profiles WHERE email = 'c0@x.com'").fetchone()[0]
    assert consent == 1
    undo_last_upload(db, 1)
    assert _profiles(db) == {}
    assert db.execute("SELECT count(*) FROM profile_history").fetchone()[0] == 0


def test_undo_of_a_named_upload_refuses_once_it_is_gone_or_not_the_newest(db):
    a = save_import(db, 1, file_name="A.csv", platform="generic", orders=[_order("1")], items=[]).upload_id
    b = save_import(db, 1, file_name="B.csv", platform="generic", orders=[_order("2")], items=[]).upload_id
    assert undo_last_upload(db, 1, upload_id=b)["file_name"] == "B.csv"
    with pytest.raises(NotTheNewestUpload) as pressed_twice:
        undo_last_upload(db, 1, upload_id=b)
    assert (pressed_twice.value.asked, pressed_twice.value.newest) == (None, "A.csv")
    save_import(db, 1, file_name="C.csv", platform="generic", orders=[_order("3")], items=[])
    with pytest.raises(NotTheNewestUpload) as newer:
        undo_last_upload(db, 1, upload_id=a)
    assert (newer.value.asked, newer.value.newest) == ("A.csv", "C.csv")
    assert sorted(row[0] for row in iter_orders(db, 1)[1]) == ["1", "3"]


def test_concurrent_presses_of_one_undo_button_undo_one_upload(tmp_path):
    path = tmp_path / "shop.db"
    setup = open_database(path)
    for name in ("A.csv", "B.csv"):
        upload_id = save_import(setup, 1, file_name=name, platform="generic", orders=[_order(name)], items=[]).upload_id
    setup.close()
    start = threading.Barrier(4)

    def press() -> str:
        db = open_database(path, migrate=False)
        start.wait()
        try:
            return undo_last_upload(db, 1, upload_id=upload_id)["file_name"]
        except NotTheNewestUpload:
            return "refused"
        finally:
            db.close()

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(lambda _: press(), range(4)))
    assert outcomes == ["B.csv", "refused", "refused", "refused"]
    check = open_database(path, migrate=False)
    assert [u["file_name"] for u in list_uploads(check, 1)] == ["A.csv"]
    check.close()


def test_forget_with_a_state_deletes_only_what_was_counted(db):
    _save(db, 1, [_order("1"), _order("2")])
    asked = forget_state(db, 1)
    _save(db, 1, [_order("3")])
    with pytest.raises(StoredDataChanged) as changed:
        forget_chat(db, 1, state=asked)
    assert changed.value.orders_now == 3 and chat_stats(db, 1)["orders"] == 3
    asked = forget_state(db, 1)
    assert forget_chat(db, 1, state=asked) == 3
    with pytest.raises(StoredDataChanged):
        forget_chat(db, 1, state=asked)
    _save(db, 1, [_order("1"), _order("2"), _order("3")])
    with pytest.raises(StoredDataChanged):
        forget_chat(db, 1, state=asked)


def test_migration_scripts_split_where_sqlite_says_a_statement_ends(tmp_path):
    from sqlite_utils import Database

    from storage.migrations import _execute_each

    db = Database(tmp_path / "scratch.db")
    _execute_each(db, """
        CREATE TABLE notes (text TEXT DEFAULT 'a; b');  -- a comment; with a semicolon
        /* another; comment */
        INSERT INTO notes (text) VALUES ('x;y');
        INSERT INTO notes DEFAULT VALUES
    """)
    assert [row[0] for row in db.execute("SELECT text FROM notes ORDER BY rowid")] == ["x;y", "a; b"]


def test_a_new_chats_digest_schedule_is_the_default_the_bot_states(db):
    from storage.digests import DEFAULT_SCHEDULE, ensure_subscription, get_subscription

    assert ensure_subscription(db, 6, "UTC")
    schedule = get_subscription(db, 6)
    assert {key: schedule[key] for key in DEFAULT_SCHEDULE} == DEFAULT_SCHEDULE  # the columns' SQL defaults agree


def test_a_new_chat_looks_as_far_ahead_as_the_analysis_default(db):
    from analytics.analysis import DEFAULT_HORIZON_DAYS
    from storage.chats import chat_horizon_days, ensure_chat

    assert chat_horizon_days(db, 5) is None
    ensure_chat(db, 5)
    assert chat_horizon_days(db, 5) == DEFAULT_HORIZON_DAYS  # the column's SQL default must agree


def test_customers_are_found_by_part_of_a_name_whatever_its_letters_most_spent_first(db):
    from storage.runs import SCORE_FIELDS, customers_named

    def row(customer, name, spent):
        values = dict.fromkeys(SCORE_FIELDS)
        values.update(customer_id=customer, name=name, monetary=spent)
        return tuple(values[field] for field in SCORE_FIELDS)

    run_id = save_run(db, 1, as_of="2024-01-01", horizon_days=90, summary={},
                      scores=[row("a", "Jörg Müller", 10.0), row("b", "Anna  MÜLLER", 50.0), row("c", "Bo Lee", 99.0),
                              row("d", None, 5.0)])
    assert [r["customer_id"] for r in customers_named(db, 1, run_id, "müller", limit=5)] == ["b", "a"]
    assert [r["customer_id"] for r in customers_named(db, 1, run_id, "anna müller", limit=5)] == ["b"]
    assert len(customers_named(db, 1, run_id, "l", limit=2)) == 2
    assert customers_named(db, 2, run_id, "müller", limit=5) == []  # another chat sees nothing


def test_an_import_gives_the_connection_its_own_page_cache_back(db):
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    _save(db, 1, [_order("1")], [("1", 0, "S", "Soap", 1.0, 5.0)])
    with pytest.raises(sqlite3.IntegrityError):
        _save(db, 1, [_order("2", status="lost")])
    assert db.execute("PRAGMA cache_size").fetchone()[0] == before


def test_rebuilding_orders_for_the_status_rule_keeps_rows_index_and_cascades(tmp_path):
    from storage.migrations import MIGRATIONS

    db = open_database(tmp_path / "old.db", migrate=False)
    MIGRATIONS.apply(db, stop_before="0015_orders_status_check_by_comparison")
    _save(db, 1, [_order("1"), _order("2", status="refunded", code="SUMMER10")], [("1", 0, "S", "Soap", 1, 10.0)])
    _save(db, 2, [_order("1", total=99.0, status="pending")], [("1", 0, "C", "Candle", 2, 49.5)])

    def rows():
        return [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall() for table in ("orders", "items")]

    before = rows()
    MIGRATIONS.apply(db)
    assert rows() == before
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [index[1] for index in db.execute("PRAGMA index_list(orders)") if index[3] == "c"] == ["orders_by_customer"]
    assert "status IN" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'orders'").fetchone()[0]
    _save(db, 1, [_order("3", status="cancelled")])
    with pytest.raises(sqlite3.IntegrityError):
        _save(db, 1, [_order("4", status="lost")])
    forget_chat(db, 1)  # the items still belong to their orders: they go with them
    assert db.execute("SELECT chat_id, count(*) FROM items GROUP BY chat_id").fetchall() == [(2, 1)]
    db.close()


def test_a_chats_first_upload_stores_what_merging_with_stored_orders_stores(db):
    # chat 1 holds nothing (its first upload goes straight into the tables); chat 2 holds an
    # unrelated order, so the same upload goes through the staging table and is compared
    orders = [_order("1", total=5.0), _order("2"), _order("1", total=7.0, status="refunded")]
    items = [("1", 0, "S", "Soap", 1, 5.0), ("1", 0, "S", "Soap", 9, 5.0), ("2", 0, None, "Dish", 1, 10.0),
             ("gone", 0, "X", "Not an order here", 1, 1.0)]
    _save(db, 2, [_order("other")])
    first, merged = _save(db, 1, orders, items), _save(db, 2, orders, items)
    assert (first.orders_added, first.orders_updated, first.orders_unchanged) == (2, 0, 0)
    assert (merged.orders_added, merged.orders_updated, merged.orders_unchanged) == (2, 0, 0)

    def stored(chat_id):  # what was stored, without the chat and upload numbers
        return [db.execute(f"SELECT {', '.join(fields)} FROM {table} WHERE chat_id = ? AND order_id != 'other' "
                           "ORDER BY 1, 2", [chat_id]).fetchall()
                for table, fields in (("orders", ORDER_FIELDS), ("items", ITEM_FIELDS))]

    assert stored(1) == stored(2)
    assert stored(1)[0][0][7:10] == (7.0, "EUR", "refunded")  # an order given twice: its last row
    assert [item[4] for item in stored(1)[1]] == [1, 1]  # a line given twice: its first
    undo_last_upload(db, 1)
    assert db.execute("SELECT count(*) FROM orders WHERE chat_id = 1").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM items WHERE chat_id = 1").fetchone()[0] == 0


def test_a_first_upload_into_an_empty_table_leaves_its_customer_index_whole(db):
    """The first upload of a new bot inserts without the index and builds it afterwards: it must
    be there, hold every order, and still be there after a first upload that failed."""
    def customer_index():
        return db.execute("SELECT sql FROM sqlite_master WHERE name = 'orders_by_customer'").fetchone()

    defined = customer_index()
    with pytest.raises(sqlite3.IntegrityError):
        _save(db, 1, [_order("1"), _order("2", status="not-a-status")])
    assert customer_index() == defined
    _save(db, 1, [_order(str(n), customer=f"c{n % 3}") for n in range(30)])
    assert customer_index() == defined
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    query = "SELECT count(*) FROM orders WHERE chat_id = 1 AND customer_id = 'c1'"
    assert "USING COVERING INDEX orders_by_customer" in db.execute(f"EXPLAIN QUERY PLAN {query}").fetchone()[-1]
    assert db.execute(query).fetchone()[0] == 10


def test_every_read_of_a_runs_scores_is_answered_from_its_primary_key(db):
    """customer_scores keeps no other index (keeping them cost a third of storing a run), so
    each query the bot makes must find its run's rows by the key, never by scanning all runs."""
    row = dict.fromkeys(SCORE_FIELDS)
    run_id = save_run(db, 1, as_of="2024-01-01", horizon_days=90, summary={},
                      scores=[tuple({**row, "customer_id": "a", "segment": "Champions"}[f] for f in SCORE_FIELDS)])
    issued = []
    db.conn.set_trace_callback(issued.append)
    run_scores(db, 1, run_id)
    run_scores(db, 1, run_id, segment="Champions", order_by="clv_12m")
    run_scores(db, 1, run_id, min_churn_risk=0.5, order_by="value_at_risk", limit=10)
    db.conn.set_trace_callback(None)
    assert len(issued) == 3
    for sql in issued:
        plan = " ".join(step[-1] for step in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
        assert "customer_scores USING PRIMARY KEY (run_id=?)" in plan, plan
