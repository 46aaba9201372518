"""Exported customer lists are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from analytics.export_csv import customers_csv


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(A1:A9)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_cells_are_neutralised_but_numbers_stay_numbers(hostile):
    table = pd.DataFrame({"email": ["a@example.com"], "name": [hostile], "customer_id": ["1"], "segment": ["Lost"],
                          "monetary": [-12.5], "recency_days": [3]})
    rows = list(csv.DictReader(io.StringIO(customers_csv(table, horizon_days=90).decode("utf-8-sig"), newline="")))
    assert rows[0]["Name"] == "'" + hostile
    assert rows[0]["Total spent"] == "-12.5"
    assert rows[0]["Email"] == "a@example.com"


def test_export_starts_with_a_bom_for_excel_and_has_the_columns_email_tools_need():
    data = customers_csv(pd.DataFrame({"email": ["é@example.com"], "name": ["Zoë"]}), horizon_days=90)
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:3] == ["Email", "Name", "Accepts email marketing"]


def test_columns_are_named_in_words_with_the_horizon_and_currency_and_risk_in_percent():
    table = pd.DataFrame({"email": ["a@example.com"], "customer_id": ["a"], "recency_days": [40], "frequency": [2],
                          "monetary": [80.0], "r": [4], "f": [3], "m": [2], "churn_risk": [0.974], "clv_12m": [31.5]})
    data = customers_csv(table, horizon_days=60, currency="EUR").decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(data, newline="")))
    assert row["Days since last order"] == "40" and row["Orders"] == "2"
    assert row["Total spent (EUR)"] == "80.0"
    assert row["Chance of no order in the next 60 days (%)"] == "97.0"
    assert row["Expected spend next 12 months (EUR)"] == "31.5"
    assert (row["Recency score (1-5)"], row["Frequency score (1-5)"], row["Spend score (1-5)"]) == ("4", "3", "2")
    assert not any(header.islower() for header in row)  # no raw score names such as "monetary"
