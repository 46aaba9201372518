"""Every command through the local Bot API (which refuses over-long messages and broken HTML, as
Telegram does) on a shop whose names and products are 10,000 characters or 3,000 ampersands."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

from bot.local_bot_api.server import MAX_TEXT
from tests.conftest import ALICE
from tests.helpers.shop import generic_orders_csv

LONG = "N" * 10_000
AMPERSANDS = "&" * 3_000


def _long_valued_shop() -> bytes:
    table = pd.read_csv(io.BytesIO(generic_orders_csv(400, seed=5)))
    customers = {email: n for n, email in enumerate(table["Email"].drop_duplicates())}
    number = table["Email"].map(customers)
    table["Customer Name"] = [f"{LONG}{n}" if n % 2 else f"{AMPERSANDS}{n}" for n in number]
    products = {product: n for n, product in enumerate(table["Product"].drop_duplicates())}
    table["Product"] = [("P" * 10_000 if n % 2 else AMPERSANDS) + f" {n}" for n in table["Product"].map(products)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:  # some 30 MB of CSV, over the download limit
        archive.writestr("orders.csv", table.to_csv(index=False))
    return buffer.getvalue()


def _long_reviews() -> bytes:
    rows = ["review,stars,product,email"] + [
        f'"{AMPERSANDS} awful, broke at once",1,"{"P" * 10_000} {n % 3}",customer{n}@example.com' if n % 2 else
        f'"Lovely, {LONG}",5,"{AMPERSANDS} {n % 3}",customer{n}@example.com'
        for n in range(40)
    ]
    return "\n".join(rows).encode()


@pytest.fixture
async def shop(bot, bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.zip", _long_valued_shop())
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=180)
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "reviews.csv", _long_reviews())
    reply = await bot_api.await_for(lambda s: "read as reviews" in (s.text or "") or "went wrong" in (s.text or ""),
                                    since=mark, timeout=180)
    assert "went wrong" not in reply.text
    return bot


async def _ask(bot_api, text, expected: str):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, text)
    reply = await bot_api.await_for(
        lambda s: s.method in ("sendMessage", "editMessageText") and (expected in (s.text or "") or "went wrong" in (s.text or "")),
        since=mark, timeout=120)
    assert "went wrong" not in reply.text, f"{text[:40]}: the bot's reply was refused"
    return reply


def _ranked_rows(text: str) -> int:
    return len(re.findall(r"^\d+\. ", text, re.M))


@pytest.mark.timeout(600)  # two uploads of long values and twenty commands, on a shared machine
async def test_every_command_answers_within_telegram_limits_on_long_values(shop, bot_api):
    churn = await _ask(bot_api, "/churn", "likely to stop buying")
    assert _ranked_rows(churn.text) >= 5, "the at-risk list kept its rows"
    value = await _ask(bot_api, "/value", "Most valuable customers")
    assert _ranked_rows(value.text) >= 5
    assert "…" in churn.text and "&amp;" in value.text and LONG not in value.text
    card = await _ask(bot_api, "/customer customer3@example.com", "Segment:")
    assert "Latest orders" in card.text and "Chance of no order" in card.text
    recommend = await _ask(bot_api, "/recommend customer3@example.com", "Next best products")
    assert _ranked_rows(recommend.text) >= 2
    for command, expected in [
        ("/segments", "of revenue"), ("/basket", "ought"), (f"/basket {'P' * 3000}", "ought"),
        (f"/basket {AMPERSANDS}", "ought"), ("/sentiment", "review"), ("/uploads", "orders.zip"),
        ("/stats", "orders: "), ("/digest", "digest"), (f"/customer {AMPERSANDS}", "customer"),
        (f"/customer {LONG}", "customer"), (f"/recommend {AMPERSANDS}", "customer"), ("/help", "/churn"),
        ("/start", "export"), ("/schedule", "digest"), ("/undo", "reviews.csv"), (f"/export {AMPERSANDS}", "egment"),
        ("/horizon 30", "looks 30 days ahead"),
    ]:
        await _ask(bot_api, command, expected)
    mark = bot_api.mark()
    bot_api.press_button(churn, churn.buttons()[0]["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark, timeout=60)
    assert "most value at risk first" in document.caption and LONG.encode() in document.content


async def test_the_stand_in_refuses_what_telegram_refuses(bot_api):
    from bot.local_bot_api.server import ApiError, _check_text

    for broken in ("<b>cut inside", "a <b>bold</i> word</b>", "x < y", "<br>", "</b>"):
        with pytest.raises(ApiError, match="can't parse entities"):
            _check_text(broken, "HTML", MAX_TEXT, "message is too long", "message text is empty")
    with pytest.raises(ApiError, match="too long"):
        _check_text("<b>" + "&amp;" * (MAX_TEXT + 1) + "</b>", "HTML", MAX_TEXT, "message is too long", None)
    _check_text("<b>" + "&amp;" * MAX_TEXT + "</b>", "HTML", MAX_TEXT, "message is too long", None)
