"""/recommend answers from the next products stored with the run, without analysing the shop again."""

from __future__ import annotations

from contextlib import closing

from analytics.analysis import analyse_orders
from analytics.ingest import read_export
from bot import service
from storage import open_database
from storage.runs import latest_run, run_scores
from tests.helpers.shop import generic_orders_csv


def _refuse(*_args, **_kwargs):
    raise AssertionError("the stored picks should have answered")


def test_recommend_reads_the_picks_stored_with_the_run_and_horizon_keeps_them(tmp_path, monkeypatch):
    data = generic_orders_csv(200, seed=11)
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    service.import_upload(db_path, 1, "orders.csv", data)
    service.analyse_chat(db_path, 1)
    export = read_export(data, "orders.csv")
    expected = analyse_orders(export.orders, items=export.items).scores.set_index("customer_id")["next_products"]
    customer = expected.dropna().index[0]

    service.set_horizon(db_path, 1, 30)
    service.change_horizon(db_path, 1)  # a new run made from the previous one's scores
    with closing(open_database(db_path, migrate=False)) as db:
        columns, rows = run_scores(db, 1, latest_run(db, 1)["run_id"])
    stored = {row[0]: row[columns.index("next_picks")] for row in rows}
    assert stored[customer] and stored[customer].startswith("[")

    monkeypatch.setattr("bot.service.analyses.next_products", _refuse)
    monkeypatch.setattr("bot.service.analyses.load_items", _refuse)
    found = service.recommendations(db_path, 1, customer)
    assert " | ".join(found["recommended"]) == expected[customer]
    assert {pick["kind"] for pick in found["picks"]} <= {"re-buy", "new"}
    rebuys = [pick for pick in found["picks"] if pick["kind"] == "re-buy"]
    assert all(pick["days_since"] is not None for pick in rebuys)


def test_a_run_stored_before_picks_were_kept_still_gets_recommendations(tmp_path):
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    service.import_upload(db_path, 1, "orders.csv", generic_orders_csv(120, seed=12))
    service.analyse_chat(db_path, 1)
    with closing(open_database(db_path, migrate=False)) as db:
        db.execute("UPDATE customer_scores SET next_picks = NULL")
        db.conn.commit()
        columns, rows = run_scores(db, 1, latest_run(db, 1)["run_id"])
    customer = rows[0][0]
    found = service.recommendations(db_path, 1, customer)
    assert found["recommended"] or found["why_none"]
    assert found["method"] != "none"
