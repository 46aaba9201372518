"""Questions in words through the local Bot API: an answer with how it was counted, a question
back with buttons, a customer list with its CSV, a greeting, and an honest decline."""

from __future__ import annotations

import csv
import io

import pandas as pd

from tests.conftest import ALICE, BOB
from tests.helpers.shop import question_shop_csv


async def _upload(bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "orders.csv", question_shop_csv())
    await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=120)


async def _ask(bot_api, text, chat_id=ALICE):
    mark = bot_api.mark()
    bot_api.send_text(chat_id, text)
    return await bot_api.await_for(lambda s: s.chat_id == chat_id and s.method == "sendMessage", since=mark, timeout=60)


def _paid_rows() -> pd.DataFrame:
    rows = pd.read_csv(io.BytesIO(question_shop_csv()))
    return rows[rows["Status"] == "paid"]


async def test_question_is_answered_with_how_it_was_counted(bot, bot_api):
    await _upload(bot_api)
    reply = await _ask(bot_api, "how many orders in march 2024")
    paid = _paid_rows()
    local = pd.to_datetime(paid["Date"]).dt.tz_localize("UTC").dt.tz_convert("UTC")
    march = paid[(local >= pd.Timestamp("2024-03-01", tz="UTC")) & (local < pd.Timestamp("2024-04-01", tz="UTC"))]
    assert f"<b>{march['Order ID'].nunique()}</b>" in reply.text
    assert "How it was counted" in reply.text and "(UTC)" in reply.text and "rests on" in reply.text
    other = await _ask(bot_api, "how many orders in march 2024", chat_id=BOB)
    assert "Send me an order export" in other.text


async def test_ambiguous_question_asks_back_and_the_button_answers(bot, bot_api):
    await _upload(bot_api)
    question = await _ask(bot_api, "lavender sales in 2023")
    labels = [button["text"] for button in question.buttons()]
    assert labels == ["Lavender Oil", "Lavender Soap"]
    mark = bot_api.mark()
    bot_api.press_button(question, question.button_data("Lavender Soap"))
    reply = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark, timeout=60)
    paid = _paid_rows()
    soap = paid[(paid["Product"] == "Lavender Soap") & paid["Date"].str.startswith("2023")]
    for currency, amount in soap.groupby("Currency")["Total"].sum().items():  # never added across currencies
        assert f"{amount:,.2f} {currency}" in reply.text
    assert "Product sales of Lavender Soap" in reply.text


async def test_customer_list_comes_with_a_csv_of_every_row(bot, bot_api):
    await _upload(bot_api)
    reply = await _ask(bot_api, "customers with more than 3 orders")
    paid = _paid_rows()
    counts = paid.groupby("Email")["Order ID"].nunique()
    expected = set(counts.index[counts > 3])
    assert f"<b>{len(expected)}</b> customers" in reply.text
    mark = bot_api.mark()
    bot_api.press_button(reply, reply.buttons()[0]["callback_data"])
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark, timeout=60)
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert {row["Email"] for row in rows} == expected


async def test_greeting_gets_the_welcome_and_unknown_question_a_decline(bot, bot_api):
    await _upload(bot_api)
    hello = await _ask(bot_api, "你好，我该怎么用？")
    assert "I'm ShopPulse" in hello.text and "in your own words" in hello.text
    decline = await _ask(bot_api, "conversion rate last month")
    assert "I can't answer that yet" in decline.text and "conversion" in decline.text
    assert decline.text.count("• ") == 3
    series = bot_api.mark()
    bot_api.send_text(ALICE, "revenue by month in 2023")
    chart = await bot_api.await_for(lambda s: s.method == "sendPhoto", since=series, timeout=60)
    assert chart.content.startswith(b"\x89PNG")


async def test_cohorts_sends_the_heatmap_and_repeat_rate_by_first_product(bot, bot_api):
    await _upload(bot_api)
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/cohorts")
    chart = await bot_api.await_for(lambda s: s.method == "sendPhoto", since=mark, timeout=60)
    assert chart.content.startswith(b"\x89PNG")
    text = await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark, timeout=60)
    paid = _paid_rows().assign(Date=lambda f: pd.to_datetime(f["Date"])).sort_values("Date", kind="stable")
    orders = paid.drop_duplicates("Order ID")
    first = orders.drop_duplicates("Email")
    first_product = paid.drop_duplicates("Order ID").set_index("Order ID")["Product"].reindex(first["Order ID"])
    again = orders["Email"].value_counts().reindex(first["Email"]).to_numpy() >= 2
    soap = again[first_product.to_numpy() == "Lavender Soap"]
    assert f"Lavender Soap: {soap.mean():.0%} of {len(soap):,} came back" in text.text


async def test_standing_question_is_kept_answered_in_the_digest_and_removed_from_reports(bot, bot_api):
    await _upload(bot_api)
    saved = await _ask(bot_api, "every Monday tell me revenue by product for march 2024")
    assert "Saved: every weekly digest will answer this" in saved.text
    paid = _paid_rows()
    march = paid[paid["Date"].str.startswith("2024-03") & (paid["Product"] == "Fig Candle")]
    line = f"Fig Candle: {march[march['Currency'] == 'EUR']['Total'].sum():,.2f} EUR"
    assert line in saved.text
    listed = await _ask(bot_api, "/reports")
    assert "revenue by product for march 2024" in listed.text and len(listed.buttons()) == 1
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/digest")
    digest = await bot_api.await_for(lambda s: s.method == "sendMessage" and "weekly ShopPulse digest" in (s.text or ""),
                                     since=mark, timeout=120)
    assert "📌 <b>revenue by product for march 2024</b>" in digest.text and line in digest.text
    mark = bot_api.mark()
    bot_api.press_button(listed, listed.buttons()[0]["callback_data"])
    removed = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark, timeout=60)
    assert "Removed" in removed.text and "no standing questions" in removed.text
    assert "no standing questions" in (await _ask(bot_api, "/reports")).text
