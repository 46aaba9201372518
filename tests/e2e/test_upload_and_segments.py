"""A shop owner's first session, end to end through the local Bot API."""

from __future__ import annotations

import csv
import io

from analytics.rfm import SEGMENTS
from bot import service
from tests.conftest import ALICE, BOB
from tests.helpers.shop import generic_orders_csv


def _is_final_import_reply(chat_id):
    return lambda s: s.chat_id == chat_id and s.method == "editMessageText" and "Send /segments" in (s.text or "")


async def upload(bot_api, chat_id, name, content, **kwargs):
    mark = bot_api.mark()
    bot_api.send_document(chat_id, name, content, **kwargs)
    return await bot_api.await_for(_is_final_import_reply(chat_id), since=mark, timeout=90)


async def test_upload_reports_what_was_understood(bot, bot_api):
    reply = await upload(bot_api, ALICE, "orders.csv", generic_orders_csv(120))
    text = reply.text
    assert "orders.csv" in text and "generic orders file" in text
    assert "from 120 customers" in text
    assert "EUR" in text
    assert "new orders added" in text
    progress = [s for s in bot_api.sent_to(ALICE) if s.message_id == reply.message_id]
    assert len(progress) >= 3, "the status message is edited as the work moves on"


async def test_reupload_adds_no_duplicate_orders(bot, bot_api):
    content = generic_orders_csv(60)
    first = await upload(bot_api, ALICE, "orders.csv", content)
    second = await upload(bot_api, ALICE, "orders.csv", content)
    assert "new orders added: 0; updated: 0 (all were already stored)" in second.text
    assert "new orders added: 0" not in first.text


async def test_the_same_file_again_answers_from_the_stored_analysis(bot, bot_api, settings):
    content = generic_orders_csv(60)
    await upload(bot_api, ALICE, "orders.csv", content)
    before = service.latest_summary(settings.db_path, ALICE)["run_id"]
    second = await upload(bot_api, ALICE, "orders.csv", content)
    assert "Nothing in this file is new, so your analysis stands." in second.text
    assert "Analysing" not in second.text
    assert service.latest_summary(settings.db_path, ALICE)["run_id"] == before


async def test_a_command_sent_while_the_upload_is_analysed_waits_for_the_analysis(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(400, seed=5))
    await bot_api.await_for(lambda s: s.method == "editMessageText" and "Reading" in (s.text or ""), since=mark)
    asked = bot_api.mark()
    bot_api.send_text(ALICE, "/segments")
    waiting = await bot_api.await_for(lambda s: s.method == "sendMessage", since=asked)
    assert "still analysing the file you just sent" in waiting.text
    answer = await bot_api.await_for(lambda s: s.method == "sendMessage" and "Behaviour groups" in (s.text or ""),
                                     since=mark, timeout=120)
    final = next(s for s in bot_api.sent[mark:] if s.method == "editMessageText" and "Send /segments" in (s.text or ""))
    assert bot_api.sent.index(final) < bot_api.sent.index(answer)
    assert not any("No analysis yet" in (s.text or "") for s in bot_api.sent[mark:])


