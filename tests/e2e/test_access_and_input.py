"""Who may use the bot, and how it answers files it cannot use."""

from __future__ import annotations

import gzip
import io
import logging
import zipfile

from bot.logs import configure_logging
from bot.telegram_bot.commands import COMMANDS
from tests.conftest import ALICE, MALLORY
from tests.helpers.shop import generic_orders_csv


async def test_stranger_gets_only_the_refusal_with_their_id(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(MALLORY, "/segments")
    bot_api.send_document(MALLORY, "orders.csv", generic_orders_csv(10))
    refusal = await bot_api.await_for(lambda s: s.chat_id == MALLORY, since=mark)
    assert str(MALLORY) in refusal.text and "SHOPPULSE_ALLOWED_USERS" in refusal.text
    # Wait until both updates were consumed, then check nothing else reached the stranger.
    mark_alice = bot_api.mark()
    bot_api.send_text(ALICE, "/help")
    await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark_alice)
    to_mallory = bot_api.sent_to(MALLORY)
    assert len(to_mallory) == 2 and all("private" in s.text for s in to_mallory)
    assert not any(method == "getFile" for method, _ in bot_api.calls)


async def test_allowed_user_in_a_group_is_refused(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(-500, "/stats", user_id=ALICE, chat_type="group")
    refusal = await bot_api.await_for(lambda s: s.chat_id == -500, since=mark)
    assert "private" in refusal.text


async def test_help_lists_every_command_and_the_phone_menu_is_set(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/help")
    reply = await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark)
    for command in COMMANDS:
        assert f"/{command.name}" in reply.text
    assert [c["command"] for c in bot_api.commands] == [c.name for c in COMMANDS]


async def test_file_over_download_limit_is_refused_before_download(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "huge.csv", b"a,b\n1,2\n", declared_size=25 * 1024 * 1024)
    reply = await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark)
    assert "20 MB" in reply.text and "Zip" in reply.text
    assert not any(method == "getFile" for method, _ in bot_api.calls)


async def test_bad_file_keeps_existing_history(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(25))
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=90)

    for name, content in [
        ("invoice.pdf", b"%PDF-1.7\n%binary"),
        ("empty.csv", b""),
        ("header.csv", b"Order ID,Email,Date,Total\n"),
        ("dates.csv", b"Email,Date,Total\na@x.com,someday,1\nb@x.com,never,2\n"),
    ]:
        mark = bot_api.mark()
        bot_api.send_document(ALICE, name, content, mime_type="application/octet-stream")
        reply = await bot_api.await_for(
            lambda s: s.method == "editMessageText" and "Nothing from this file was saved" in (s.text or ""),
            since=mark,
        )
        assert name in reply.text or "file" in reply.text

    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/stats")
    stats = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark)
    assert "uploads: 1" in stats.text and "customers: 25" in stats.text


async def test_zipped_and_gzipped_exports_are_read(bot, bot_api):
    content = generic_orders_csv(30)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("export/orders.csv", content)
    for name, data in [("orders.zip", archive.getvalue()), ("orders.csv.gz", gzip.compress(content))]:
        mark = bot_api.mark()
        bot_api.send_document(ALICE, name, data, mime_type="application/zip")
        reply = await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=90)
        assert "from 30 customers" in reply.text


async def test_logs_of_a_session_hold_no_token_or_email(bot, bot_api, settings):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        configure_logging(logging.DEBUG)
        logging.getLogger("httpx").setLevel(logging.DEBUG)  # the worst case: URL logging switched back on
        mark = bot_api.mark()
        bot_api.send_document(ALICE, "orders.csv", generic_orders_csv(20))
        await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=90)
        bot_api.send_text(ALICE, "/export champions")
        await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
        logging.getLogger("bot").error("failed for customer0@example.com with %s", settings.token)
    finally:
        root.removeHandler(handler)
        root.setLevel(logging.WARNING)
    logged = stream.getvalue()
    assert "HTTP Request" in logged, "httpx did log URLs, so the filter was exercised"
    assert settings.token not in logged
    assert "@example.com" not in logged
    assert "<email>" in logged and "<token>" in logged
