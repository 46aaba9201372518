"""Chat A's data never reaches chat B, through any command or button."""

from __future__ import annotations

import re

from bot.telegram_bot.commands import COMMANDS
from tests.conftest import ALICE, BOB
from tests.helpers import reviews as review_files
from tests.helpers.shop import generic_orders_csv


async def test_every_command_and_button_in_another_chat_sees_nothing_of_alice(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "alice-orders.csv", generic_orders_csv(120, seed=3))
    await bot_api.await_for(lambda s: s.chat_id == ALICE and "Send /segments" in (s.text or ""), since=mark, timeout=120)
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "alice-reviews.csv", review_files.judgeme_reviews(40, customers=120))
    await bot_api.await_for(lambda s: s.chat_id == ALICE and "read as reviews" in (s.text or ""), since=mark, timeout=60)
    alice_before = [s.text for s in bot_api.sent_to(ALICE)]

    start = bot_api.mark()
    arguments = {"export": "champions", "customer": "customer3@example.com", "recommend": "customer3@example.com",
                 "basket": "soap", "horizon": "60", "schedule": "fri 18:00 UTC"}
    for command in COMMANDS:
        mark = bot_api.mark()
        bot_api.send_text(BOB, f"/{command.name} {arguments.get(command.name, '')}".strip())
        await bot_api.await_for(lambda s: s.chat_id == BOB, since=mark, timeout=60)
    anchor = bot_api.sent_to(BOB)[-1]
    for data in ("export:Champions", "export-at-risk", "undo:yes", "forget:yes", "map:0"):
        mark = bot_api.mark()
        bot_api.press_button(anchor, data, user_id=BOB)
        if data.startswith("export"):
            await bot_api.await_for(lambda s: s.chat_id == BOB, since=mark, timeout=30)
    mark = bot_api.mark()
    bot_api.send_text(BOB, "/help")
    await bot_api.await_for(lambda s: s.chat_id == BOB, since=mark)

    to_bob = [s for s in bot_api.sent[start:] if s.chat_id == BOB]
    assert to_bob and not any(s.method == "sendDocument" for s in to_bob)
    for sent in to_bob:
        words = (sent.text or "") + (sent.caption or "")
        assert "@example.com" not in words and "alice-" not in words, words
        assert not re.search(r"Customer \d", words), words
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    stats = await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark)
    assert "uploads: 2" in stats.text and "customers: 120" in stats.text
    assert [s.text for s in bot_api.sent_to(ALICE)][: len(alice_before)] == alice_before
