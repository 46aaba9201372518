"""Reviews whose writer is named by the platform's customer id, while the orders name buyers by
e-mail: linked through the customer ids kept with the stored profiles (formats §1.2, §2.1)."""

from __future__ import annotations

from bot import service
from bot.telegram_bot.replies.uploads import import_text
from tests.helpers import platform_exports

IDS = {"buyer0@example.com": "'9013808660771", "buyer1@example.com": "9013808660772", "buyer2@example.com": "7.02255E+12"}
REVIEWS = (b"Reviewer,Review,Rating,Date\n9013808660771,Lovely coat,5,2025-12-08\n9013808660772,Boots too small,2,2025-12-08\n"
           b"7.02255E+12,Nice,4,2025-12-09\n9013808660779,Who am I,3,2025-12-09\n")


def _linked(empty_db_path) -> int:
    return service.sentiment_view(empty_db_path, 1).report.linked


def test_reviews_naming_customer_ids_link_to_the_customers_the_orders_name_by_email(empty_db_path):
    customers = service.import_upload(empty_db_path, 1, "customers_export.csv", platform_exports.shopify_customers(IDS))
    assert "• 2 of them with Shopify's customer number" in import_text(customers), "7.02255E+12 is nobody's"
    service.import_upload(empty_db_path, 1, "orders_export_1.csv", platform_exports.shopify_orders())
    report = service.import_upload(empty_db_path, 1, "reviews.csv", REVIEWS)
    assert (report.reviews_in_file, report.reviews_linked) == (4, 2)
    assert _linked(empty_db_path) == 2

    service.import_upload(empty_db_path, 1, "customers_export.csv", platform_exports.shopify_customers(IDS))
    assert _linked(empty_db_path) == 2, "the same customers export again changes nothing"


def test_a_customers_export_sent_after_the_reviews_links_them_and_its_undo_unlinks_them(empty_db_path):
    service.import_upload(empty_db_path, 1, "orders_export_1.csv", platform_exports.shopify_orders())
    assert service.import_upload(empty_db_path, 1, "reviews.csv", REVIEWS).reviews_linked == 0
    service.import_upload(empty_db_path, 1, "customers_export.csv", platform_exports.shopify_customers(IDS))
    assert _linked(empty_db_path) == 2
    moved = {**IDS, "buyer1@example.com": "9013808660773"}  # the Boots review's id now belongs to nobody
    service.import_upload(empty_db_path, 1, "customers_export_2.csv", platform_exports.shopify_customers(moved))
    assert _linked(empty_db_path) == 1
    service.undo_upload(empty_db_path, 1)
    assert _linked(empty_db_path) == 2, "undo gives the first customers export's ids back"
    service.undo_upload(empty_db_path, 1)
    assert _linked(empty_db_path) == 0


def test_woocommerce_customer_user_ids_in_the_orders_file_link_reviews_naming_them(empty_db_path):
    orders = platform_exports.woocommerce_aoe_with_user_ids({"ann@example.com": "17", "bo@example.com": "0"})
    service.import_upload(empty_db_path, 1, "orders.csv", orders)
    reviews = b"Customer ID,Review,Rating\n17,Soap smells great,5\n0,Guest review,4\n"
    assert service.import_upload(empty_db_path, 1, "reviews.csv", reviews).reviews_linked == 1
    assert service.sentiment_view(empty_db_path, 1).report.linked == 1
