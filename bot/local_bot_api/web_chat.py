"""The web chat: a page served by the local Bot API, where a person plays the Telegram user.

The bot does not know it is talking to a page: it polls and sends through the Bot API as it
would with Telegram, and the page only shows what the bot sent into one chat (the web user's)
and puts that user's messages, files and button presses into `getUpdates`. So what the page
shows is what Telegram would get.

Safety: the page is for the person at the machine. On loopback the Host header must name
loopback (a web page elsewhere cannot reach it by DNS rebinding); on any other address every
request needs the key printed with the URL. Every POST must carry an X-ShopPulse header,
which a page from another origin cannot send without a CORS preflight this server never
grants, so another site cannot type into the chat. No route takes a chat id: the page can only
ever see the web user's chat.

Language: the page tells the server the browser's language (navigator.language), which the web
user's updates then carry as Telegram's language_code, so a Chinese browser is answered in
Chinese as a Chinese Telegram app would be. The page's own words (PAGE_WORDS) come from the
bot's catalogue in the chat's language: the one picked with /language (through `language_of`,
which `shoppulse run` wires to the chat's stored choice), else the browser's.
"""

from __future__ import annotations

import hmac
import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote, urlparse

from bot.i18n import MENU_LANGUAGE_CODES, N_, _, language_for, use_language
from bot.local_bot_api.demo_shop import DEMO_FILE_NAME, demo_shop_zip

if TYPE_CHECKING:
    from bot.local_bot_api.server import LocalBotApi

