"""The local Bot API: a real HTTP server (127.0.0.1 unless told otherwise) that speaks Telegram's protocol.

It speaks the wire protocol python-telegram-bot uses (form and multipart bodies, the
{"ok", "result"} envelope, Telegram's error bodies and limits) for the methods this bot calls,
and plays the user's side: messages, documents and button presses go into `getUpdates`, and
what the bot sent can be read back. Two clients use it: the end-to-end tests, which can also
inject faults per method (429 with retry_after, 502, a dropped connection) to test what the
bot does when Telegram misbehaves; and the web chat (`web_chat.py`), the product's
no-token mode, which serves a page from the same server so a person plays the user's side.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import html
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

if TYPE_CHECKING:
    from bot.local_bot_api.web_chat import WebChat

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO = 10 * 1024 * 1024
MAX_POLL_SECONDS = 30
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")

BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "ShopPulse Test",
    "username": "shoppulse_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class Fault:
    """An injected failure for the next `times` calls of one method."""

    kind: str  # "retry_after", "bad_gateway", "drop", "stall" (answer late, after the client timed out)
    times: int = 1
    retry_after: int = 1


@dataclass
class Sent:
    """One thing the bot did in a chat: a message, an edit, a photo, a document."""

    method: str
    chat_id: int
    message_id: int
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: dict | None = None
    file_name: str | None = None
    content: bytes | None = None
    at: float = field(default_factory=time.monotonic)

    def buttons(self) -> list[dict]:
        """Every inline button under this message, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button_data(self, label: str) -> str:
        """The callback data of the button whose text contains `label`, as a tap would send it."""
        return next(button["callback_data"] for button in self.buttons() if label in button["text"])


