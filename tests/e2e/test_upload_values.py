"""Untrustworthy values through the real bot: the reply names the skipped rows, the analysis date
stays the last real order, and a file without one readable amount is refused with nothing saved."""

from __future__ import annotations

from tests.conftest import ALICE


async def _upload(bot_api, name, content: bytes):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, name, content)
    return await bot_api.await_for(
        lambda s: s.method == "editMessageText" and ("Send /segments" in (s.text or "") or "saved" in (s.text or "")),
        since=mark, timeout=90,
    )


async def test_a_typo_date_is_a_skipped_row_named_in_the_reply(bot, bot_api, settings):
    from bot import service

    lines = ["Order ID,Email,Date,Total"] + [f"{n},c{n % 9}@example.com,2024-0{1 + n % 6}-1{n % 10},{10 + n}"
                                             for n in range(1, 40)]
    lines[7] = "7,c7@example.com,2224-05-01,17"  # spreadsheet row 8
    reply = await _upload(bot_api, "orders.csv", ("\n".join(lines) + "\n").encode())
    assert "a date before 1990 or after tomorrow (row 8)" in reply.text
    orders = service.load_orders(settings.db_path, ALICE)
    assert orders["ordered_at"].max().year == 2024 and "7" not in orders["order_id"].tolist()


async def test_a_file_without_a_readable_amount_is_refused_and_not_recorded(bot, bot_api):
    reply = await _upload(bot_api, "broken.csv", b"Order ID,Email,Date,Total\n1,a@example.com,2024-01-05,inf\n"
                                                 b"2,b@example.com,2024-01-06,NaN\n")
    assert "could not read a single amount" in reply.text and "Nothing from this file was saved" in reply.text
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/uploads")
    listing = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark, timeout=60)
    assert "broken.csv" not in listing.text
