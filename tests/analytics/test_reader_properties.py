"""Property-based tests over every reader: whatever bytes arrive, the only outcomes are a
correct import or one of the project's own documented errors (ShopPulseError)."""

from __future__ import annotations

import codecs
import csv
import io
import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analytics.errors import FileTooLarge, ShopPulseError
from analytics.ingest import ORDER_COLUMNS, read_export
from tests.helpers.platform_exports import PLATFORM_FIXTURES

SETTINGS = settings(max_examples=int(os.environ.get("SHOPPULSE_HYPOTHESIS_EXAMPLES", 60)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "cp1252", "latin-1"]


def _outcome(data: bytes, name: str = "upload.csv") -> None:
    """Read; if it works the result must be a well-formed history, else a ShopPulseError."""
    try:
        export = read_export(data, name)
    except ShopPulseError as error:
        assert str(error), "every refusal carries a message for the owner"
        return
    orders = export.orders
    assert list(orders.columns) == ORDER_COLUMNS
    assert orders["order_id"].is_unique
    assert orders["customer_id"].notna().all() and orders["ordered_at"].notna().all()
    assert orders["total"].notna().all()
    assert set(orders["status"]) <= {"paid", "refunded", "cancelled", "pending"}
    assert str(orders["ordered_at"].dt.tz) == "UTC" or orders.empty


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    _outcome(data)


@SETTINGS
@given(st.sampled_from(sorted(PLATFORM_FIXTURES)), st.floats(0.05, 0.95))
@example("online-retail", 0.71875)  # credit notes whose lines were cut off: a pandas TypeError once
def test_truncated_platform_files(name, keep):
    build, file_name = PLATFORM_FIXTURES[name][:2]
    data = build()
    _outcome(data[: int(len(data) * keep)], file_name)


cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\t", "", "NaN", "null", "(12.00)", "1.234,50 €"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.dates().map(lambda d: d.strftime(["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%y", "%Y年%m月%d日"][d.day % 4])),
)


@SETTINGS
@given(
    header=st.lists(st.sampled_from(["Order ID", "Email", "Customer", "Date", "Total", "Amount", "Status", "Product",
                                     "Qty", "Price", "Currency", "金额", "客户", "下单时间", "notes"]),
                    min_size=1, max_size=8, unique=True),
    rows=st.lists(st.lists(cells, min_size=0, max_size=9), max_size=25),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_random_tables_in_random_encodings_and_delimiters(header, rows, delimiter, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    _outcome(data)


@SETTINGS
@given(
    customers=st.lists(st.emails(), min_size=1, max_size=20),
    amounts=st.lists(st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: f"{v:.2f}"), min_size=1, max_size=20),
    days=st.lists(st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp.now().date()),
                  min_size=1, max_size=20),
)
def test_valid_generic_files_import_every_row(customers, amounts, days):
    n = min(len(customers), len(amounts), len(days))
    lines = ["Order ID,Email,Date,Total"] + [f"{i},{customers[i]},{days[i]:%Y-%m-%d},{amounts[i]}" for i in range(n)]
    export = read_export("\n".join(lines).encode(), "orders.csv")
    assert len(export.orders) == n
    assert export.orders["total"].round(2).tolist() == [round(float(a), 2) for a in amounts[:n]]


def test_huge_field_is_refused_cleanly():
    with pytest.raises(FileTooLarge, match="longer than 1 MB"):
        read_export(b"Email,Date,Total\n" + b"a@x.com,2024-01-01," + b"9" * 3_000_000 + b"\n", "upload.csv")


def test_bom_and_mixed_line_endings():
    data = codecs.BOM_UTF8 + b"Order ID,Email,Date,Total\r\n1,a@x.com,2024-01-01,5\n2,b@x.com,2024-01-02,6\r3,c@x.com,2024-01-03,7\r\n"
    export = read_export(data, "orders.csv")
    assert sorted(export.orders["order_id"]) == ["1", "2", "3"]
