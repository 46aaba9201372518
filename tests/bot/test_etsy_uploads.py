"""Etsy's two files sent as two uploads build the history one upload of both would (formats §3)."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot import service
from storage.database import open_database
from tests.helpers import platform_exports

# The guest "Sam Example" of the orders file is "S. Example", the delivery name, in the items
# file, which also holds an order (1480000009) the orders file does not.
ITEMS = platform_exports.etsy_sold_order_items().replace(b"Sam Example", b"S. Example") + (
    b"07/09/19,Pen,,1,3,,,0,0,2,0,3,USD,9,,,,S. Example,,,,,,,1480000009,,,,,,,,\n")


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path).close()
    return path


def _owners(db_path):
    return service.load_orders(db_path, 1).set_index("order_id")["customer_id"]


def test_the_items_file_sent_after_the_orders_file_keeps_the_guest_one_customer(db_path):
    service.import_upload(db_path, 1, "EtsySoldOrders2019.csv", platform_exports.etsy_sold_orders())
    report = service.import_upload(db_path, 1, "EtsySoldOrderItems2019.csv", ITEMS)
    assert report.orders_added == 1
    owners = _owners(db_path)
    assert owners["1480000009"] == owners["1455338276"] == "sam example"
    assert owners.nunique() == 3


def test_the_two_uploads_end_as_one_upload_of_both(db_path, tmp_path):
    service.import_upload(db_path, 1, "EtsySoldOrders2019.csv", platform_exports.etsy_sold_orders())
    service.import_upload(db_path, 1, "EtsySoldOrderItems2019.csv", ITEMS)
    together = tmp_path / "together.sqlite"
    open_database(together).close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("EtsySoldOrders2019.csv", platform_exports.etsy_sold_orders())
        archive.writestr("EtsySoldOrderItems2019.csv", ITEMS)
    service.import_upload(together, 1, "etsy.zip", buffer.getvalue())
    assert _owners(db_path).sort_index().equals(_owners(together).sort_index())
