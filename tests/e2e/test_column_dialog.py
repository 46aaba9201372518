"""The column dialog for files no reader recognises, end to end through the local Bot API."""

from __future__ import annotations

from tests.conftest import ALICE


def _final(s):
    return "Send /segments" in (s.text or "") or "⚠️" in (s.text or "")


async def _send(bot_api, name, content):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, name, content.encode())
    return await bot_api.await_for(lambda s: "Which column is" in (s.text or "") or "⚠️" in (s.text or ""),
                                   since=mark, timeout=60)


async def _press(bot_api, question, label_start):
    """Press the button whose words start with `label_start`; return the next edit of the message."""
    data = next(b["callback_data"] for b in question.buttons() if b["text"].startswith(label_start))
    mark = bot_api.mark()
    bot_api.press_button(question, data)
    return await bot_api.await_for(lambda s: s.method == "editMessageText" and s.message_id == question.message_id,
                                   since=mark, timeout=60)


async def _answer_all(bot_api, question, answers: dict[str, str], words: dict[str, str] | None = None):
    """Answer each question by what it asks; status words by the meaning given for them."""
    mark = bot_api.mark()
    while "Which column is" in (question.text or "") or "Orders marked" in (question.text or ""):
        mark = bot_api.mark()
        asked = next((q for q in answers if q in question.text), None)
        if asked is not None:
            question = await _press(bot_api, question, answers[asked])
            continue
        word = next(w for w in (words or {}) if f"“{w}”" in question.text)
        question = await _press(bot_api, question, (words or {})[word])
    if "Send /segments" in (question.text or ""):
        return question
    return await bot_api.await_for(lambda s: s.message_id == question.message_id and _final(s), since=mark, timeout=90)


ANSWERS = {"the customer": "Wer", "the order date": "Wann", "the amount": "Wieviel", "the order id": "No order id"}


async def test_unknown_columns_are_asked_once_then_remembered(bot, bot_api):
    question = await _send(bot_api, "export.csv",
                           "Wer;Wann;Wieviel;Notiz\nann@example.com;2024-01-05;12,50;x\nbo@example.com;2024-02-05;7,00;y\n")
    assert "the customer" in question.text
    result = await _answer_all(bot_api, question, ANSWERS)
    assert "2 orders from 2 customers" in result.text

    mark = bot_api.mark()
    bot_api.send_document(ALICE, "export-2.csv", b"Wer;Wann;Wieviel;Notiz\ncy@example.com;2024-03-05;3,00;z\n")
    second = await bot_api.await_for(lambda s: "Send /segments" in (s.text or ""), since=mark, timeout=90)
    assert "1 order from 1 customer" in second.text
    assert "/columns" in second.text, "the owner is told how to choose again"


def _ref_no_file() -> str:
    """A hand-made spreadsheet: a running reference number beside the real columns."""
    rows = ["Ref No;Wer;Wann;Wieviel"]
    rows += [f"{1010 + i};c{i % 7}@example.com;2024-0{1 + i % 9}-1{i % 10};{10 + i},50" for i in range(30)]
    return "\n".join(rows) + "\n"


async def test_a_column_that_does_not_fit_is_refused_and_asked_again(bot, bot_api):
    question = await _send(bot_api, "sheet.csv", _ref_no_file())
    question = await _press(bot_api, question, "Wer")
    assert "the order date" in question.text
    refused = await _press(bot_api, question, "Ref No")
    assert "“Ref No”" in refused.text and "pick again" in refused.text
    assert "the order date" in refused.text, "the same question is asked again"
    refused = await _press(bot_api, refused, "Wieviel")
    assert "“Wieviel” does not look like dates" in refused.text
    question = await _press(bot_api, refused, "Wann")
    assert "the amount" in question.text
    refused = await _press(bot_api, question, "Ref No")
    assert "running number" in refused.text
    result = await _answer_all(bot_api, refused, ANSWERS)
    assert "30 orders from 7 customers" in result.text
    assert "2024-01-10 → 2024-09-18" in result.text


async def test_status_words_are_asked_about_and_unpaid_orders_left_out(bot, bot_api):
    rows = ["Vorgang;Wer;Wann;Wieviel;Status"]
    statuses = ["bezahlt", "storniert", "bezahlt", "erstattet", "offen", "bezahlt"]
    for i, status in enumerate(statuses * 3):
        rows.append(f"B{i};k{i % 4}@example.com;2024-03-{1 + i:02d};{10 * (i + 1)},00;{status}")
    paid = sum(10 * (i + 1) for i, status in enumerate(statuses * 3) if status == "bezahlt")
    question = await _send(bot_api, "bestellungen.csv", "\n".join(rows) + "\n")
    answers = {**ANSWERS, "the order id": "Vorgang"}
    meanings = {"bezahlt": "✅", "storniert": "✖️", "erstattet": "↩️", "offen": "⏳"}
    result = await _answer_all(bot_api, question, answers, meanings)
    assert "18 orders" in result.text
    assert f"revenue: €{paid:,.2f}" in result.text or f"{paid:,.2f}" in result.text
    assert "9 orders marked cancelled, refunded or not yet paid" in result.text


async def test_blank_header_cells_still_get_buttons_with_words(bot, bot_api):
    content = "Wer,,Wieviel\nann@example.com,2024-01-05,12.50\nbo@example.com,2024-02-05,7.00\n"
    question = await _send(bot_api, "blank.csv", content)
    assert all(b["text"].strip() for b in question.buttons())
    question = await _press(bot_api, question, "Wer")
    question = await _press(bot_api, question, "Column 2")
    result = await _answer_all(bot_api, question, {"the amount": "Wieviel", "the order id": "No order id"})
    assert "2 orders from 2 customers" in result.text


async def test_a_file_lacking_a_needed_column_says_so_instead_of_asking(bot, bot_api):
    two = await _send(bot_api, "two.csv", "Wer;Wann\nann@example.com;2024-01-05\nbo@example.com;2024-02-05\n")
    assert "only 2 columns" in two.text and "Nothing from it was saved" in two.text
    assert not two.buttons()

    no_dates = await _send(bot_api, "nodates.csv", "Wer;Ort;Wieviel\nann@example.com;Köln;12,50\nbo@example.com;Bonn;7,00\n")
    question = await _press(bot_api, no_dates, "Wer")
    assert "has no column with order dates I can read" in question.text and not question.buttons()


async def test_columns_command_forgets_choices_so_the_next_file_is_asked_again(bot, bot_api):
    content = "Wer;Wann;Wieviel\nann@example.com;2024-01-05;12,50\nbo@example.com;2024-02-05;7,00\n"
    await _answer_all(bot_api, await _send(bot_api, "a.csv", content), ANSWERS)
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/columns")
    reply = await bot_api.await_for(lambda s: s.method == "sendMessage" and "forgot" in (s.text or ""), since=mark)
    assert "1 file layout" in reply.text
    again = await _send(bot_api, "b.csv", content)
    assert "the customer" in again.text


async def test_a_button_from_an_earlier_file_is_refused(bot, bot_api):
    first = await _send(bot_api, "a.csv", "Wer;Wann;Wieviel\nann@example.com;2024-01-05;12,50\n")
    second = await _send(bot_api, "b.csv", "Wer;Wann;Wieviel\nbo@example.com;2024-02-05;7,00\n")
    stale = await _press(bot_api, first, "Wer")
    assert "earlier file" in stale.text
    result = await _answer_all(bot_api, second, ANSWERS)
    assert "1 order from 1 customer" in result.text and "b.csv" in result.text