WEB_USER_ID = 1  # the web chat's user and its private chat: the history it uploads is kept under this id
STATIC = Path(__file__).with_name("web")
PUBLIC_FILES = {"/chat.js": "chat.js", "/chat.css": "chat.css"}
MAX_TEXT = 4096  # what Telegram lets a user type in one message
MAX_JSON = 64 * 1024
MAX_KEPT_UPLOAD = 64 * 1024 * 1024  # bigger files are announced with their size only: the bot refuses them unread
LONG_POLL_SECONDS = 25
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
# The page's own words (web/index.html holds the same in English, shown until the first answer).
PAGE_WORDS = {
    "connecting": N_("connecting…"),
    "running": N_("bot is running"),
    "unreachable": N_("bot is not reachable: is `make run` still running?"),
    "local": N_("on this computer"),
    "local_title": N_("Nothing leaves this computer: the bot runs here, without Telegram"),
    "intro_title": N_("This is ShopPulse, running on your computer."),
    "intro_body": N_("It is the same bot as in Telegram: send it your shop's order export (📎 or drop the file here) "
                     "and ask it about your customers."),
    "intro_demo": N_("No export at hand? Try a demo shop: a year of orders from a small Shopify and Etsy shop, "
                     "with reviews."),
    "start": N_("Start"),
    "demo": N_("🛍️ Try a demo shop"),
    "typing": N_("ShopPulse is typing…"),
    "commands": N_("Commands"),
    "send_file": N_("Send a file"),
    "placeholder": N_("Message or /command"),
    "send": N_("Send"),
    "drop": N_("Drop your export to send it"),
    "edited": N_("edited"),
    "chart": N_("chart"),
}
# What a browser that reached the server the wrong way reads, in its own language (Accept-Language).
WRONG_ADDRESS = N_("This address is not the one ShopPulse printed.")
KEY_NEEDED = N_("Open the page with the link ShopPulse printed when it started (it carries a key).")
PAGE_ONLY = N_("Use the page to talk to the bot.")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class WebChat:
    """The page's settings: whose chat it shows and the key it demands (None on loopback)."""

    chat_id: int = WEB_USER_ID
    key: str | None = None
    # The chat's language from the browser's language_code: its /language choice first, if wired
    language_of: Callable[[str | None], str] = field(default=language_for, compare=False)

    def handle(self, handler: BaseHTTPRequestHandler, api: LocalBotApi, method: str) -> None:
        """Answer one request for the page or its API."""
        url = urlparse(handler.path)
        query = {name: values[-1] for name, values in parse_qs(url.query).items()}
        path = unquote(url.path)
        if not self._host_allowed(handler.headers.get("Host", "")):
            _refuse(handler, 421, WRONG_ADDRESS)
            return
        if path in PUBLIC_FILES and method == "GET":
            _static(handler, PUBLIC_FILES[path])  # the page's code holds no data and no key
            return
        if not self._key_matches(query.get("key") or handler.headers.get("X-ShopPulse-Key", "")):
            _refuse(handler, 403, KEY_NEEDED)
            return
        if method == "GET" and path == "/":
            _static(handler, "index.html")
        elif method == "GET" and path == "/api/events":
            self._events(handler, api, query)
        elif method == "GET" and path.startswith("/api/files/"):
            self._file(handler, api, path.removeprefix("/api/files/"))
        elif method == "POST" and handler.headers.get("X-ShopPulse") != "chat":
            _refuse(handler, 403, PAGE_ONLY)
        elif method == "POST" and path in ("/api/text", "/api/press"):
            self._post_json(handler, api, path)
        elif method == "POST" and path == "/api/upload":
            self._upload(handler, api)
        elif method == "POST" and path == "/api/demo":
            _drain(handler)
            api.send_document(self.chat_id, DEMO_FILE_NAME, demo_shop_zip(), mime_type="application/zip")
            _json(handler, 200, {"ok": True})
        else:
            _drain(handler)
            _text(handler, 404, "Not found.")

    def _host_allowed(self, host: str) -> bool:
        if self.key is not None:
            return True  # reached on another address on purpose; the key guards it
        name = urlparse(f"//{host}").hostname or ""
        return name in LOOPBACK_NAMES

    def _key_matches(self, given: str) -> bool:
        return self.key is None or hmac.compare_digest(given.encode(), self.key.encode())

    def _events(self, handler: BaseHTTPRequestHandler, api: LocalBotApi, query: dict[str, str]) -> None:
        try:
            after = int(query.get("after", "0"))
            wait = min(float(query.get("wait", "0")), LONG_POLL_SECONDS)
        except ValueError:
            _text(handler, 400, "after and wait are numbers.")
            return
        browser = query.get("lang", "")[:35] or None
        if browser:
            api.language_codes[self.chat_id] = browser  # the web user's updates carry it, as Telegram's would
        events = api.events(self.chat_id, after=after, timeout=wait)
        language = self._language(browser)
        with use_language(language):
            words = {name: _(text) for name, text in PAGE_WORDS.items()}
        commands = api.commands_by_language.get(MENU_LANGUAGE_CODES.get(language) or "") or api.commands
        _json(handler, 200, {"events": [{k: v for k, v in e.items() if k != "chat_id"} for e in events],
                             "commands": commands, "language": language, "words": words})

    def _said(self, api: LocalBotApi, text: str) -> str:
        """What the page shows in its toast, in the chat's language."""
        with use_language(self._language(api.language_codes.get(self.chat_id))):
            return _(text)

    def _language(self, browser: str | None) -> str:
        try:
            return self.language_of(browser)
        except Exception:  # the chat's choice cannot be read (no database yet): the browser's
            return language_for(browser)

    def _file(self, handler: BaseHTTPRequestHandler, api: LocalBotApi, file_id: str) -> None:
        found = api.chat_file(self.chat_id, file_id)
        if found is None:
            _text(handler, 404, "No such file in this chat.")
            return
        name, content = found
        if content.startswith(b"\x89PNG"):
            handler._reply(200, content, "image/png", SECURITY_HEADERS)
            return
        disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        handler._reply(200, content, kind, {**SECURITY_HEADERS, "Content-Disposition": disposition})

    def _post_json(self, handler: BaseHTTPRequestHandler, api: LocalBotApi, path: str) -> None:
        length = int(handler.headers.get("Content-Length", 0) or 0)
        if length > MAX_JSON:
            _drain(handler)
            _text(handler, 413, "Too long.")
            return
        try:
            body = json.loads(handler.rfile.read(length) or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            _text(handler, 400, "Send JSON.")
            return
        if path == "/api/text":
            text = str(body.get("text", "")).strip()
            if not text or len(text) > MAX_TEXT:
                _text(handler, 400, self._said(api, N_("A message has 1 to {limit} characters.")).format(limit=MAX_TEXT))
                return
            api.send_text(self.chat_id, text)
        else:
            message = api.message(self.chat_id, int(body.get("message_id", 0) or 0))
            data = str(body.get("data", ""))
            if message is None or data not in [b.get("callback_data") for b in message.buttons()]:
                _text(handler, 409, self._said(api, N_("That button is gone; the message has changed.")))
                return
            api.press_button(message, data)
        _json(handler, 200, {"ok": True})

    def _upload(self, handler: BaseHTTPRequestHandler, api: LocalBotApi) -> None:
        name = Path(unquote(handler.headers.get("X-File-Name", "") or "file")).name or "file"
        length = int(handler.headers.get("Content-Length", 0) or 0)
        if length > MAX_KEPT_UPLOAD:  # Telegram would take it; the bot then refuses it by its size
            _drain(handler)
            api.send_document(self.chat_id, name, b"", declared_size=length, mime_type=_mime(name))
        else:
            api.send_document(self.chat_id, name, handler.rfile.read(length), mime_type=_mime(name))
        _json(handler, 200, {"ok": True})


def _mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _drain(handler: BaseHTTPRequestHandler) -> None:
    """Read the request body away, so the connection stays usable for the next request."""
    remaining = int(handler.headers.get("Content-Length", 0) or 0)
    while remaining > 0:
        chunk = handler.rfile.read(min(remaining, 1 << 20))
        if not chunk:
            return
        remaining -= len(chunk)


def _static(handler: BaseHTTPRequestHandler, name: str) -> None:
    kind = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
            "css": "text/css; charset=utf-8"}[name.rsplit(".", 1)[1]]
    handler._reply(200, (STATIC / name).read_bytes(), kind, SECURITY_HEADERS)


def _json(handler: BaseHTTPRequestHandler, status: int, payload: dict) -> None:
    handler._reply(status, json.dumps(payload).encode(), "application/json", SECURITY_HEADERS)


def _refuse(handler: BaseHTTPRequestHandler, status: int, text: str) -> None:
    """A refusal in the browser's first language (no chat is known yet to take a /language choice from)."""
    first = (handler.headers.get("Accept-Language") or "").split(",")[0].split(";")[0].strip()
    with use_language(language_for(first)):
        _text(handler, status, _(text))


def _text(handler: BaseHTTPRequestHandler, status: int, text: str) -> None:
    handler._reply(status, text.encode(), "text/plain; charset=utf-8", SECURITY_HEADERS)