class LocalBotApi:
    """The stand-in server; use as a context manager or call start()/stop()."""

    def __init__(
        self, token: str = "123456:TEST-TOKEN-local-stand-in", *, host: str = "127.0.0.1", port: int = 0,
        web: WebChat | None = None,
    ) -> None:
        self.token = token
        self.host = host
        self._port = port
        self.web = web
        self._events: list[dict] = []
        self._event_ids = itertools.count(1)
        self._callback_chats: dict[str, int] = {}
        self._lock = threading.Condition()
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._files: dict[str, tuple[str, bytes]] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._faults: dict[str, list[Fault]] = {}
        self._blocked: set[int] = set()
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict]] = []
        self.commands: list[dict] = []  # the default menu
        self.commands_by_language: dict[str, list[dict]] = {}  # setMyCommands with a language_code
        self.language_codes: dict[int, str] = {}  # user id -> the language_code their updates carry
        self.callback_answers: list[dict] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> LocalBotApi:
        api = self

        class Handler(_Handler):
            stand_in = api

        server_class = _IPv6Server if ":" in self.host else ThreadingHTTPServer
        self._server = server_class((self.host, self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            with self._lock:
                self._lock.notify_all()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LocalBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the stand-in first"
        return self._server.server_address[1]

    @property
    def origin(self) -> str:
        """Where this machine reaches the server: loopback when it listens on every address."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else "[::1]" if self.host == "::" else self.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/bot"

    @property
    def file_base_url(self) -> str:
        return f"{self.origin}/file/bot"

    # -- the user's side ------------------------------------------------------------------------

    def send_text(self, chat_id: int, text: str, *, user_id: int | None = None, chat_type: str = "private") -> dict:
        """A user types `text`; a leading /command gets its bot_command entity, as Telegram does."""
        message = self._user_message(chat_id, user_id, chat_type)
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        self._log_event(chat_id, "message", message)
        return self._push({"message": message})

    def send_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        user_id: int | None = None,
        mime_type: str = "text/csv",
        declared_size: int | None = None,
        chat_type: str = "private",
    ) -> dict:
        """A user drops a file in the chat; `declared_size` can claim a size other than the real one."""
        file_id = f"DOC{next(self._file_ids)}"
        with self._lock:
            self._files[file_id] = (file_name, content)
        message = self._user_message(chat_id, user_id, chat_type)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id + "u",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content) if declared_size is None else declared_size,
        }
        self._log_event(chat_id, "message", message)
        return self._push({"message": message})

    def send_photo(self, chat_id: int, *, user_id: int | None = None) -> dict:
        """A user sends a picture (not as a file)."""
        file_id = f"PH{next(self._file_ids)}"
        message = self._user_message(chat_id, user_id, "private")
        message["photo"] = [{"file_id": file_id, "file_unique_id": file_id + "u", "width": 90, "height": 90}]
        return self._push({"message": message})

    def press_button(self, sent: Sent, callback_data: str, *, user_id: int | None = None) -> dict:
        """A user taps the inline button with `callback_data` under a message the bot sent."""
        with self._lock:
            message = dict(self._messages[(sent.chat_id, sent.message_id)])
        user = self._user(user_id or sent.chat_id)
        query_id = f"CB{next(self._file_ids)}"
        with self._lock:
            self._callback_chats[query_id] = sent.chat_id
        query = {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": str(sent.chat_id),
            "data": callback_data,
        }
        return self._push({"callback_query": query})

    # -- watching the bot ---------------------------------------------------------------------

    def mark(self) -> int:
        """A position in the log of sent things; wait_for(..., since=mark) looks only after it."""
        with self._lock:
            return len(self.sent)

    def wait_for(
        self, predicate: Callable[[Sent], bool], *, since: int = 0, timeout: float = 30.0
    ) -> Sent:
        """Block until the bot has sent something matching `predicate`; fail after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for item in self.sent[since:]:
                    if predicate(item):
                        return item
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(s.method, (s.text or s.caption or s.file_name or "")[:80]) for s in self.sent[since:]]
                    raise TimeoutError(f"the bot sent nothing matching within {timeout}s; it sent {seen}")
                self._lock.wait(remaining)

    async def await_for(self, predicate: Callable[[Sent], bool], *, since: int = 0, timeout: float = 30.0) -> Sent:
        """wait_for from async code, without blocking the bot's event loop."""
        return await asyncio.to_thread(self.wait_for, predicate, since=since, timeout=timeout)

    def sent_to(self, chat_id: int) -> list[Sent]:
        with self._lock:
            return [item for item in self.sent if item.chat_id == chat_id]

    def inject(self, method: str, kind: str, *, times: int = 1, retry_after: int = 1) -> None:
        """Make the next `times` calls of `method` fail: "retry_after" (429), "bad_gateway" (502), "drop",
        or "stall" (processed, but answered `retry_after` seconds late, so the client times out)."""
        with self._lock:
            self._faults.setdefault(method, []).append(Fault(kind, times, retry_after))

    def block(self, chat_id: int) -> None:
        """The user of this private chat blocks the bot: every send to it answers 403."""
        with self._lock:
            self._blocked.add(chat_id)

    # -- the bot's side: one function per Bot API method --------------------------------------------

    def call(self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        with self._lock:
            self.calls.append((method, {k: v for k, v in params.items()}))
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(params, files)

    def take_fault(self, method: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(method)
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault

    def _api_getMe(self, params, files):
        return BOT_USER

    def _api_deleteWebhook(self, params, files):
        return True

    def _api_setMyCommands(self, params, files):
        commands = _json_param(params, "commands")
        for command in commands:
            if not _COMMAND_NAME.match(command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        with self._lock:
            if params.get("language_code"):
                self.commands_by_language[params["language_code"]] = commands
            else:
                self.commands = commands
        return True

    def _api_sendChatAction(self, params, files):
        self._log_event(_int_param(params, "chat_id"), "action", {"action": params.get("action", "typing")})
        return True

    def _api_answerCallbackQuery(self, params, files):
        with self._lock:
            self.callback_answers.append(params)
            chat_id = self._callback_chats.pop(params.get("callback_query_id", ""), None)
        if chat_id is not None and params.get("text"):
            self._log_event(chat_id, "notice", {"text": params["text"]})
        return True

    def _api_getUpdates(self, params, files):
        offset = int(params.get("offset", 0) or 0)
        timeout = min(float(params.get("timeout", 0) or 0), MAX_POLL_SECONDS)
        deadline = time.monotonic() + timeout
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline and self._server is not None:
                self._lock.wait(deadline - time.monotonic())
            limit = int(params.get("limit", 100) or 100)
            return self._updates[:limit]

    def _api_sendMessage(self, params, files):
        chat_id = _int_param(params, "chat_id")
        text = params.get("text", "")
        _check_text(text, params.get("parse_mode"), MAX_TEXT, "message is too long", "message text is empty")
        _check_buttons(params)
        return self._record("sendMessage", chat_id, params, text=text)

    def _api_editMessageText(self, params, files):
        chat_id = _int_param(params, "chat_id")
        message_id = int(params.get("message_id", 0))
        text = params.get("text", "")
        _check_text(text, params.get("parse_mode"), MAX_TEXT, "message is too long", "message text is empty")
        _check_buttons(params)
        with self._lock:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup")
            if message.get("text") == text and markup is None:
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply "
                    "markup are exactly the same as a current content and reply markup of the message",
                )
        return self._record("editMessageText", chat_id, params, text=text, message_id=message_id)

    def _api_sendPhoto(self, params, files):
        chat_id = _int_param(params, "chat_id")
        name, content = _file_param(files, "photo")
        if len(content) > MAX_PHOTO:
            raise ApiError(400, "Bad Request: PHOTO_SAVE_FILE_INVALID")
        if not content.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        _check_text(params.get("caption", ""), params.get("parse_mode"), MAX_CAPTION, "message caption is too long", None)
        return self._record("sendPhoto", chat_id, params, caption=params.get("caption"), file_name=name, content=content)

    def _api_sendDocument(self, params, files):
        chat_id = _int_param(params, "chat_id")
        name, content = _file_param(files, "document")
        if len(content) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        _check_text(params.get("caption", ""), params.get("parse_mode"), MAX_CAPTION, "message caption is too long", None)
        return self._record(
            "sendDocument", chat_id, params, caption=params.get("caption"), file_name=name, content=content
        )

    def _api_getFile(self, params, files):
        file_id = params.get("file_id", "")
        with self._lock:
            stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        name, content = stored
        if len(content) > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": file_id + "u",
            "file_size": len(content),
            "file_path": f"documents/{file_id}_{name}",
        }

    def download(self, file_path: str) -> bytes | None:
        """The bytes behind a getFile path, as GET /file/bot<token>/<path> serves them."""
        file_id = file_path.removeprefix("documents/").split("_", 1)[0]
        with self._lock:
            stored = self._files.get(file_id)
        return None if stored is None else stored[1]

    # -- bookkeeping --------------------------------------------------------------------------

    def _record(self, method: str, chat_id: int, params: dict, *, message_id: int | None = None, **fields) -> dict:
        with self._lock:
            if chat_id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        markup = _json_param(params, "reply_markup") if params.get("reply_markup") else None
        with self._lock:
            if message_id is None:
                message_id = next(self._message_ids)
                message = {"message_id": message_id, "date": int(time.time()), "chat": _chat(chat_id), "from": BOT_USER}
            else:
                message = dict(self._messages[(chat_id, message_id)])
                message["edit_date"] = int(time.time())
            if fields.get("text") is not None:
                message["text"] = fields["text"]
            if fields.get("caption"):
                message["caption"] = fields["caption"]
            if markup is not None:
                message["reply_markup"] = markup
            elif method == "editMessageText":
                message.pop("reply_markup", None)  # as in Telegram: an edit without a keyboard removes it
            if method == "sendPhoto":
                message["photo"] = [{"file_id": f"P{message_id}", "file_unique_id": f"P{message_id}u",
                                     "width": 900, "height": 1125, "file_size": len(fields["content"])}]
                self._files[f"P{message_id}"] = (fields["file_name"], fields["content"])
            if method == "sendDocument":
                message["document"] = {"file_id": f"D{message_id}", "file_unique_id": f"D{message_id}u",
                                       "file_name": fields["file_name"], "mime_type": "text/csv",
                                       "file_size": len(fields["content"])}
                self._files[f"D{message_id}"] = (fields["file_name"], fields["content"])
            self._messages[(chat_id, message_id)] = message
            # parse_mode is not a field of Telegram's Message (it sends entities); the web chat renders by it
            self._log_event(chat_id, "message", {**message, "parse_mode": params.get("parse_mode")})
            self.sent.append(Sent(method, chat_id, message_id, parse_mode=params.get("parse_mode"),
                                  reply_markup=markup, **fields))
            self._lock.notify_all()
            return message

    def _log_event(self, chat_id: int, kind: str, payload: dict) -> None:
        """What a chat's window would show next: a message (new or edited), a notice, "typing…"."""
        with self._lock:
            self._events.append({"id": next(self._event_ids), "chat_id": chat_id, "kind": kind,
                                 "payload": json.loads(json.dumps(payload))})
            self._lock.notify_all()

    def events(self, chat_id: int, *, after: int = 0, timeout: float = 0.0) -> list[dict]:
        """One chat's events after `after`, waiting up to `timeout` seconds for the first."""
        deadline = time.monotonic() + min(timeout, MAX_POLL_SECONDS)
        with self._lock:
            while True:
                found = [e for e in self._events if e["id"] > after and e["chat_id"] == chat_id]
                remaining = deadline - time.monotonic()
                if found or remaining <= 0 or self._server is None:
                    return found
                self._lock.wait(remaining)

    def chat_file(self, chat_id: int, file_id: str) -> tuple[str, bytes] | None:
        """A file the bot sent into `chat_id` (never one from another chat)."""
        with self._lock:
            for (chat, _), message in self._messages.items():
                if chat != chat_id:
                    continue
                attached = [message.get("document") or {}] + list(message.get("photo") or [])
                if any(item.get("file_id") == file_id for item in attached):
                    return self._files.get(file_id)
        return None

    def message(self, chat_id: int, message_id: int) -> Sent | None:
        """The bot's message as it stands now, to press one of its buttons."""
        with self._lock:
            message = self._messages.get((chat_id, message_id))
        if message is None:
            return None
        return Sent("sendMessage", chat_id, message_id, text=message.get("text"), reply_markup=message.get("reply_markup"))

    def _user_message(self, chat_id: int, user_id: int | None, chat_type: str) -> dict:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id, chat_type),
            "from": self._user(user_id or chat_id),
        }

    def _user(self, user_id: int) -> dict:
        """The sender of an update, with the language_code their Telegram app would send, if set."""
        user = _user(user_id)
        if user_id in self.language_codes:
            user["language_code"] = self.language_codes[user_id]
        return user

    def _push(self, update: dict) -> dict:
        with self._lock:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._lock.notify_all()
        return update


