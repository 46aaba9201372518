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
    rows = list(csv.DictReader(io.StringIO(customers_csv(table).decode("utf-8-sig"), newline="")))
    assert rows[0]["name"] == "'" + hostile
    assert rows[0]["monetary"] == "-12.5"
    assert rows[0]["email"] == "a@example.com"


def test_export_starts_with_a_bom_for_excel_and_has_the_columns_email_tools_need():
    data = customers_csv(pd.DataFrame({"email": ["é@example.com"], "name": ["Zoë"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:3] == ["email", "name", "accepts_marketing"]
