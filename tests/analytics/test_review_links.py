"""Reviews linked to the customers who wrote them (hand-built files and their known answers)."""

from __future__ import annotations

import pandas as pd

from analytics.analysis import analyse_orders
from analytics.ingest import read_export
from analytics.review_links import link_reviews, linked_count
from analytics.sentiment import score_texts
from tests.helpers.platform_exports import etsy_sold_orders, shopify_orders


def _reviews(csv_text: str) -> pd.DataFrame:
    return read_export(csv_text.encode(), "reviews.csv").reviews


def test_etsy_reviews_link_by_order_id_to_the_buyer_and_the_guest():
    """Etsy's Reviewer is a display name; its Order ID names the order (formats §3: orders by
    Buyer User ID, guests by their full name)."""
    orders = read_export(etsy_sold_orders(), "EtsySoldOrders2019.csv").orders
    reviews = _reviews("Reviewer,Date Reviewed,Star Rating,Message,Order ID\n"
                       "Pat E.,05/30/2019,5,Lovely print,1454026116\n"
                       "Sam,06/01/2019,2,Arrived bent,1455338276\n"
                       "Someone,06/02/2019,4,Nice,1999999999\n")
    linked = link_reviews(reviews, orders)
    assert linked["linked"].tolist() == [True, True, False]
    assert linked["customer_id"].tolist()[:2] == ["patuser28", "sam example"]
    assert linked["customer_id"].iloc[2] == "someone", "an unmatched review keeps what the file said"


def test_a_reviewer_cell_holding_customer_ids_links_whatever_their_case():
    orders = read_export(b"Order ID,Customer ID,Date,Total\n1,CUST-001,2024-01-01,10\n2,CUST-002,2024-01-02,20\n",
                         "orders.csv").orders
    reviews = _reviews("Reviewer,Review,Rating\nCUST-001,Great soap,5\ncust-002,Too small,2\nCUST-404,Hm,3\n")
    assert link_reviews(reviews, orders)["customer_id"].tolist() == ["CUST-001", "CUST-002", "cust-404"]
    assert linked_count(reviews, orders) == 2


def test_a_customer_id_column_is_used_before_the_display_name():
    orders = read_export(b"Order ID,Customer ID,Date,Total\n1,7001,2024-01-01,10\n", "orders.csv").orders
    reviews = _reviews("Customer ID,Display Name,Review\n7001,Ann,Love it\n")
    assert link_reviews(reviews, orders)["customer_id"].tolist() == ["7001"]


def test_emails_and_shopify_order_names_link_without_regard_to_case_or_hash():
    orders = read_export(shopify_orders(), "orders_export.csv").orders  # buyer{n % 3}@example.com
    reviews = _reviews("Email,Review,Order\nBUYER1@Example.com,Nice coat,\n,Boots fit well,#1003\n,Hat ok,1004\n")
    linked = link_reviews(reviews, orders)
    assert linked["customer_id"].tolist() == ["buyer1@example.com", "buyer1@example.com", "buyer2@example.com"]
    assert linked["linked"].all()


def test_a_name_two_customers_share_links_neither():
    orders = pd.DataFrame({"order_id": ["1", "2", "3"], "customer_id": ["a@x.com", "b@x.com", "c@x.com"],
                           "email": ["a@x.com", "b@x.com", "c@x.com"], "name": ["Jo Smith", "jo smith", "Al Roe"]})
    reviews = _reviews("Reviewer,Review\nJo Smith,Great\nal roe,Bad\n")
    assert link_reviews(reviews, orders)["linked"].tolist() == [False, True]


def test_the_analysis_says_how_many_reviews_were_linked_and_gives_their_writers_sentiment():
    orders = read_export(b"Order ID,Customer ID,Date,Total\n1,CUST-001,2024-01-01,10\n2,CUST-002,2024-01-02,20\n"
                         b"3,CUST-001,2024-02-01,15\n", "orders.csv").orders
    reviews = _reviews("Reviewer,Review\ncust-001,Terrible. It broke after a day.\nnobody,Lovely\n")
    reviews["sentiment"] = score_texts(reviews["text"].tolist())
    analysis = analyse_orders(orders, reviews=reviews)
    assert analysis.summary["sentiment"]["linked"] == 1
    sentiment = analysis.scores.set_index("customer_id")["sentiment"]
    assert sentiment["CUST-001"] == reviews["sentiment"].iloc[0] < 0
    assert pd.isna(sentiment["CUST-002"])