class _Handler(BaseHTTPRequestHandler):
    """HTTP plumbing: route, decode the body as PTB sends it, answer in Telegram's envelope."""

    stand_in: LocalBotApi
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the URLs carry the token
        return

    def do_GET(self) -> None:
        path = unquote(urlparse(self.path).path)
        if self.stand_in.web is not None and not path.startswith("/file/"):
            self.stand_in.web.handle(self, self.stand_in, "GET")
            return
        prefix = f"/file/bot{self.stand_in.token}/"
        if path.startswith(prefix):
            content = self.stand_in.download(path[len(prefix):])
            if content is not None:
                self._reply(200, content, "application/octet-stream")
                return
        self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def do_POST(self) -> None:
        path = urlparse(self.path).path
        prefix = f"/bot{self.stand_in.token}/"
        length = int(self.headers.get("Content-Length", 0) or 0)
        if self.stand_in.web is not None and not path.startswith("/bot"):
            self.stand_in.web.handle(self, self.stand_in, "POST")
            return
        body = self.rfile.read(length) if length else b""
        if not path.startswith("/bot"):
            self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        if not path.startswith(prefix):
            self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = path[len(prefix):]
        fault = self.stand_in.take_fault(method)
        if fault is not None and fault.kind != "stall" and self._fail(fault):
            return
        try:
            params, files = _decode_body(self.headers.get("Content-Type", ""), body)
            result = self.stand_in.call(method, params, files)
        except ApiError as error:
            payload = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
            self._json(error.status, payload)
            return
        if fault is not None:
            time.sleep(fault.retry_after)  # a stall: processed (and recorded) at once, answered late
        self._json(200, {"ok": True, "result": result})

    def _fail(self, fault: Fault) -> bool:
        if fault.kind == "retry_after":
            self._json(429, {"ok": False, "error_code": 429,
                             "description": f"Too Many Requests: retry after {fault.retry_after}",
                             "parameters": {"retry_after": fault.retry_after}})
        elif fault.kind == "bad_gateway":
            self._json(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
        elif fault.kind == "drop":
            self.close_connection = True
            self.connection.close()
        else:
            return False
        return True

    def _json(self, status: int, payload: dict) -> None:
        self._reply(status, json.dumps(payload).encode(), "application/json")

    def _reply(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the bot hung up (it is shutting down); nothing to answer


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _decode_body(content_type: str, body: bytes) -> tuple[dict, dict[str, tuple[str, bytes]]]:
    """Form-urlencoded, multipart or JSON parameters, as strings, and uploaded files by field name."""
    if not body:
        return {}, {}
    if content_type.startswith("application/json"):
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(body).items()}, {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        params: dict[str, str] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[name] = (part.get_filename(), payload)
            else:
                params[name] = payload.decode("utf-8")
        return params, files
    parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    return {key: values[-1] for key, values in parsed.items()}, {}


_HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
              "tg-spoiler", "tg-emoji", "blockquote"}
_HTML_TAG = re.compile(r"<(/?)([^\s>/]*)[^>]*>")


def _check_html(text: str) -> None:
    """Refuse what Telegram's HTML parser refuses: an unknown or stray tag, a tag left open or
    closed out of order (error wording as Telegram's own)."""
    stray = _HTML_TAG.sub(lambda match: " " * len(match.group(0)), text).find("<")
    if stray >= 0:
        raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"\" at byte offset "
                            f"{len(text[:stray].encode())}")
    stack: list[str] = []
    for match in _HTML_TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        offset = len(text[: match.start()].encode())
        if name not in _HTML_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {offset}")
        if not closing:
            stack.append(name)
        elif not stack:
            raise ApiError(400, f"Bad Request: can't parse entities: Unexpected end tag at byte offset {offset}")
        elif stack[-1] != name:
            raise ApiError(400, f"Bad Request: can't parse entities: Unmatched end tag at byte offset {offset}, "
                                f"expected \"</{stack[-1]}>\", found \"</{name}>\"")
        else:
            stack.pop()
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag {stack[-1]}")


