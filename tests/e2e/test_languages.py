"""The owner's language: Chinese for a Telegram app set to Chinese, English otherwise, /language
to choose, remembered per chat; the phone's command menu in both."""

from __future__ import annotations

from bot.telegram_bot.commands import COMMANDS
from tests.conftest import ALICE, BOB
from tests.helpers.english_left import english_left


async def _reply(bot_api, chat_id: int, text: str):
    mark = bot_api.mark()
    bot_api.send_text(chat_id, text)
    return await bot_api.await_for(lambda s: s.chat_id == chat_id, since=mark)


async def test_a_chinese_telegram_app_gets_chinese_and_an_english_one_english(bot, bot_api):
    bot_api.language_codes[ALICE] = "zh-hans"
    bot_api.language_codes[BOB] = "en"
    welcome = await _reply(bot_api, ALICE, "/start")
    assert "你好" in welcome.text and english_left(welcome.text) == []
    help_text = await _reply(bot_api, ALICE, "/help")
    assert all(f"/{c.name}" in help_text.text for c in COMMANDS) and english_left(help_text.text) == []
    assert "Hi! I'm ShopPulse" in (await _reply(bot_api, BOB, "/start")).text


async def test_the_command_menu_is_set_in_each_language(bot, bot_api):
    english, chinese = bot_api.commands, bot_api.commands_by_language["zh"]
    assert [c["command"] for c in chinese] == [c["command"] for c in english] == [c.name for c in COMMANDS]
    assert [c["description"] for c in english] == [c.help for c in COMMANDS]
    assert all(english_left(c["description"]) == [] for c in chinese)


async def test_language_picked_with_the_buttons_is_kept_for_the_chat(bot, bot_api, settings):
    bot_api.language_codes[ALICE] = "en-GB"
    question = await _reply(bot_api, ALICE, "/language")
    assert [b["text"] for b in question.buttons()] == ["✓ English", "简体中文"]
    mark = bot_api.mark()
    bot_api.press_button(question, question.button_data("简体中文"))
    done = await bot_api.await_for(lambda s: s.method == "editMessageText" and s.chat_id == ALICE, since=mark)
    assert "简体中文" in done.text and english_left(done.text) == []
    # The app still says English: the owner's pick wins, in later updates too.
    assert english_left((await _reply(bot_api, ALICE, "/help")).text) == []
    again = await _reply(bot_api, ALICE, "/language")
    assert [b["text"] for b in again.buttons()] == ["English", "✓ 简体中文"]
    mark = bot_api.mark()
    bot_api.press_button(again, again.button_data("English"))
    await bot_api.await_for(lambda s: s.method == "editMessageText" and "English" in (s.text or ""), since=mark)
    assert "What I can do" in (await _reply(bot_api, ALICE, "/help")).text
