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
    assert "may not buy in the next 90 days" in reply.text
    assert "risk " in reply.text and ("silent for" in reply.text or "bought once" in reply.text)
    assert "times in 10" in reply.text
    button = reply.buttons()[0]
    mark = bot_api.mark()
    bot_api.press_button(reply, button["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows and all(float(row["churn_risk"]) >= 0.5 for row in rows)
    at_risk = [float(row["value_at_risk"]) for row in rows]
    assert at_risk == sorted(at_risk, reverse=True)
    assert all(row["churn_reason"] for row in rows)


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
    assert "Segment:" in card.text and "Churn risk:" in card.text and "Latest orders" in card.text
    missing = await _ask(bot_api, "/customer nobody@example.com")
    assert "found no customer" in missing.text
    other_chat = await _ask(bot_api, "/customer customer3@example.com", chat_id=BOB)
    assert "Send me an order export first" in other_chat.text


async def test_horizon_changes_the_churn_window(shop, bot_api):
    bad = await _ask(bot_api, "/horizon soon")
    assert "between 14 and 365" in bad.text
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/horizon 45")
    await bot_api.await_for(lambda s: s.method == "editMessageText" and "45 days ahead" in (s.text or ""), since=mark, timeout=60)
    reply = await _ask(bot_api, "/churn")
    assert "next 45 days" in reply.text