def _check_text(text: str, parse_mode: str | None, limit: int, too_long: str, empty: str | None) -> None:
    if parse_mode == "HTML":
        _check_html(text)
    visible = html.unescape(re.sub(r"<[^>]+>", "", text)) if parse_mode == "HTML" else text
    if empty and not visible.strip():
        raise ApiError(400, f"Bad Request: {empty}")
    if len(visible) > limit:
        raise ApiError(400, f"Bad Request: {too_long}")


def _check_buttons(params: dict) -> None:
    """Telegram refuses an inline button without visible text or with callback data outside
    1-64 bytes, and the whole message with it (the exact wording of its error is unconfirmed)."""
    markup = _json_param(params, "reply_markup") if params.get("reply_markup") else None
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: can't parse inline keyboard button: text must be non-empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _int_param(params: dict, name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, ValueError) as error:
        raise ApiError(400, f"Bad Request: {name} is empty" if name not in params else "Bad Request: chat not found") from error


def _json_param(params: dict, name: str) -> Any:
    try:
        return json.loads(params[name])
    except (KeyError, json.JSONDecodeError) as error:
        raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from error


def _file_param(files: dict, name: str) -> tuple[str, bytes]:
    if name not in files:
        raise ApiError(400, f"Bad Request: there is no {name} in the request")
    return files[name]


def _chat(chat_id: int, chat_type: str = "private") -> dict:
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
    return {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}


def _user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
