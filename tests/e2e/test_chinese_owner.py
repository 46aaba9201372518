"""A Chinese owner (Telegram app in zh-hans) reads only Chinese: the first week with a Pinduoduo
export, and every command and button. What is not the bot's own words (customer names, products,
file names, numbers, /commands, brand names) is let through by tests/helpers/english_left.py;
any other Latin word fails, with the message it was found in."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram_bot.commands import COMMANDS
from bot.telegram_bot.digests import deliver_digest
from tests.conftest import ALICE
from tests.helpers.chinese_shop import PRODUCTS, pinduoduo_shop
from tests.helpers.english_left import english_left

FILE = "拼多多订单.csv"
SETTLE_SECONDS = 1.5
DATA = (FILE, *PRODUCTS)


def _read(sent) -> list[str]:
    """What the owner reads in one thing the bot sent: its text or caption, and its buttons."""
    return [sent.text or sent.caption or "", *(button["text"] for button in sent.buttons())]


def _english_in(sent_things) -> list[tuple[str, list[str]]]:
    found = []
    for sent in sent_things:
        for words in _read(sent):
            if left := english_left(words, DATA):
                found.append((words[:200], left))
    return found


async def _say(bot_api, text: str, *, answers: int = 1, timeout: float = 60):
    """Send `text`; wait until `answers` things came back; return everything sent since."""
    mark = bot_api.mark()
    bot_api.send_text(ALICE, text)
    return await _answers(bot_api, mark, answers, timeout)


async def _answers(bot_api, mark: int, answers: int, timeout: float):
    """Everything sent to the owner since `mark`, once there are `answers` of them."""
    def enough(_sent) -> bool:
        return len([s for s in bot_api.sent[mark:] if s.chat_id == ALICE]) >= answers

    await bot_api.await_for(enough, since=mark, timeout=timeout)
    count = -1
    while count != len(bot_api.sent):  # and nothing more came for a moment (a reply of two messages)
        count = len(bot_api.sent)
        await asyncio.sleep(SETTLE_SECONDS)
    return [s for s in bot_api.sent[mark:] if s.chat_id == ALICE]


async def _press(bot_api, sent, label: str, *, answers: int = 1, timeout: float = 60):
    mark = bot_api.mark()
    bot_api.press_button(sent, sent.button_data(label))
    return await _answers(bot_api, mark, answers, timeout)


async def _upload(bot_api):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, FILE, pinduoduo_shop())
    done = await bot_api.await_for(lambda s: "发送 /segments" in (s.text or ""), since=mark, timeout=180)
    return done, bot_api.sent[mark:]


@pytest.mark.slow
async def test_a_chinese_owners_first_week_is_all_in_chinese(bot, bot_api):
    bot_api.language_codes[ALICE] = "zh-hans"
    done, sent = await _upload(bot_api)
    assert "拼多多" in done.text and "¥" in done.text and "每星期一 09:00" in done.text
    seen = list(sent)
    segments = await _say(bot_api, "/segments", answers=2)
    assert any("重要价值客户" in (s.text or "") or "重要挽留客户" in (s.text or "") for s in segments)
    assert any(s.method == "sendPhoto" for s in segments)
    seen += segments
    seen += await _say(bot_api, "/churn")
    seen += await _say(bot_api, "/value", answers=2)
    seen += await _say(bot_api, "/sentiment")
    schedule = (await _say(bot_api, "/schedule"))[-1]
    days = await _press(bot_api, schedule, "周五")
    seen += [schedule, *days, *await _press(bot_api, days[-1], "18:00")]
    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE) == "sent"
    digest = await bot_api.await_for(lambda s: "每周简报" in (s.text or ""), since=mark)
    await bot_api.await_for(lambda s: s.method == "sendPhoto", since=mark)
    seen += bot_api.sent[mark:]
    assert "营业额" in digest.text
    assert _english_in(seen) == []


@pytest.mark.slow
async def test_every_command_and_button_answers_a_chinese_owner_in_chinese(bot, bot_api):
    bot_api.language_codes[ALICE] = "zh-hans"
    await _upload(bot_api)
    seen = []
    for command in COMMANDS:
        if command.name in {"forget", "undo", "schedule", "segments", "churn", "customer", "recommend", "export",
                            "value", "digest", "language", "horizon"}:
            continue  # asked below, with what they need and their buttons pressed
        seen += await _say(bot_api, f"/{command.name}")
    segments = await _say(bot_api, "/segments", answers=2)
    text = next(s for s in segments if s.method == "sendMessage")
    exported = await _press(bot_api, text, "⬇️")
    seen += segments + await _press(bot_api, text, "ℹ️") + exported
    header = next(s for s in exported if s.method == "sendDocument").content.decode("utf-8-sig").splitlines()[0]
    assert "邮箱" in header and english_left(header) == []
    churn = await _say(bot_api, "/churn")
    seen += churn + await _press(bot_api, churn[-1], "ℹ️")
    if any("⬇️" in b["text"] for b in churn[-1].buttons()):
        seen += await _press(bot_api, churn[-1], "⬇️")
    value = await _say(bot_api, "/value", answers=2)
    seen += value + await _press(bot_api, value[-1], "ℹ️")
    name = "王"  # a surname many customers share: the choice buttons
    choice = await _say(bot_api, f"/customer {name}")
    seen += choice
    if choice[-1].buttons():
        card = await _press(bot_api, choice[-1], choice[-1].buttons()[0]["text"])
        seen += card + await _press(bot_api, card[-1], "ℹ️")
    recommend = await _say(bot_api, f"/recommend {name}")
    seen += recommend
    if recommend[-1].buttons():
        seen += await _press(bot_api, recommend[-1], recommend[-1].buttons()[0]["text"])
    seen += await _say(bot_api, "/export 重要挽留")
    seen += await _say(bot_api, "/export 不存在的分层")
    digest = await _say(bot_api, "/digest", answers=2)
    seen += digest
    seen += await _say(bot_api, "/horizon 60", answers=2, timeout=120)
    seen += await _say(bot_api, "/horizon abc")
    seen += await _say(bot_api, "/schedule 周三 07:00 Asia/Shanghai")
    schedule = await _say(bot_api, "/schedule")
    seen += schedule + await _press(bot_api, schedule[-1], "关闭")
    seen += await _say(bot_api, "/schedule nonsense")
    undo = await _say(bot_api, "/undo")
    seen += undo + await _press(bot_api, undo[-1], "取消")
    forget = await _say(bot_api, "/forget")
    seen += forget + await _press(bot_api, forget[-1], "取消")
    language = await _say(bot_api, "/language")
    seen += language
    seen += await _say(bot_api, "/nosuchcommand")
    seen += await _say(bot_api, "你好")
    mark = bot_api.mark()
    bot_api.send_photo(ALICE)
    seen.append(await bot_api.await_for(lambda s: s.chat_id == ALICE, since=mark))
    assert _english_in(seen) == []


async def test_the_column_questions_ask_a_chinese_owner_in_chinese(bot, bot_api):
    """A spreadsheet nobody recognises: every question, button and refusal of the dialog."""
    bot_api.language_codes[ALICE] = "zh-hans"
    rows = ["Ref No;Wer;Wann;Wieviel"] + [f"{1010 + i};c{i % 7}@example.com;2024-0{1 + i % 9}-1{i % 10};{10 + i},50"
                                          for i in range(30)]
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "sheet.csv", ("\n".join(rows) + "\n").encode())
    question = await bot_api.await_for(lambda s: "哪一列是" in (s.text or ""), since=mark, timeout=90)
    seen = [question]
    for label in ("Wer", "Ref No", "Wann"):  # the customer; a running number refused as the date; the date
        seen += await _press(bot_api, seen[-1], label)
    data = (*DATA, "sheet.csv", "Ref No", "Wer", "Wann", "Wieviel", *(f"c{i}@example.com" for i in range(7)))
    assert any("请重新选择" in (s.text or "") for s in seen)
    assert [(s.text[:80], english_left(w, data)) for s in seen for w in _read(s) if english_left(w, data)] == []


def _broken_files() -> list[tuple[str, bytes, str]]:
    """Files the readers refuse, or read with rows left out, each with words its Chinese reply has."""
    header = "Order ID,Email,Date,Total"
    good = [f"{n},c{n % 9}@example.com,2024-0{1 + n % 6}-1{n % 10},{10 + n}" for n in range(1, 30)]
    stray = [*good, "3,someone.else@example.com,2024-03-01,30"]  # order 3 again, another buyer: row 31
    return [
        ("空的.csv", b"", "是空文件"),
        ("说明.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF 文档"),
        ("坏的.zip", b"PK\x03\x04" + b"\x00" * 40, "损坏的 zip"),
        ("只有表头.csv", (header + "\n").encode(), "只有表头"),
        ("日期.csv", (header + "\n" + "\n".join(f"{n},a{n}@example.com,31/31/20,5" for n in range(8)) + "\n").encode(),
         "读不懂"),
        ("金额.csv", (header + "\n1,a@example.com,2024-01-05,inf\n2,b@example.com,2024-01-06,NaN\n").encode(),
         "第 2 行"),
        ("一单两人.csv", (header + "\n" + "\n".join(stray) + "\n").encode(), "同一个订单号属于两个不同的客户（第 31 行）"),
    ]


async def test_a_chinese_owner_reads_why_a_file_was_refused_in_chinese(bot, bot_api):
    """The readers' refusals and skipped-row reasons come from analytics as codes and values; each
    broken file's reply is in Chinese, with only the file's own name and cells left as they are."""
    bot_api.language_codes[ALICE] = "zh-hans"
    seen, data = [], [*DATA, "31/31/20", "inf", "NaN"]
    for name, content, chinese in _broken_files():
        data.append(name)
        mark = bot_api.mark()
        bot_api.send_document(ALICE, name, content)
        reply = await bot_api.await_for(
            lambda s: s.method == "editMessageText" and ("没有保存" in (s.text or "") or "/segments" in (s.text or "")),
            since=mark, timeout=120)
        assert chinese in reply.text, reply.text
        seen.append(reply)
    assert [(s.text[:200], english_left(s.text, tuple(data))) for s in seen if english_left(s.text, tuple(data))] == []


async def test_a_standing_question_and_a_segment_asked_in_chinese_are_answered_in_chinese(bot, bot_api):
    bot_api.language_codes[ALICE] = "zh-hans"
    await _upload(bot_api)
    seen = await _say(bot_api, "/reports")
    assert "每周一告诉我" in seen[-1].text
    saved = await _say(bot_api, "每周一告诉我上周各产品的销售额")
    assert "已保存" in saved[-1].text and "产品销售额" in saved[-1].text
    listed = await _say(bot_api, "/reports")
    assert "上周各产品的销售额" in listed[-1].text and len(listed[-1].buttons()) == 1
    mark = bot_api.mark()
    assert await deliver_digest(bot, ALICE) == "sent"
    digest = await bot_api.await_for(lambda s: "每周简报" in (s.text or ""), since=mark)
    assert "📌 <b>上周各产品的销售额</b>" in digest.text and "产品销售额" in digest.text
    segment = await _say(bot_api, "重要价值客户有多少")
    assert "客户" in segment[-1].text and "重要价值客户" in segment[-1].text
    seen += saved + listed + [digest] + segment
    assert _english_in(seen) == []
