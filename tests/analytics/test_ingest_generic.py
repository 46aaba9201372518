"""The generic reader: headers, encodings, delimiters, money, dates, and every refusal."""

from __future__ import annotations

import gzip
import io
import zipfile

import pandas as pd
import pytest

from analytics.errors import EmptyFile, FileTooLarge, MissingColumns, NotATable, UnreadableValues
from analytics.ingest import read_export
from analytics.ingest.values import parse_dates, parse_money


def test_reads_a_plain_orders_csv():
    export = read_export(b"Order ID,Email,Date,Total\n1,A@X.com,2024-01-05,10.50\n2,b@x.com,2024-02-05,20\n", "o.csv")
    assert export.platform == "generic"
    assert list(export.orders["order_id"]) == ["1", "2"]
    assert list(export.orders["customer_id"]) == ["a@x.com", "b@x.com"]
    assert list(export.orders["total"]) == [10.5, 20.0]
    assert str(export.orders["ordered_at"].dt.tz) == "UTC"


def test_chinese_headers_in_gbk():
    text = "订单号,客户,下单时间,金额\n1,张三,2024年5月6日,128.00\n2,李四,2024-05-07 10:22:00,12\n"
    export = read_export(text.encode("gbk"), "导出.csv")
    assert list(export.orders["customer_id"]) == ["张三", "李四"]
    assert export.orders["ordered_at"].iloc[0] == pd.Timestamp("2024-05-06", tz="UTC")
    assert export.orders["total"].sum() == 140.0


