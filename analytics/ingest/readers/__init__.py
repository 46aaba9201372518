"""The readers, most specific first; the generic reader is always last and takes what is left.

A platform reader names the headers that identify it, maps its columns to the canonical
fields and fixes its quirks (see `base.ColumnReader`); adding one means adding it to `READERS`.
"""

from __future__ import annotations

from analytics.ingest.readers.alibaba1688 import Alibaba1688OrdersReader, Alibaba1688ShortOrdersReader
from analytics.ingest.readers.base import Reader
from analytics.ingest.readers.chinese import TaobaoOrdersReader, TmallOrdersReader
from analytics.ingest.readers.datasets import OnlineRetailReader
from analytics.ingest.readers.douyin import DouyinOrdersReader
from analytics.ingest.readers.etsy import EtsyOrderItemsReader, EtsyOrdersReader
from analytics.ingest.readers.generic import GenericOrdersReader
from analytics.ingest.readers.jd import JdOrdersReader
from analytics.ingest.readers.marketplaces import AmazonOrdersReader, EbayOrdersReader
from analytics.ingest.readers.payments import (
    GumroadSalesReader,
    PayPalActivityReader,
    SquareItemsReader,
    SquareTransactionsReader,
    StripePaymentsReader,
)
from analytics.ingest.readers.pinduoduo import PinduoduoOrdersReader
from analytics.ingest.readers.reviews import ReviewsReader
from analytics.ingest.readers.shopify import ShopifyCustomersReader, ShopifyOrdersReader
from analytics.ingest.readers.woocommerce import (
    WooAdvancedOrderExportReader,
    WooAnalyticsReader,
    WooSkyVergeExportReader,
)
from analytics.ingest.readers.youzan import YouzanOrdersReader

READERS: list[Reader] = [
    ShopifyOrdersReader(),
    ShopifyCustomersReader(),
    WooAdvancedOrderExportReader(),
    WooSkyVergeExportReader(),
    WooAnalyticsReader(),
    EtsyOrdersReader(),
    EtsyOrderItemsReader(),
    StripePaymentsReader(),
    PayPalActivityReader(),
    SquareTransactionsReader(),
    SquareItemsReader(),
    GumroadSalesReader(),
    AmazonOrdersReader(),
    EbayOrdersReader(),
    OnlineRetailReader(),
    Alibaba1688OrdersReader(),  # before Taobao: its header has Taobao's names too
    TaobaoOrdersReader(),
    TmallOrdersReader(),
    PinduoduoOrdersReader(),
    DouyinOrdersReader(),
    YouzanOrdersReader(),
    JdOrdersReader(),
    Alibaba1688ShortOrdersReader(),
    ReviewsReader(),
    GenericOrdersReader(),
]


def choose_reader(columns: list[str]) -> Reader:
    """The first reader that recognises these columns (the generic one accepts any)."""
    for reader in READERS:
        if reader.recognises(columns):
            return reader
    return READERS[-1]


__all__ = ["Reader", "READERS", "choose_reader"]
