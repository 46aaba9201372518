"""Reviews linked to the customers who wrote them (hand-built files and their known answers)."""

from __future__ import annotations

import pandas as pd

from analytics.analysis import analyse_orders
from analytics.ingest import read_export
from analytics.review_links import link_reviews, linked_count
from analytics.sentiment import score_texts
from tests.helpers.platform_exports import (
    etsy_sold_orders,
    shopify_customers,
    shopify_orders,
    woocommerce_aoe_with_user_ids,
)


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


def test_reviews_naming_shopify_customer_ids_link_through_the_customers_export():
    """Shopify's orders export names buyers by e-mail only; its customers export has `Customer ID`
    beside `Email` (formats §1.1, §1.2), written `'9013808660771` or, after Excel, `7.02255E+12`."""
    orders = read_export(shopify_orders(), "orders_export_1.csv").orders  # buyer0, buyer1, buyer2
    customers = read_export(shopify_customers({"buyer0@example.com": "'9013808660771",
                                               "buyer1@example.com": "9013808660772",
                                               "buyer2@example.com": "7.02255E+12"}), "customers_export.csv")
    reviews = _reviews("Reviewer,Review,Rating\n9013808660771,Lovely coat,5\n9013808660772.0,Boots too small,2\n"
                       "7.02255E+12,Nice,4\n9013808660779,Who am I,3\n")
    linked = link_reviews(reviews, orders, customers.profiles)
    assert linked["linked"].tolist() == [True, True, False, False]
    assert linked["customer_id"].tolist()[:2] == ["buyer0@example.com", "buyer1@example.com"]
    assert linked_count(reviews, orders) == 0, "without the customers export the ids name nobody"


def test_a_platform_id_two_customers_share_links_neither():
    orders = read_export(shopify_orders(), "orders_export_1.csv").orders
    profiles = pd.DataFrame({"email": ["buyer0@example.com", "buyer1@example.com"], "platform_customer_id": ["77", "77"]})
    assert linked_count(_reviews("Reviewer,Review\n77,Great\n"), orders, profiles) == 0


def test_reviews_naming_woocommerce_customer_user_ids_link_to_the_billing_email_customer():
    """The Advanced Order Export keys a buyer by billing e-mail; its optional `Customer User ID`
    (formats §2.1; 0 for a guest) is what a review plugin may name."""
    export = read_export(woocommerce_aoe_with_user_ids({"ann@example.com": "17", "bo@example.com": "0"}), "orders.csv")
    assert export.orders.set_index("order_id")["customer_id"].to_dict() == {
        "501": "ann@example.com", "502": "bo@example.com", "503": "ann@example.com"}
    reviews = _reviews("Customer ID,Review,Rating\n17,Soap smells great,5\n0,Guest review,4\n")
    linked = link_reviews(reviews, export.orders, export.profiles)
    assert linked["linked"].tolist() == [True, False]
    assert linked["customer_id"].iloc[0] == "ann@example.com"


def test_reviews_naming_etsy_buyer_user_ids_link_whatever_their_case():
    """Etsy's orders file keys a buyer by `Buyer User ID`, a username (formats §3)."""
    orders = read_export(etsy_sold_orders(), "EtsySoldOrders2019.csv").orders
    reviews = _reviews("Reviewer,Review,Rating\nPATUSER28,Lovely print,5\nKim77,Small,3\nsam example,Ok,4\n")
    linked = link_reviews(reviews, orders)
    assert linked["customer_id"].tolist() == ["patuser28", "kim77", "sam example"]
    assert linked["linked"].all()
