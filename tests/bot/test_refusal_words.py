"""Refusals from analytics carry a code (the English message id) and values, so the bot says
them in the owner's language while the command line and logs keep the English."""

from __future__ import annotations

import pickle

import pytest

from analytics.errors import MissingColumns, UnreadableValues
from analytics.ingest import read_export
from bot.i18n import CHINESE, translated, use_language


def _dates_refusal() -> UnreadableValues:
    rows = "Order ID,Email,Date,Total\n" + "".join(f"{n},a{n}@x.com,31/31/20,5\n" for n in range(3))
    with pytest.raises(UnreadableValues) as raised:
        read_export(rows.encode(), "订单.csv")
    return raised.value


def test_a_refusal_crosses_a_worker_process_as_its_code_and_values():
    error = pickle.loads(pickle.dumps(_dates_refusal()))
    assert str(error) == ("I could not read the dates in “订单.csv” (for example “31/31/20” on row 2; rows 2, 3, 4). "
                          "Use a date like 2024-05-06 or 06/05/2024 and resend.")
    assert error.template.startswith("I could not read the dates in “{file}”")
    assert error.params["file"] == "订单.csv" and error.rows == [2, 3, 4]


def test_the_bot_says_a_refusal_and_its_row_words_in_chinese():
    amounts = b"Order ID,Email,Date,Total\n1,a@x.com,2024-01-05,inf\n2,b@x.com,2024-01-06,NaN\n"
    with pytest.raises(UnreadableValues) as raised:
        read_export(amounts, "金额.csv")
    error = pickle.loads(pickle.dumps(raised.value))
    assert translated(error) == str(error)  # English: the message as analytics wrote it
    with use_language(CHINESE):
        assert translated(error) == ("“金额.csv”里没有一个金额能读懂（例如第 2 行的“inf”）。金额应是 28.95、1,234.50 或 "
                                     "28,95 € 这样的数字；请修改金额列后再发送。")


def test_words_listed_inside_a_refusal_are_translated_and_joined_in_chinese():
    with pytest.raises(MissingColumns) as raised:
        read_export(b"Reference,Note\nA1,hello\nA2,bye\n", "notes.csv")
    error = raised.value
    assert "the order date and the amount (order total or price)" in str(error)
    with use_language(CHINESE):
        assert "下单日期和金额（订单总额或单价）" in translated(error)
