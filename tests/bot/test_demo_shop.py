"""The demo shop that the web chat's "Try a demo shop" button uploads."""

from __future__ import annotations

import datetime as dtm
import io
import zipfile

import pandas as pd

from analytics.ingest import read_export
from bot.local_bot_api.demo_shop import DEMO_FILE_NAME, demo_shop_zip

TODAY = dtm.date(2026, 3, 15)


def test_demo_shop_is_a_year_of_several_platforms_with_a_few_reviews():
    data = demo_shop_zip(TODAY)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == 4
    export = read_export(data, DEMO_FILE_NAME)
    assert set(export.platform.split("+")) == {"shopify", "etsy", "reviews"}
    orders = export.orders
    first, last = orders["ordered_at"].min(), orders["ordered_at"].max()
    assert first >= pd.Timestamp(TODAY - dtm.timedelta(days=366), tz="UTC")
    assert last < pd.Timestamp(TODAY, tz="UTC") and last >= pd.Timestamp(TODAY - dtm.timedelta(days=14), tz="UTC")
    assert 80 <= orders["customer_id"].nunique() <= 200  # a small shop
    assert (orders.groupby("customer_id").size() > 1).mean() > 0.2  # with returning customers
    assert 5 <= len(export.reviews) <= 60
    assert not export.items.empty


def test_demo_shop_is_the_same_shop_for_the_same_day():
    assert demo_shop_zip(TODAY) == demo_shop_zip(TODAY)
