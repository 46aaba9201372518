"""The message catalogues: every text marked in the code has its Chinese, with the same
placeholders and markup, and English stays the message id itself."""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import CHINESE, ENGLISH, LOCALE_DIR, _, language_for, money, use_language
from tests.helpers.english_left import english_left

ROOT = LOCALE_DIR.parent.parent
_TAGS = re.compile(r"</?(?:b|i|u|s|code|pre|a)(?:\s[^>]*)?>")  # Telegram's HTML


def _catalogue():
    with (LOCALE_DIR / CHINESE / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=CHINESE)


def _marked_in_code() -> set[str]:
    """What `make messages` extracts, by the same mapping file."""
    with (ROOT / "babel.cfg").open() as cfg:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_every_marked_text_has_its_chinese():
    catalogue = _catalogue()
    missing = [m for m in _marked_in_code() if not (catalogue.get(m) and catalogue.get(m).string)]
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
    assert not [m.id for m in catalogue if m.id and m.fuzzy]


def test_translations_keep_placeholders_and_markup():
    for message in _catalogue():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        targets = [message.string] if isinstance(message.string, str) else list(message.string)
        for target in targets:
            assert _fields(target) == _fields(source), source
            assert sorted(_TAGS.findall(target)) == sorted(_TAGS.findall(source)), source


@pytest.mark.parametrize(("code", "language"), [
    ("zh-hans", CHINESE), ("zh", CHINESE), ("zh-TW", CHINESE), ("ZH-HK", CHINESE),
    ("en", ENGLISH), ("en-GB", ENGLISH), ("de", ENGLISH), (None, ENGLISH), ("", ENGLISH),
])
def test_language_follows_telegrams_language_code(code, language):
    assert language_for(code) == language


def test_english_is_the_message_id_and_chinese_comes_from_the_catalogue():
    assert _("What I have stored for this chat") == "What I have stored for this chat"
    with use_language(CHINESE):
        assert _("What I have stored for this chat") == "本对话保存了哪些数据"
    assert _("What I have stored for this chat") == "What I have stored for this chat"  # the block ended


@pytest.mark.parametrize(("amount", "currency", "english", "chinese"), [
    (1234.5, "USD", "1,234.50 USD", "US$1,234.50"),
    (1234.5, "CNY", "1,234.50 CNY", "¥1,234.50"),
    (-0.5, "EUR", "-0.50 EUR", "-€0.50"),
    (1000, "JPY", "1,000.00 JPY", "JP¥1,000.00"),  # cents kept, as the shop's exports have them
    (2.675, None, f"{2.675:,.2f}", f"{2.675:,.2f}"),  # rounded as before: the float just under 2.675
])
def test_money_reads_as_each_language_writes_it(amount, currency, english, chinese):
    assert money(amount, currency) == english
    with use_language(CHINESE):
        assert money(amount, currency) == chinese


def test_the_english_finder_sees_english_and_lets_names_and_data_through():
    assert english_left("<b>你好</b> /segments 12,345 Shopify CSV 90%") == []
    assert english_left("共 3 位客户 Ann Lee", data=("Ann Lee",)) == []
    assert english_left("Revenue 营业额") == ["Revenue"]


def test_no_module_that_translates_rebinds_underscore():
    """`token, _, index = ...` in a module that imports _() breaks every reply after it (found in review)."""
    import ast

    rebound = []
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text())
        if not any(isinstance(node, ast.ImportFrom) and node.module == "bot.i18n" and any(a.name == "_" for a in node.names)
                   for node in ast.walk(tree)):
            continue
        rebound += [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
                    if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)]
    assert rebound == []
