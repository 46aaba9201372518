"""/churn, /value, /customer and /horizon through the local Bot API."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.conftest import ALICE, BOB
from tests.helpers.shop import generic_orders_csv


@pytest.fixture
async def shop(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(400, seed=5))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)
    return bot


async def _ask(bot_api, text, chat_id=ALICE, method="sendMessage"):
    mark = bot_api.mark()
    bot_api.send_text(chat_id, text)
    return await bot_api.await_for(lambda s: s.chat_id == chat_id and s.method == method, since=mark, timeout=60)


async def test_churn_lists_customers_by_value_at_risk_with_reasons_and_export(shop, bot_api):
    reply = await _ask(bot_api, "/churn")
    assert "likely to stop buying" in reply.text and "chance of no order in the next 90 days" in reply.text
    assert "chance of no order, 12-month value" in reply.text and ("silent for" in reply.text or "bought once" in reply.text)
    assert "times in 10" in reply.text
    assert "Brier" not in reply.text and "AUC" not in reply.text
    button = reply.buttons()[0]
    mark = bot_api.mark()
    bot_api.press_button(reply, button["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    assert document.file_name == "shoppulse-likely-to-stop-buying.csv"
    assert f"Export the {len(rows_of(document)):,} likely to stop buying" in button["text"]
    rows = rows_of(document)
    assert rows and all(float(row["Chance of no order in the next 90 days (%)"]) >= 50 for row in rows)
    at_risk = [float(row["Spend at risk (EUR)"]) for row in rows]
    assert at_risk == sorted(at_risk, reverse=True)
    assert all(row["Buying pattern"] for row in rows)

    how = reply.buttons()[1]
    assert how["callback_data"] == "how:churn"
    mark = bot_api.mark()
    bot_api.press_button(reply, how["callback_data"])
    explained = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "How the chance of no order is worked out" in explained.text and "ROC AUC" in explained.text


def rows_of(document) -> list[dict]:
    return list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))


async def test_value_sends_chart_and_expected_revenue(shop, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/value")
    photo = await bot_api.await_for(lambda s: s.method == "sendPhoto", since=mark, timeout=60)
    assert photo.content.startswith(b"\x89PNG")
    text = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "Expected revenue in the next 12 months" in text.text and "EUR" in text.text
    assert "Most valuable customers" in text.text
    assert re.search(r"Tried on your own past: .* expected [\d,]+ orders .* and [\d,]+ came \([+-]\d+%\)", text.text)


async def test_customer_card_by_email_and_unknown_customer(shop, bot_api):
    card = await _ask(bot_api, "/customer Customer3@example.com")
    assert "customer3@example.com" in card.text
    assert "Segment:" in card.text and "Chance of no order in the next 90 days:" in card.text
    assert "Latest orders" in card.text and "R1" not in card.text
    missing = await _ask(bot_api, "/customer nobody@example.com")
    assert "found no customer" in missing.text
    other_chat = await _ask(bot_api, "/customer customer3@example.com", chat_id=BOB)
    assert "Send me an order export first" in other_chat.text


async def test_customer_found_by_part_of_a_name_with_a_choice_when_several_match(shop, bot_api):
    choice = await _ask(bot_api, "/customer customer 39")  # Customer 39, 390-399: more than the buttons
    assert "customers match “customer 39”" in choice.text and "Which one do you mean?" in choice.text
    buttons = choice.buttons()
    assert 2 <= len(buttons) <= 6 and all(b["callback_data"].startswith("pick:customer:") for b in buttons)
    mark = bot_api.mark()
    bot_api.press_button(choice, buttons[0]["callback_data"])
    card = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert buttons[0]["text"].split(" · ")[0] in card.text and "Segment:" in card.text
    assert card.buttons()[0]["callback_data"].startswith("how:customer:")

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/recommend customer 39")
    picks = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    mark = bot_api.mark()
    bot_api.press_button(picks, picks.buttons()[0]["callback_data"])
    products = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark, timeout=60)
    assert "Next best products for" in products.text or "already bought every one" in products.text


async def test_horizon_changes_the_churn_window(shop, bot_api):
    bad = await _ask(bot_api, "/horizon soon")
    assert "between 14 and 365" in bad.text
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/horizon 45")
    await bot_api.await_for(lambda s: s.method == "editMessageText" and "45 days ahead" in (s.text or ""), since=mark, timeout=60)
    reply = await _ask(bot_api, "/churn")
    assert "next 45 days" in reply.text
