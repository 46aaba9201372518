"""Fitting replies into one Telegram message: cut between whole tags and entities only."""

from __future__ import annotations

from bot.telegram_bot.fitting import SHORTENED, fit, fit_for, shorten, visible_length


def test_visible_length_counts_entities_as_one_and_tags_as_nothing():
    assert visible_length("<b>a&amp;b</b> &lt;3") == 6
    assert visible_length("😀") == 2  # one emoji is two UTF-16 code units


def test_a_short_reply_is_left_alone():
    text = "<b>Hi</b> &amp; welcome"
    assert fit(text) is text


def test_a_long_title_is_cut_inside_the_text_and_its_tag_closed():
    text = "<b>" + "&amp;" * 50 + "</b>\nrest"
    cut = fit(text, limit=20)
    budget = 20 - len(SHORTENED)
    assert cut == "<b>" + "&amp;" * budget + "</b>" + SHORTENED
    assert visible_length(cut) == 20


def test_a_long_list_is_cut_after_its_last_whole_line():
    lines = [f"{n}. <b>Ann</b> — risk 60%" for n in range(1, 11)]  # 19 or 20 visible characters each
    cut = fit("\n".join(lines), limit=100)
    assert cut == "\n".join(lines[:4]) + SHORTENED
    assert visible_length(cut) <= 100


def test_an_entity_or_an_emoji_is_never_split():
    text, room = "a" * 10 + "😀" * 3 + "&amp;" * 20, len(SHORTENED)
    assert fit(text, limit=room + 11) == "a" * 10 + SHORTENED  # the emoji needs two units, one is left
    assert fit(text, limit=room + 16) == "a" * 10 + "😀" * 3 + SHORTENED
    assert fit(text, limit=room + 17) == "a" * 10 + "😀" * 3 + "&amp;" + SHORTENED


def test_plain_text_is_cut_by_length_alone():
    text = "&" * 5000
    cut = fit_for(text, None)
    assert cut == "&" * (4096 - len(SHORTENED)) + SHORTENED


def test_shorten_keeps_one_line_and_marks_the_cut():
    assert shorten("Ann  Smith\nLtd") == "Ann Smith Ltd"
    assert shorten("N" * 100, 10) == "N" * 9 + "…"
