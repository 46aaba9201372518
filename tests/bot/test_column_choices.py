"""Column choices are remembered only once an import with them worked, and can be forgotten."""

from __future__ import annotations

from contextlib import closing

import pytest

from analytics.errors import MissingColumns, ShopPulseError
from bot import service
from storage.database import open_database
from storage.mappings import load_mappings

CONTENT = b"Wer;Wann;Wieviel\nann@example.com;2024-01-05;12,50\nbo@example.com;2024-02-05;7,00\n"


def _signature(tmp_path) -> str:
    with pytest.raises(MissingColumns) as raised:
        service.import_upload(tmp_path / "db.sqlite", 1, "a.csv", CONTENT)
    return raised.value.signature


def _stored(db_path) -> dict:
    with closing(open_database(db_path, migrate=False)) as db:
        return load_mappings(db, 1)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path).close()
    return path


def test_a_mapping_that_imports_nothing_is_not_remembered(db_path):
    signature = _signature(db_path.parent)
    dates_from_emails = {"customer_id": 2, "ordered_at": 0, "total": 2, "order_id": None}
    with pytest.raises(ShopPulseError):
        service.import_upload(db_path, 1, "a.csv", CONTENT, new_mapping=(signature, dates_from_emails))
    assert _stored(db_path) == {}
    assert service.chat_stats(db_path, 1)["orders"] == 0


def test_a_mapping_is_remembered_after_its_import_and_forgotten_on_request(db_path):
    signature = _signature(db_path.parent)
    mapping = {"customer_id": 0, "ordered_at": 1, "total": 2, "order_id": None}
    report = service.import_upload(db_path, 1, "a.csv", CONTENT, new_mapping=(signature, mapping))
    assert report.orders_added == 2 and report.platform == "mapped"
    assert _stored(db_path) == {signature: mapping}
    assert service.forget_mappings(db_path, 1) == 1
    assert _stored(db_path) == {}
    with pytest.raises(MissingColumns):
        service.import_upload(db_path, 1, "b.csv", CONTENT)
