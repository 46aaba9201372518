"""Finds English left in what a Chinese owner reads.

What is not the bot's own words is taken out first: HTML tags, /commands, numbers, amounts and
dates, the names of platforms, file types and tools an owner sees in their own apps, and the
shop's own data (customer names, e-mails, products, file names) that a test passes in.
"""

from __future__ import annotations

import html
import re

# Names a Chinese owner reads in Latin letters in their own apps too.
NAMES = {
    "ShopPulse", "CSV", "Excel", "RFM", "K-Means", "BG/NBD", "Gamma-Gamma", "VADER", "AUC", "ROC", "Brier",
    "P(alive)", "Shopify", "WooCommerce", "Etsy", "Stripe", "Square", "Amazon", "PayPal", "Gumroad", "eBay",
    "Judge.me", "Yotpo", "Loox", "Okendo", "UTC", "English", "ID", "zip", "Telegram", "HH:MM", "off", "MB", "R", "F", "M",
    "Fader", "Hardie", "Lee",  # the authors of BG/NBD, cited under "How is this worked out?"
    "PDF", "PNG", "JPEG", "GIF", "RAR", "7-Zip", "Word", "TXT", "xlsx", "xls", "gz",  # file types
}
_TAG = re.compile(r"<[^>]+>")
_COMMAND = re.compile(r"/[a-z_]+(?:@\w+)?")
_ZONE = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b")  # Europe/Berlin
_PARAMETER = re.compile(r"\b[a-z]=[-\d.e]+")  # a model's fitted parameter: r=0.376
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def english_left(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """The Latin-letter words in `text` once tags, commands, names and the shop's `data` are
    taken out; [] when the owner reads only Chinese (and numbers, names, data)."""
    text = html.unescape(_TAG.sub(" ", text))
    for value in sorted(data, key=len, reverse=True):  # longest first: a name inside an e-mail
        if value:
            text = text.replace(value, " ")
    text = _COMMAND.sub(" ", text)
    text = _ZONE.sub(" ", text)
    text = _PARAMETER.sub(" ", text)
    for name in sorted(NAMES, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    text = re.sub(r"\b(?:[A-Z]{3}|US\$|HK\$|JP¥|R[1-5]|F[1-5]|M[1-5])\b", " ", text)  # currency codes, RFM scores
    return _WORD.findall(text)