async def test_segments_sends_chart_text_and_export_buttons(bot, bot_api):
    await upload(bot_api, ALICE, "orders.csv", generic_orders_csv(150))
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/segments")
    photo = await bot_api.await_for(lambda s: s.method == "sendPhoto", since=mark)
    assert photo.content.startswith(b"\x89PNG")
    assert "as of" in photo.caption
    text = await bot_api.await_for(lambda s: s.method == "sendMessage" and "Behaviour groups" in (s.text or ""), since=mark)
    assert "Champions" in text.text and "of revenue" in text.text
    buttons = text.buttons()
    assert buttons[-1]["callback_data"] == "how:segments"
    assert buttons[:-1] and all(b["callback_data"].startswith("export:") for b in buttons[:-1])

    pressed = next(b for b in buttons if "At Risk" in b["text"])
    mark = bot_api.mark()
    bot_api.press_button(text, pressed["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows and {row["Segment"] for row in rows} == {"At Risk"}
    assert all("@example.com" in row["Email"] for row in rows)
    assert document.file_name == "shoppulse-at-risk.csv"


async def test_export_command_accepts_loose_segment_names(bot, bot_api):
    await upload(bot_api, ALICE, "orders.csv", generic_orders_csv(150))
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/export cant lose")
    document = await bot_api.await_for(lambda s: s.method in ("sendDocument", "sendMessage"), since=mark)
    assert document.method == "sendDocument"
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert {row["Segment"] for row in rows} == {"Can't Lose Them"}

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/export whales")
    reply = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "I don't know the segment" in reply.text and all(name in reply.text for name in ("Champions", "Lost"))


async def test_segments_before_any_upload_says_what_to_do(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/segments")
    reply = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "Send me an order export first" in reply.text


async def test_stats_and_forget_after_confirmation(bot, bot_api):
    await upload(bot_api, ALICE, "orders.csv", generic_orders_csv(40))
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    stats = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "uploads: 1" in stats.text and "customers: 40" in stats.text

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/forget")
    question = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "cannot be undone" in question.text

    mark = bot_api.mark()
    bot_api.press_button(question, "forget:no")
    kept = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark)
    assert "Nothing was deleted" in kept.text

    mark = bot_api.mark()
    bot_api.press_button(question, question.button_data("Yes"))
    done = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark)
    assert "deleted" in done.text
    assert not bot.job_queue.get_jobs_by_name(f"digest:{ALICE}"), "a forgotten chat gets no digest"

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    after = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "Nothing stored" in after.text


async def test_two_chats_never_see_each_others_data(bot, bot_api):
    await upload(bot_api, ALICE, "alice.csv", generic_orders_csv(80, seed=1))
    await upload(bot_api, BOB, "bob.csv", generic_orders_csv(30, seed=2))

    mark = bot_api.mark()
    bot_api.send_text(BOB, "/export champions")
    document = await bot_api.await_for(lambda s: s.method == "sendDocument" and s.chat_id == BOB, since=mark)
    bob_rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    bob_stats_mark = bot_api.mark()
    bot_api.send_text(BOB, "/stats")
    stats = await bot_api.await_for(lambda s: s.method == "sendMessage" and s.chat_id == BOB, since=bob_stats_mark)
    assert "customers: 30" in stats.text
    # Both shops use the same synthetic e-mail pattern (customer0@… upwards); Alice's run to 79,
    # so any of hers in Bob's file would show as a number of 30 or more.
    assert bob_rows and len(bob_rows) <= 30
    assert all(int(row["Customer ID"].removeprefix("customer").split("@")[0]) < 30 for row in bob_rows)

    mark = bot_api.mark()
    bot_api.send_text(BOB, "/forget")
    question = await bot_api.await_for(lambda s: s.method == "sendMessage" and s.chat_id == BOB, since=mark)
    bot_api.press_button(question, question.button_data("Yes"))
    await bot_api.await_for(lambda s: s.method == "editMessageText" and s.chat_id == BOB, since=mark)
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    alice_stats = await bot_api.await_for(lambda s: s.method == "sendMessage" and s.chat_id == ALICE, since=mark)
    assert "customers: 80" in alice_stats.text


async def test_segment_names_in_buttons_are_known(bot, bot_api):
    await upload(bot_api, ALICE, "orders.csv", generic_orders_csv(150))
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/segments")
    text = await bot_api.await_for(lambda s: s.method == "sendMessage" and bool(s.buttons()), since=mark)
    exports = [b for b in text.buttons() if b["callback_data"].startswith("export:")]
    assert exports and len(exports) == len(text.buttons()) - 1  # and "How is this worked out?"
    for button in exports:
        assert button["callback_data"].removeprefix("export:") in SEGMENTS
