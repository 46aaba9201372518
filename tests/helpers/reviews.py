"""Review exports for tests and benchmarks, written by code (texts invented, e-mails example.com)."""

from __future__ import annotations

import csv
import io

import numpy as np

POSITIVE = ["Love this soap, smells amazing!", "Great quality, will buy again 😍", "Beautiful candle. Perfect gift.",
            "The towel is SO GOOD!!!", "Fast shipping and lovely packaging"]
NEGATIVE = ["Terrible, it broke after a day.", "Very disappointed, the scent is awful", "Arrived damaged and late. Not happy.",
            "Worst purchase ever 😡", "Poor quality, would not recommend"]
NEUTRAL = ["It is a towel.", "Arrived on Tuesday.", "Bought it for my sister."]
FOREIGN = ["Sehr gut, danke schön", "Excelente producto, llegó rápido", "质量很好，非常满意", "Muito bom, recomendo"]
PRODUCTS = ["Lavender Soap", "Wooden Soap Dish", "Fig Candle", "Lip Balm", "Linen Towel", "Bath Salt"]


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def review_rows(count: int, *, customers: int = 200, seed: int = 0, unhappy: set[int] = frozenset()):
    """(text, rating, date, email, product) rows; customers in `unhappy` only write negative reviews."""
    rng = np.random.default_rng(seed)
    rows = []
    for index in range(count):
        customer = int(rng.integers(0, customers))
        pool = rng.choice(4, p=[0.55, 0.25, 0.1, 0.1])
        if customer in unhappy:
            pool = 1
        texts = (POSITIVE, NEGATIVE, NEUTRAL, FOREIGN)[pool]
        rating = {0: 5, 1: 1, 2: 3, 3: 5}[pool]
        if index % 25 == 0:
            rating = 5 if pool == 1 else rating  # some stars disagree with the words
        day = f"2024-{1 + index % 6:02d}-{1 + index % 28:02d}"
        rows.append((texts[index % len(texts)], rating, day, f"customer{customer}@example.com",
                     PRODUCTS[int(rng.integers(0, len(PRODUCTS)))]))
    return rows


def judgeme_reviews(count: int = 60, *, spam: int = 0, **kwargs) -> bytes:
    """Judge.me's export, dates as "2024-01-01 09:30:00 UTC"; `spam` rows curated as spam come last."""
    header = ["title", "body", "rating", "review_date", "source", "curated", "reviewer_name", "reviewer_email",
              "product_id", "product_handle", "reply", "reply_date", "picture_urls", "ip_address", "location"]
    rows = [["", text, rating, f"{day} 09:30:00 UTC", "web", "ok", "", email, "", product, "", "", "", "", ""]
            for text, rating, day, email, product in review_rows(count, **kwargs)]
    rows += [["", f"Cheap watches at spam.example number {n}", 5, "2024-02-02 10:00:00 UTC", "web", "spam", "Bot",
              f"bot{n}@example.com", "1", "x", "", "", "", "", ""] for n in range(spam)]
    return _csv(header, rows)


def yotpo_reviews(count: int = 30, **kwargs) -> bytes:
    header = ["Review Type", "Review Title", "Review Content", "Review Score", "Date", "Product ID", "Product Title",
              "Display Name", "Email"]
    return _csv(header, [["product", "", text, rating, day, "1", product, "Someone", email]
                         for text, rating, day, email, product in review_rows(count, **kwargs)])


def loox_reviews(count: int = 20, **kwargs) -> bytes:
    header = ["id", "status", "rating", "email", "nickname", "full_name", "review", "date", "productId", "handle",
              "img", "variant", "verified_purchase"]
    return _csv(header, [[i, "Active" if i % 5 else "Hidden", rating, email, "", f"Buyer {i}", text, f"{day}T08:00:00.000Z",
                          8000 + i % 3, product.lower().replace(" ", "-"), "", "M", "true"]
                         for i, (text, rating, day, email, product) in enumerate(review_rows(count, **kwargs))])


def okendo_reviews(count: int = 20, **kwargs) -> bytes:
    header = ["Review ID", "Product ID", "Product Name", "Rating", "Title", "Body", "Reviewer Name",
              "Is Verified Buyer", "Date Created", "Status"]
    return _csv(header, [[f"r{i}", f"gid://shopify/Product/{500 + i % 3}", product, rating, "", text, f"Buyer {i}",
                          "FALSE", day, "approved"]
                         for i, (text, rating, day, email, product) in enumerate(review_rows(count, **kwargs))])


def shopify_product_reviews(count: int = 20, **kwargs) -> bytes:
    header = ["product_handle", "state", "rating", "title", "author", "email", "location", "body", "reply",
              "created_at", "replied_at"]
    return _csv(header, [[product.lower().replace(" ", "-"), "published", rating, "", f"Buyer {i}", email, "", text,
                          "Thank you for your review!", f"{day}T10:00:00-04:00", ""]
                         for i, (text, rating, day, email, product) in enumerate(review_rows(count, **kwargs))])


def etsy_reviews(count: int = 20, **kwargs) -> bytes:
    header = ["Reviewer", "Date Reviewed", "Star Rating", "Message", "Order ID"]
    return _csv(header, [[email.split("@")[0], day, rating, text, f"14{i:08d}"]
                         for i, (text, rating, day, email, _) in enumerate(review_rows(count, **kwargs))])


def plain_reviews(count: int = 20, **kwargs) -> bytes:
    return _csv(["review", "stars", "product", "email"], [[text, rating, product, email]
                                                          for text, rating, _, email, product in review_rows(count, **kwargs)])
