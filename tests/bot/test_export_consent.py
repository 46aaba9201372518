"""The customer files carry the e-mail marketing consent Shopify's orders export holds (formats
§1.1: `Accepts Marketing`, yes/no on an order's first row), the newest order's answer winning."""

from __future__ import annotations

import io

import pandas as pd

from analytics.rfm import SEGMENTS
from bot import service

ORDERS = (b"Name,Email,Financial Status,Accepts Marketing,Currency,Total,Created at,Lineitem quantity,"
          b"Lineitem name,Lineitem price\n"
          b"#1001,Ann@Example.com,paid,no,USD,10.00,2025-01-02 10:00:00 -0500,1,Soap,10.00\n"
          b"#1002,ann@example.com,paid,yes,USD,12.00,2025-03-02 10:00:00 -0500,1,Soap,12.00\n"
          b"#1003,bo@example.com,paid,no,USD,8.00,2025-02-02 10:00:00 -0500,1,Candle,8.00\n"
          b"#1004,cy@example.com,paid,,USD,9.00,2025-02-03 10:00:00 -0500,1,Candle,9.00\n")


def test_the_customer_files_say_who_accepts_email_marketing_as_the_orders_export_does(empty_db_path):
    service.import_upload(empty_db_path, 1, "orders_export_1.csv", ORDERS)
    service.analyse_chat(empty_db_path, 1)
    files = [service.export_segment(empty_db_path, 1, name) for name in SEGMENTS]
    table = pd.concat([pd.read_csv(io.BytesIO(f.data), encoding="utf-8-sig", dtype=str) for f in files if f and f.rows])
    consent = table.set_index("Email")["Accepts email marketing"].fillna("").to_dict()
    assert consent == {"ann@example.com": "yes", "bo@example.com": "no", "cy@example.com": ""}
