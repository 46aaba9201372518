"""/horizon's re-analysis through the service: what it stores equals a full analysis at that horizon."""

from __future__ import annotations

from contextlib import closing

from bot import service
from storage import open_database
from storage.runs import latest_run, run_scores
from tests.helpers.shop import generic_orders_csv


def _stored(db_path, chat_id):
    with closing(open_database(db_path, migrate=False)) as db:
        run = latest_run(db, chat_id)
        return run, run_scores(db, chat_id, run["run_id"])[1]


def test_horizon_change_stores_what_a_full_analysis_would(tmp_path):
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    service.import_upload(db_path, 1, "orders.csv", generic_orders_csv(300, seed=5))
    service.analyse_chat(db_path, 1)
    service.set_horizon(db_path, 1, 30)
    changed = service.change_horizon(db_path, 1)
    changed_run, changed_rows = _stored(db_path, 1)
    service.analyse_chat(db_path, 1)
    full_run, full_rows = _stored(db_path, 1)
    assert changed["horizon_days"] == 30 and changed_run["horizon_days"] == 30
    assert changed_rows == full_rows
    assert changed_run["summary"] == full_run["summary"]


def test_horizon_change_after_a_new_upload_analyses_everything(tmp_path):
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    service.import_upload(db_path, 1, "orders.csv", generic_orders_csv(100, seed=5))
    service.analyse_chat(db_path, 1)
    service.import_upload(db_path, 1, "more.csv", generic_orders_csv(160, seed=6))  # not analysed yet
    service.set_horizon(db_path, 1, 30)
    summary = service.change_horizon(db_path, 1)
    assert summary["customers"] > 100
