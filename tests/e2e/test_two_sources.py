"""Shopify orders, then the Stripe payments of the same sales: every sale counted once."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import ALICE
from tests.helpers.two_sources import sales, shopify_orders, stripe_payments

SOLD = sales(12)
EXTRA = [{"number": 5001, "email": "walkin@example.com", "name": "Walk In", "total": 99.0,
          "at": datetime(2025, 3, 6, 15, 0, tzinfo=UTC)}]


async def _upload(bot_api, name, content):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, name, content)
    return await bot_api.await_for(lambda s: "Send /segments" in (s.text or "") or "⚠️" in (s.text or ""),
                                   since=mark, timeout=90)


async def _command(bot_api, text, expect):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, text)
    return await bot_api.await_for(lambda s: s.method in ("sendMessage", "editMessageText") and expect in (s.text or ""),
                                   since=mark, timeout=90)


async def test_shopify_then_stripe_counts_each_sale_once_and_undo_takes_the_payments_back(bot, bot_api):
    first = await _upload(bot_api, "orders_export.csv", shopify_orders(SOLD))
    assert "12 orders" in first.text
    second = await _upload(bot_api, "unified_payments.csv", stripe_payments(SOLD, EXTRA))
    assert "12 of these 13 payments are orders you already sent" in second.text
    assert "new orders added: 1;" in second.text
    stats = await _command(bot_api, "/stats", "Stored for this chat")
    assert "orders: 13 " in stats.text and "customers: 6" in stats.text

    question = await _command(bot_api, "/undo", "unified_payments.csv")
    yes = next(b for b in question.buttons() if "Yes" in b["text"] or "↩️" in b["text"])
    mark = bot_api.mark()
    bot_api.press_button(question, yes["callback_data"])
    await bot_api.await_for(lambda s: s.method == "editMessageText" and s.message_id == question.message_id,
                            since=mark, timeout=90)
    stats = await _command(bot_api, "/stats", "Stored for this chat")
    assert "orders: 12 " in stats.text and "customers: 5" in stats.text
