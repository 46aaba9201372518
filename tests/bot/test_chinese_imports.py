"""Chinese platforms' exports keep the clean-history guarantees: a re-upload adds nothing, /undo
takes the upload back, a refusal stores nothing, and the reply says how buyers were told apart
and that a masked buyer counts as a customer of their own."""

from __future__ import annotations

import pytest

from analytics.errors import MissingColumns
from bot import service
from bot.i18n import CHINESE, use_language
from bot.telegram_bot.replies.uploads import import_text
from storage.database import open_database
from tests.helpers import chinese_exports as zh
from tests.helpers.english_left import english_left

EXPORTS = {name: (build, file_name, orders, revenue)
           for name, (build, file_name, _platform, orders, _customers, revenue, _bases) in zh.CHINESE_FIXTURES.items()}


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path).close()
    return path


def _stored(db_path):
    orders = service.load_orders(db_path, 1)
    return len(orders), round(orders.loc[orders["status"] == "paid", "total"].sum(), 2)


@pytest.mark.parametrize("platform", sorted(EXPORTS))
def test_reupload_adds_nothing_and_undo_takes_the_upload_back(db_path, platform):
    build, name, orders, revenue = EXPORTS[platform]
    first = service.import_upload(db_path, 1, name, build())
    again = service.import_upload(db_path, 1, name, build())
    assert (first.orders_added, again.orders_added, again.orders_updated) == (orders, 0, 0)
    assert _stored(db_path) == (orders, round(revenue, 2))
    service.undo_upload(db_path, 1)  # the re-upload, which changed nothing
    assert _stored(db_path) == (orders, round(revenue, 2))
    service.undo_upload(db_path, 1)
    assert _stored(db_path) == (0, 0)


def test_a_refused_export_stores_nothing(db_path):
    service.import_upload(db_path, 1, "拼多多订单.csv", zh.pinduoduo_orders())
    with pytest.raises(MissingColumns):
        service.import_upload(db_path, 1, "没有买家.csv", zh.pinduoduo_orders(buyers=False))
    assert _stored(db_path) == (zh.PINDUODUO_ORDERS, round(zh.PINDUODUO_REVENUE, 2))
    assert len(service.uploads(db_path, 1)) == 1


def test_the_import_reply_says_how_many_orders_were_keyed_how_and_that_masked_buyers_count_apart(db_path):
    report = service.import_upload(db_path, 1, "拼多多订单.csv", zh.pinduoduo_orders())
    assert report.skipped == {} and report.buyer_bases == zh.PINDUODUO_BASES
    text = import_text(report)
    assert "buyers told apart: 4 by a full phone number; 1 by receiver name and address" in text
    assert f"hides the buyer of {zh.PINDUODUO_HIDDEN} orders" in text and "customer of its own" in text
    with use_language(CHINESE):
        chinese = import_text(report)
    assert "买家识别：4 单按完整手机号；1 单按收货人姓名和地址" in chinese and "2 笔订单" in chinese


def test_masked_buyers_orders_stay_their_own_customers_across_uploads(db_path):
    service.import_upload(db_path, 1, "拼多多订单.csv", zh.pinduoduo_orders())
    service.import_upload(db_path, 1, "拼多多订单.csv", zh.pinduoduo_orders())
    orders = service.load_orders(db_path, 1)
    assert orders["customer_id"].nunique() == zh.PINDUODUO_CUSTOMERS  # the same keys again: nobody doubled


def test_a_chinese_owner_reads_the_import_notes_in_chinese(db_path):
    """订单成交时间 empty in the whole file: the note that the day came from the order number."""
    report = service.import_upload(db_path, 1, "订单导出.csv", zh.pinduoduo_orders(deal_time=False))
    assert any("day in the order number" in note for note in report.notes)
    with use_language(CHINESE):
        text = import_text(report)
    assert "订单号里的日期" in text
    assert english_left(text, ("订单导出.csv",)) == []