def test_file_without_order_ids_is_one_purchase_per_row_with_stable_ids():
    content = b"customer,date,amount\nann,2024-01-01,5\nann,2024-01-01,5\nbob,2024-01-02,7\n"
    first = read_export(content, "p.csv")
    again = read_export(content, "p.csv")
    assert len(first.orders) == 3, "two identical purchases on one day are still two purchases"
    assert first.orders["order_id"].is_unique
    assert list(first.orders["order_id"]) == list(again.orders["order_id"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_encodings_and_delimiters(encoding, delimiter):
    rows = [["Order ID", "Customer", "Date", "Total"], ["1", "Müller", "2024-03-01", "9.99"], ["2", "Zoë", "2024-03-02", "5"]]
    content = "\n".join(delimiter.join(row) for row in rows).encode(encoding)
    export = read_export(content, "o.csv")
    assert list(export.orders["customer_id"]) == ["Müller", "Zoë"]
    assert export.orders["total"].sum() == pytest.approx(14.99)


def test_quoted_fields_with_newlines():
    content = b'Order ID,Email,Date,Total,Note\n1,a@x.com,2024-01-05,10,"line one\nline two"\n2,b@x.com,2024-01-06,3,ok\n'
    assert len(read_export(content, "o.csv").orders) == 2


@pytest.mark.parametrize(
    ("cells", "expected", "currency"),
    [
        (["$1,234.50", "$3.00"], [1234.5, 3.0], "USD"),
        (["1.234,50 €", "12,00 €"], [1234.5, 12.0], "EUR"),
        (["1 234,50", "5,25"], [1234.5, 5.25], None),
        (["(12.00)", "-$0.95"], [-12.0, -0.95], None),
        (["GBP 10", "GBP 2.50"], [10.0, 2.5], "GBP"),
        (["1,234", "2,000"], [1234.0, 2000.0], None),
    ],
)
def test_money_formats(cells, expected, currency):
    money = parse_money(pd.Series(cells))
    assert list(money.amount) == pytest.approx(expected)
    if currency:
        assert set(money.currency.dropna()) == {currency}


def test_day_first_is_decided_from_the_whole_column():
    dates = parse_dates(pd.Series(["05/06/2024", "13/06/2024"]))
    assert dates.values.iloc[0] == pd.Timestamp("2024-06-05", tz="UTC")
    assert dates.note is None


def test_ambiguous_slashed_dates_are_read_month_first_and_said():
    dates = parse_dates(pd.Series(["05/06/2024", "01/02/2024 10:00"]))
    assert dates.values.iloc[0] == pd.Timestamp("2024-05-06", tz="UTC")
    assert dates.values.iloc[1] == pd.Timestamp("2024-01-02 10:00", tz="UTC")
    assert "month-first" in dates.note


def test_offsets_are_stored_in_utc_and_excel_serials_are_read():
    assert parse_dates(pd.Series(["2025-12-03 23:59:29 -0700"])).values.iloc[0] == pd.Timestamp("2025-12-04 06:59:29", tz="UTC")
    assert parse_dates(pd.Series(["45292", "45293"])).values.iloc[0] == pd.Timestamp("2024-01-01", tz="UTC")


def test_line_items_are_summed_into_one_order():
    content = (
        b"Order ID,Email,Date,Product,Quantity,Unit Price,Total\n"
        b"#1,a@x.com,2024-01-01,Soap,2,5.00,10.00\n#1,a@x.com,2024-01-01,Dish,1,12.00,12.00\n"
    )
    export = read_export(content, "o.csv")
    assert export.orders["total"].tolist() == [22.0]
    assert export.items["product"].tolist() == ["Soap", "Dish"]
    assert export.items["line_no"].tolist() == [0, 1]


def test_order_total_repeated_on_every_line_is_taken_once():
    content = b"Order ID,Email,Date,Product,Order Total\n#1,a@x.com,2024-01-01,Soap,22.00\n#1,a@x.com,2024-01-01,Dish,22.00\n"
    assert read_export(content, "o.csv").orders["total"].tolist() == [22.0]


def test_refunds_and_cancellations_are_kept_and_marked():
    content = (
        b"Order ID,Email,Date,Total,Status,Refunded Amount\n"
        b"1,a@x.com,2024-01-01,50,paid,0\n2,a@x.com,2024-01-02,50,paid,50\n"
        b"3,a@x.com,2024-01-03,40,partially_refunded,10\n4,a@x.com,2024-01-04,9,cancelled,\n"
    )
    orders = read_export(content, "o.csv").orders.set_index("order_id")
    assert orders.loc["2", "status"] == "refunded"
    assert orders.loc["3", ["status", "total"]].tolist() == ["paid", 30.0]
    assert orders.loc["4", "status"] == "cancelled"


def test_rows_without_customer_are_skipped_and_counted():
    export = read_export(b"Order ID,Email,Date,Total\n1,a@x.com,2024-01-01,5\n2,,2024-01-01,5\n", "o.csv")
    assert len(export.orders) == 1
    assert export.skipped == {"no customer (id, e-mail or name)": 1}


def test_zip_and_gzip_containers():
    content = b"Order ID,Email,Date,Total\n1,a@x.com,2024-01-01,5\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("__MACOSX/._orders.csv", b"junk")
        archive.writestr("orders.csv", content)
    assert len(read_export(buffer.getvalue(), "orders.zip").orders) == 1
    assert len(read_export(gzip.compress(content), "orders.csv.gz").orders) == 1


def test_excel_workbook():
    buffer = io.BytesIO()
    pd.DataFrame({"Order ID": [1, 2], "Email": ["a@x.com", "b@x.com"], "Date": ["2024-01-01", "2024-01-02"],
                  "Total": [5, 6]}).to_excel(buffer, index=False)
    assert read_export(buffer.getvalue(), "orders.xlsx").orders["total"].sum() == 11.0


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b"", EmptyFile, "empty"),
        (b"Order ID,Email,Date,Total\n", EmptyFile, "header but no orders"),
        (b"%PDF-1.4 ...", NotATable, "PDF"),
        (b"\x89PNG\r\n\x1a\n....", NotATable, "picture"),
        (b"Email,Date\na@x.com,2024-01-01\n", MissingColumns, "amount"),
        (b"Total,Date\n5,2024-01-01\n", MissingColumns, "customer"),
        (b"Email,Total\na@x.com,5\n", MissingColumns, "date"),
        (b"Email,Date,Total\na@x.com,soon,5\nb@x.com,later,6\n", UnreadableValues, "row 2"),
        (b"a,b\n" + b"x" * (2 * 1024 * 1024) + b"\n", FileTooLarge, "longer than"),
    ],
)
def test_refusals_say_what_is_wrong(content, error, words):
    with pytest.raises(error) as raised:
        read_export(content, "upload.csv")
    assert words in str(raised.value)


def test_zip_bomb_is_refused_without_unpacking_it_all(monkeypatch):
    from analytics.ingest import containers

    monkeypatch.setattr(containers, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("orders.csv", b"0" * (5 * 1024 * 1024))
    assert len(buffer.getvalue()) < 50_000
    with pytest.raises(FileTooLarge):
        read_export(buffer.getvalue(), "bomb.zip")
