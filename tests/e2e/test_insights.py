"""/sentiment, /basket, /recommend and review uploads through the local Bot API."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import ALICE, BOB
from tests.helpers import reviews as review_files
from tests.helpers.shop import generic_orders_csv, synthetic_orders


@pytest.fixture
async def shop_with_reviews(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(300, seed=2))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "judgeme-reviews.csv", review_files.judgeme_reviews(150, customers=400))
    reply = await bot_api.await_for(lambda s: s.method == "editMessageText" and "read as reviews" in (s.text or "")
                                    and "Send /segments" in s.text, since=mark, timeout=120)
    return reply


async def _ask(bot_api, text, chat_id=ALICE):
    mark = bot_api.mark()
    bot_api.send_text(chat_id, text)
    return await bot_api.await_for(lambda s: s.chat_id == chat_id and s.method == "sendMessage", since=mark, timeout=60)


def _reviews_by_known_customers() -> int:
    """Of the 150 reviews (by 400 possible customers), those whose e-mail the 300 customers' orders have."""
    emails = set(synthetic_orders(300, seed=2)["email"])
    return sum(email in emails for _, _, _, email, _ in review_files.review_rows(150, customers=400))


async def test_reviews_upload_is_recognised_and_reported(shop_with_reviews):
    text = shop_with_reviews.text
    assert "150 reviews" in text and "not in English or Chinese (not scored)" in text
    known = _reviews_by_known_customers()
    assert 0 < known < 150
    assert f"{known} of 150 linked to a customer in your orders" in text


async def test_sentiment_sends_chart_and_findings(shop_with_reviews, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/sentiment")
    chart = await bot_api.await_for(lambda s: s.method == "sendPhoto", since=mark, timeout=60)
    assert chart.content.startswith(b"\x89PNG")
    text = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "% positive" in text.text and "% negative" in text.text
    assert "not in English" in text.text
    assert f"{_reviews_by_known_customers()} of 150 linked to a customer" in text.text
    assert "Latest negative reviews" in text.text and "Least-loved products" in text.text
    other = await _ask(bot_api, "/sentiment", chat_id=BOB)
    assert "No reviews yet" in other.text


async def test_basket_and_product_companions(shop_with_reviews, bot_api):
    reply = await _ask(bot_api, "/basket")
    assert "of orders with" in reply.text and "more than usual" in reply.text
    candle = await _ask(bot_api, "/basket candle")
    assert "Bought with candle" in candle.text and "Fig Candle" in candle.text
    nothing = await _ask(bot_api, "/basket unicorn")
    assert "found no products" in nothing.text


async def test_recommend_customer_card_and_export_column(shop_with_reviews, bot_api):
    reply = await _ask(bot_api, "/recommend customer3@example.com")
    assert "Next best products for" in reply.text and "1." in reply.text
    card = await _ask(bot_api, "/customer customer3@example.com")
    assert "Product to suggest:" in card.text
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/export loyal")
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows and all(row["Product to suggest"] for row in rows)


async def test_unhappy_valuable_customers_are_flagged_in_churn(bot, bot_api, settings):
    from bot import service

    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(300, seed=2))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
    best = service.most_valuable(settings.db_path, ALICE, limit=3)[1]["customer_id"].tolist()
    unhappy = {int(email.removeprefix("customer").split("@")[0]) for email in best}
    reviews = "review,stars,email\n" + "".join(f"\"Terrible quality, very disappointed\",1,customer{i}@example.com\n" for i in unhappy)
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "reviews.csv", reviews.encode())
    await bot_api.await_for(lambda s: "Send /sentiment" in (s.text or "") and "Send /segments" in s.text,
                            since=mark, timeout=90)  # the reviews' own analysis is done
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/horizon 90")  # re-analyse with the reviews
    await bot_api.await_for(lambda s: "90 days ahead" in (s.text or "") and "Send /churn" in (s.text or ""), since=mark, timeout=90)
    reply = await _ask(bot_api, "/churn")
    assert "unhappy customers of high value" in reply.text
