"""Checking an owner's column answer against the column's values, and reading with the answers."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.ingest import read_export
from analytics.ingest.mapping import check_choice, status_columns, unknown_status_words

TODAY = pd.Timestamp("2024-06-01", tz="UTC")


@pytest.mark.parametrize(
    ("field", "values", "reason"),
    [
        ("ordered_at", ["1010", "1011", "2991"], "not_dates"),  # a reference number taken for the date
        ("ordered_at", ["12,50", "7,00", "3,10"], "not_dates"),
        ("ordered_at", ["Köln", "Bonn", "Ulm"], "not_dates"),
        ("ordered_at", ["1010-01-01", "2991-01-01", "2500-05-05"], "dates_out_of_range"),
        ("ordered_at", ["2024-01-05", "05/02/2024", None], None),
        ("ordered_at", ["45292", "45293", "45300"], None),  # Excel serials of January 2024
        ("total", ["2024-01-05", "2024-02-05", "2024-03-01"], "looks_like_dates"),
        ("total", ["1010", "1011", "1012", "1013", "1014", "1015"], "running_number"),
        ("total", ["ann", "bo", "cy"], "not_amounts"),
        ("total", ["2 Example Street", "14 High Road", "7 Mill Lane"], "not_amounts"),  # digits in an address
        ("total", ["#1317", "#1318", "#1320"], "not_amounts"),  # Shopify order names
        ("total", ["(+44)7000000000", "(+44)7000000001", "(+44)7000000005"], "not_amounts"),  # phones
        ("total", ["R$ 12,00", "100元", "12 zł", "USD 12", "-$0.95"], None),
        ("customer_id", ["64.40", "12.00", "9.95"], "looks_like_amounts"),
        ("customer_id", ["paid", "refunded", "paid", "pending"] * 6, "same_values"),
        ("total", ["12,50 €", "7,00 €", "1.234,50 €"], None),
        ("total", ["10", "20", "10", "35", "12"], None),
        ("customer_id", [None, None, "ann@example.com"], "empty"),
        ("customer_id", ["ann@example.com", "bo@example.com", "ann@example.com"], None),
        ("status", [f"word{i}" for i in range(20)], "not_a_status"),
        ("status", ["paid", "cancelled", "paid"], None),
    ],
)
def test_an_answer_is_checked_against_the_column_values(field, values, reason):
    problem = check_choice(field, values, today=TODAY)
    assert (problem.reason if problem else None) == reason


def test_the_problem_names_a_value_that_does_not_fit():
    problem = check_choice("ordered_at", ["2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08", "2224-05-01"], today=TODAY)
    assert problem is None, "four in five fit: one typo is a skipped row, not a wrong column"
    problem = check_choice("ordered_at", ["2024-01-05", "1010", "2991"], today=TODAY)
    assert problem.reason == "not_dates" and problem.example == "1010"


def test_status_like_columns_are_found_by_name_or_by_words():
    columns = ["Status", "Menge", "Zustand", "Kunde"]
    samples = [["bezahlt", "storniert"], ["1", "2", "1"], ["paid", "refunded", "cancelled"],
               ["ann@example.com", "bo@example.com"]]
    assert status_columns(columns, samples, taken={3}) == [0, 2]
    assert status_columns(columns, samples, taken={0}) == [2]
    assert unknown_status_words(["paid", "Geparkt", "geparkt", "cancelled"]) == ["geparkt"]
    assert unknown_status_words(["bezahlt", "Offen", "payée"]) == [], "European status words are known"


def test_a_mapping_by_position_reads_blank_and_repeated_header_names():
    content = b"Kunde,,Betrag,Kunde\nann@example.com,2024-01-05,12.50,x\nbo@example.com,2024-02-05,7.00,y\n"
    with pytest.raises(Exception) as raised:
        read_export(content, "f.csv")
    signature = raised.value.signature
    assert raised.value.samples[1][:2] == ["2024-01-05", "2024-02-05"]
    mapping = {"customer_id": 0, "ordered_at": 1, "total": 2, "order_id": None}
    export = read_export(content, "f.csv", mappings={signature: mapping})
    assert sorted(export.orders["total"]) == [7.0, 12.5]
    assert set(export.orders["email"]) == {"ann@example.com", "bo@example.com"}


def test_status_words_the_owner_explained_keep_orders_out_of_revenue():
    content = "Wer;Wann;Wieviel;Status\n" + "".join(
        f"k{i}@example.com;2024-03-0{i + 1};{amount};{status}\n"
        for i, (amount, status) in enumerate([("10,00", "bezahlt"), ("20,00", "storniert"), ("40,00", "offen"),
                                              ("80,00", "bezahlt")])
    )
    with pytest.raises(Exception) as raised:
        read_export(content.encode(), "b.csv")
    mapping = {"customer_id": 0, "ordered_at": 1, "total": 2, "order_id": None, "status": 3,
               "status_words": {"bezahlt": "paid", "storniert": "cancelled", "offen": "pending"}}
    export = read_export(content.encode(), "b.csv", mappings={raised.value.signature: mapping})
    paid = export.orders[export.orders["status"] == "paid"]
    assert paid["total"].sum() == 90.0
    assert sorted(export.orders["status"]) == ["cancelled", "paid", "paid", "pending"]
