"""Soak: `shoppulse run` under several chats at once, hostile files, doubled buttons and kill -9.

    nice -n 10 .venv/bin/python -m bench.soak --minutes 20

Starts the real process (`python -m bot.cli run`) against the local Bot API on 127.0.0.1 and
drives several chats at once with random good exports (generated shops and the platform
fixtures), hostile files (tests/helpers/nasty_files.py), commands, /undo with its button pressed
once, twice at once, or long after (stale). Meanwhile it kills worker processes and the bot
itself with SIGKILL and starts the bot again; every chat's digest slot is set to pass during
the run. At the end it checks, from the database file itself:
- every upload the bot confirmed (and did not confirm undoing) is stored, every refused one
  is not, and the stored order ids are exactly those of the stored uploads' files;
- the digest went out exactly once for every chat whose slot passed;
- no worker or resource tracker outlived a killed bot; every chat still answers;
- `PRAGMA integrity_check` is ok.
It prints operations, faults injected, the counts above and the peak memory (PSS) of the bot
and its workers. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dtm
import functools
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analytics.ingest import read_export
from bot.local_bot_api import LocalBotApi
from bot.service.workers import process_alive, process_tree
from tests.helpers import nasty_files, platform_exports
from tests.helpers.shop import generic_orders_csv

OUT = Path(__file__).resolve().parent / "out"  # git-ignored
CHATS = [5001, 5002, 5003, 5004]
DIGEST = "weekly ShopPulse digest"
DIGEST_CHART = "Revenue by week"
COMMANDS = ["/segments", "/churn", "/value", "/stats", "/uploads", "/sentiment", "/basket", "/recommend", "/help"]
PLATFORM_FILES = {
    "shopify.csv": platform_exports.shopify_orders,
    "woocommerce.csv": platform_exports.woocommerce_aoe,
    "stripe.csv": platform_exports.stripe_payments,
    "square.csv": platform_exports.square_items,
    "gumroad.csv": platform_exports.gumroad_sales,
    "amazon.txt": platform_exports.amazon_orders,
    "ebay.csv": platform_exports.ebay_orders,
}
OP_TIMEOUT = 300  # an answer may wait for a restart of the bot and a cold start of its workers
RESTART_GRACE = 120  # after a kill -9 of the bot, an operation it was doing may never be answered
LAST_ANSWER_QUIET = 45  # a doubled press with one answer: the second would have come by then
QUIET = 2.5  # a chat is settled when nothing changed for this long and no step is in progress


@dataclass
class Tally:
    operations: Counter = field(default_factory=Counter)
    faults: Counter = field(default_factory=Counter)
    unanswered: list = field(default_factory=list)
    interrupted: list = field(default_factory=list)  # unanswered because the bot was killed under them
    unknown_outcome: set = field(default_factory=set)  # (chat, file) whose undo was pressed, then the bot killed
    inputs: list = field(default_factory=list)  # (monotonic time, chat, what the owner did), for the transcript
    confirmed: dict = field(default_factory=dict)  # (chat, file) -> "stored" | "refused" | "undone"
    undo_extra: int = 0  # uploads removed beyond the one the owner confirmed (a double tap)
    orphans: list = field(default_factory=list)  # still alive two minutes after the bot was killed
    late_exits: list = field(default_factory=list)  # seconds until the last of a killed bot's processes was gone
    crashes: list = field(default_factory=list)  # (start number, exit code) of bots that died unkilled
    peak_mb: float = 0.0
    digest_slots: dict = field(default_factory=dict)  # chat -> slot (UTC)
    bot_pid: int | None = None


class Bot:
    """The `shoppulse run` process, restartable."""

    def __init__(self, api: LocalBotApi, folder: Path) -> None:
        self.api, self.folder, self.process, self.epoch = api, folder, None, 0
        self.started_at = time.monotonic()
        self.events: list = []  # (monotonic time, fault), for the transcript
        self.db_path = folder / "data" / "shop.db"

    def start(self) -> None:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": self.api.token, "TELEGRAM_API_BASE_URL": self.api.base_url,
               "TELEGRAM_FILE_BASE_URL": self.api.file_base_url, "SHOPPULSE_DB": str(self.db_path),
               "SHOPPULSE_ALLOWED_USERS": ",".join(map(str, CHATS)), "SHOPPULSE_TIMEZONE": "UTC",
               "PYTHONPATH": str(Path(__file__).resolve().parent.parent), "NO_PROXY": "127.0.0.1"}
        self.log = open(self.folder / f"bot-{self.epoch}.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=self.folder, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.epoch += 1
        self.started_at = time.monotonic()

    def workers(self) -> list[int]:
        return [pid for pid in process_tree(self.process.pid)[1:] if "resource_tracker" not in _cmdline(pid)]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except FileNotFoundError:
        return ""


def _pss_mb(root: int) -> float:
    total = 0
    for pid in process_tree(root):
        try:
            for line in open(f"/proc/{pid}/smaps_rollup"):
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


@functools.cache
def _nasty(kind: str) -> bytes:
    return nasty_files.NASTY[kind][0]()  # some take seconds to build: once each


def _order_ids(data: bytes, name: str) -> set[str]:
    """The order ids a file holds, as the readers give them (what storage keys orders by)."""
    return set(read_export(data, name).orders["order_id"].astype(str))


class Chat:
    def __init__(self, chat_id: int, api: LocalBotApi, bot: Bot, tally: Tally, rng: random.Random,
                 until: float) -> None:
        self.chat_id, self.api, self.bot, self.tally, self.rng = chat_id, api, bot, tally, rng
        self.until = until  # monotonic end of the run: the digest slot must pass before it
        self.files: dict[str, set[str]] = {}  # every good file sent: name -> its order ids
        self.stale_prompts: list = []
        self.uploads = 0

    async def settle(self, since: int) -> str | None:
        """Wait until this chat's newest message is final; its text, or None after OP_TIMEOUT.

        A kill -9 of the bot can take an update it had already fetched with it, and then no
        answer ever comes (the owner would send the command again). Such an operation stops
        waiting RESTART_GRACE after the restart and is counted apart (`self.interrupted`)."""
        deadline, epoch = time.monotonic() + OP_TIMEOUT, self.bot.epoch
        self.interrupted = False
        while time.monotonic() < deadline:
            mine = [s for s in self.api.sent[since:] if s.chat_id == self.chat_id and not _digest(s)]
            if mine and time.monotonic() - mine[-1].at > QUIET:
                text = mine[-1].text or mine[-1].caption or ""
                if not text.rstrip().endswith("…"):
                    return text
            if self.bot.epoch != epoch and time.monotonic() - self.bot.started_at > RESTART_GRACE:
                self.interrupted = True
                return None
            await asyncio.sleep(0.5)
        return None

    async def answers_to(self, prompt, presses: int, since: int) -> list[str] | None:
        """The final answers (edits of the question) to `presses` presses of its button; None if
        none came. Each press is answered, though not in the order pressed; a second answer the
        same as the first is no edit (Telegram refuses it), so after one answer, a long quiet ends."""
        deadline, epoch = time.monotonic() + OP_TIMEOUT, self.bot.epoch
        self.interrupted = False
        while time.monotonic() < deadline:
            edits = [s for s in self.api.sent[since:] if s.chat_id == self.chat_id and s.message_id == prompt.message_id
                     and s.method == "editMessageText" and not (s.text or "").rstrip().endswith("…")]
            quiet = time.monotonic() - edits[-1].at if edits else 0.0
            if edits and (len(edits) >= presses and quiet > QUIET or quiet > LAST_ANSWER_QUIET):
                return [edit.text or "" for edit in edits]
            if self.bot.epoch != epoch and time.monotonic() - self.bot.started_at > RESTART_GRACE:
                self.interrupted = True
                return None
            await asyncio.sleep(0.5)
        return None

    def _unanswered(self, label: str) -> None:
        (self.tally.interrupted if self.interrupted else self.tally.unanswered).append((self.chat_id, label))

    async def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.30 or not self.uploads:
            await self.upload_good()
        elif roll < 0.42:
            await self.upload_bad()
        elif roll < 0.60:
            await self.undo()
        else:
            await self.command(self.rng.choice(COMMANDS))

    async def upload_good(self) -> None:
        self.uploads += 1
        if self.rng.random() < 0.6:
            data = generic_orders_csv(self.rng.randint(20, 120), seed=self.rng.randint(0, 10_000))
            name = f"c{self.chat_id}-u{self.uploads}.csv"
        else:
            kind = self.rng.choice(sorted(PLATFORM_FILES))
            data, name = PLATFORM_FILES[kind](), f"c{self.chat_id}-u{self.uploads}-{kind}"
        self.files[name] = await asyncio.to_thread(_order_ids, data, name)
        text = await self._send(lambda: self.api.send_document(self.chat_id, name, data), "upload good", name)
        if text is None:
            return
        if f"✅ <b>{name}</b>" in text or f"✅ {name}" in text:
            self.tally.confirmed[(self.chat_id, name)] = "stored"
        elif "Nothing from this file was saved" in text:
            self.tally.confirmed[(self.chat_id, name)] = "refused"
        if self.uploads == 1 or self.chat_id not in self.tally.digest_slots:
            await self.schedule_digest()

    async def upload_bad(self) -> None:
        kind = self.rng.choice(sorted(nasty_files.NASTY))
        name = f"c{self.chat_id}-bad{self.rng.randint(0, 10**6)}-{kind}"
        data = await asyncio.to_thread(_nasty, kind)
        text = await self._send(lambda: self.api.send_document(self.chat_id, name, data), "upload bad", name)
        if text is not None and "✅" not in text:
            self.tally.confirmed[(self.chat_id, name)] = "refused"

    async def undo(self) -> None:
        mark = self.api.mark()
        prompt_text = await self._send(lambda: self.api.send_text(self.chat_id, "/undo"), "/undo")
        prompts = [s for s in self.api.sent[mark:] if s.chat_id == self.chat_id and s.reply_markup]
        if prompt_text is None or not prompts:
            return
        prompt = prompts[-1]
        yes = [b["callback_data"] for row in prompt.reply_markup.get("inline_keyboard", []) for b in row
               if "callback_data" in b and "Cancel" not in b["text"]]
        if not yes:
            return
        style = self.rng.choice(["once", "once", "double", "stale"])
        if style == "stale" and self.stale_prompts:
            prompt, data = self.stale_prompts.pop(0)
            yes = [data]
        elif style == "stale":
            style = "once"  # nothing pressed before in this chat yet
        before = _stored_uploads(self.bot.db_path, self.chat_id)
        mark = self.api.mark()
        self.tally.inputs.append((time.monotonic(), self.chat_id, f"press {style} {yes[0]} under {prompt.text}"))
        self.api.press_button(prompt, yes[0])
        if style == "double":
            self.api.press_button(prompt, yes[0])
        self.tally.operations[f"undo press {style}"] += 1
        answers = await self.answers_to(prompt, 2 if style == "double" else 1, mark)
        if answers is None:
            self._unanswered(f"undo press {style}")
            if self.interrupted and (asked := re.match(r"Undo (\S+) \(", prompt.text or "")):
                self.tally.unknown_outcome.add((self.chat_id, asked[1]))  # undone or not, both are true
            return
        after = _stored_uploads(self.bot.db_path, self.chat_id)
        removed = set(before) - set(after)
        if len(removed) > 1:
            self.tally.undo_extra += len(removed) - 1
        for match in re.finditer(r"↩️ Undid ([^\s:]+)", "\n".join(answers)):
            self.tally.confirmed[(self.chat_id, match[1])] = "undone"
        if any("that upload has already been undone" in answer for answer in answers) and (
                asked := re.match(r"Undo (\S+) \(", prompt.text or "")):
            self.tally.confirmed[(self.chat_id, asked[1])] = "undone"  # what the owner was told, in other words
        if style != "stale":
            self.stale_prompts.append((prompt, yes[0]))

    async def command(self, text: str) -> None:
        await self._send(lambda: self.api.send_text(self.chat_id, text), text)

    async def schedule_digest(self) -> None:
        """A slot that passes during the run (today, a few minutes ahead, in UTC)."""
        minutes_left = (self.until - time.monotonic()) / 60
        if minutes_left < 4:
            return
        slot = dtm.datetime.now(dtm.UTC) + dtm.timedelta(minutes=self.rng.uniform(2, minutes_left - 2))
        day = slot.strftime("%a").lower()
        text = await self._send(lambda: self.api.send_text(self.chat_id, f"/schedule {day} {slot:%H:%M} UTC"),
                                "/schedule")
        if text is not None and f"{slot:%H:%M}" in text:
            self.tally.digest_slots[self.chat_id] = slot.replace(second=0, microsecond=0)

    async def _send(self, act, label: str, detail: str = "") -> str | None:
        mark = self.api.mark()
        self.tally.inputs.append((time.monotonic(), self.chat_id, f"{label} {detail}"))
        await asyncio.to_thread(act)
        self.tally.operations[label] += 1
        text = await self.settle(mark)
        if text is None:
            self._unanswered(label)
        return text


def _digest(sent) -> bool:
    """The weekly digest and its chart: they come on their own, not as the answer to anything."""
    return DIGEST in (sent.text or "") or (sent.caption or "").startswith(DIGEST_CHART)


def _write_transcripts(path: Path, api: LocalBotApi, tally: Tally, bot: Bot) -> None:
    """What the owners did and the bot said, in time order, for reading a finding afterwards
    (stays in bench/out): `>` lines are the owner's, `<` the bot's, `!` the faults."""
    lines = [(at, chat, ">", what) for at, chat, what in tally.inputs]
    lines += [(at, 0, "!", what) for at, what in bot.events]
    for sent in api.sent:
        text = (sent.text or sent.caption or sent.file_name or "").replace("\n", " ⏎ ")
        lines.append((sent.at, sent.chat_id, "<", f"{sent.method} {text[:300]}"))
    with open(path, "w") as out:
        for at, chat, arrow, what in sorted(lines, key=lambda line: line[0]):
            out.write(f"{at:10.1f} {chat} {arrow} {what}\n")


def _connect(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)


def _stored_uploads(db_path: Path, chat_id: int) -> list[str]:
    try:
        with _connect(db_path) as db:
            return [row[0] for row in db.execute("SELECT file_name FROM uploads WHERE chat_id = ?", [chat_id])]
    except sqlite3.OperationalError:
        return []


async def faults(bot: Bot, tally: Tally, rng: random.Random, until: float) -> None:
    """kill -9 a worker now and then, and the bot itself less often (then start it again)."""
    next_bot_kill = time.monotonic() + rng.uniform(120, 240)
    while time.monotonic() < until - 90:
        await asyncio.sleep(rng.uniform(30, 75))
        if bot.process.poll() is not None:  # it died by itself: a finding, and the run goes on
            tally.crashes.append((bot.epoch, bot.process.returncode))
            bot.start()
        elif time.monotonic() >= next_bot_kill:
            survivors = process_tree(bot.process.pid)[1:]
            bot.process.kill()
            bot.process.wait()
            bot.events.append((time.monotonic(), "kill -9 bot"))
            tally.faults["kill -9 bot"] += 1
            killed_at = time.monotonic()
            await asyncio.sleep(15)  # the workers and the resource tracker should have gone by now
            late = [pid for pid in survivors if process_alive(pid)]
            while late and time.monotonic() - killed_at < 120:  # a worker still starting exits once it runs
                await asyncio.sleep(1)
                late = [pid for pid in late if process_alive(pid)]
            tally.late_exits.append(round(time.monotonic() - killed_at) if late or survivors else 0)
            tally.orphans += [(pid, _cmdline(pid)[:80]) for pid in late]
            await asyncio.sleep(rng.uniform(0, 20))
            bot.start()
            next_bot_kill = time.monotonic() + rng.uniform(150, 300)
        elif workers := bot.workers():
            try:
                victim = rng.choice(workers)
                os.kill(victim, signal.SIGKILL)
                bot.events.append((time.monotonic(), f"kill -9 worker {victim}"))
                tally.faults["kill -9 worker"] += 1
            except ProcessLookupError:
                pass


def watch_memory(bot: Bot, tally: Tally, stop: threading.Event) -> None:
    while not stop.wait(0.5):
        if bot.process is not None:
            tally.peak_mb = max(tally.peak_mb, _pss_mb(bot.process.pid))


async def soak(minutes: float, seed: int) -> dict:
    rng = random.Random(seed)
    tally = Tally()
    until = time.monotonic() + minutes * 60
    folder = OUT / time.strftime("soak-%Y%m%d-%H%M%S")
    folder.mkdir(parents=True)
    print(f"soak: database and bot logs in {folder}", flush=True)
    with LocalBotApi() as api:
        bot = Bot(api, folder)
        bot.start()
        stop = threading.Event()
        threading.Thread(target=watch_memory, args=(bot, tally, stop), daemon=True).start()
        chats = [Chat(chat_id, api, bot, tally, random.Random(rng.random()), until) for chat_id in CHATS]

        async def drive(chat: Chat) -> None:
            while time.monotonic() < until - 60:
                await chat.step()

        await asyncio.gather(faults(bot, tally, rng, until), *(drive(chat) for chat in chats))
        await asyncio.sleep(30)  # let a digest slot at the very end go out
        stuck = []
        for chat in chats:
            mark = api.mark()
            api.send_text(chat.chat_id, "/stats")
            if await chat.settle(mark) is None:
                stuck.append(chat.chat_id)
        bot.stop()
        stop.set()
        _write_transcripts(folder / "transcripts.txt", api, tally, bot)
        report = _check(bot.db_path, api, chats, tally)
        report["chats stuck"] = len(stuck)
        return report


def _check(db_path: Path, api: LocalBotApi, chats: list[Chat], tally: Tally) -> dict:
    lost = unexpected = 0
    contradictions = []
    with _connect(db_path) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        for chat in chats:
            stored = set(_stored_uploads(db_path, chat.chat_id))
            for (chat_id, name), verdict in tally.confirmed.items():
                if (chat_id, name) in tally.unknown_outcome:
                    continue  # Yes was pressed and the bot killed before it answered: either state is right
                if chat_id == chat.chat_id and (verdict == "stored") != (name in stored):
                    contradictions.append((chat_id, name, verdict, "stored" if name in stored else "not stored"))
            expected = set().union(*(chat.files[name] for name in stored if name in chat.files))
            rows = [row[0] for row in db.execute("SELECT order_id FROM orders WHERE chat_id = ?", [chat.chat_id])]
            lost += len(expected - set(rows))
            unexpected += len(set(rows) - expected) + len(rows) - len(set(rows))
        missed = doubled = 0
        for chat_id in tally.digest_slots:
            sent = [s for s in api.sent if s.chat_id == chat_id and DIGEST in (s.text or "")]
            logged = db.execute("SELECT COUNT(*) FROM digest_log WHERE chat_id = ? AND status = 'sent'",
                                [chat_id]).fetchone()[0]
            missed += not sent
            doubled += max(0, len(sent) - 1) + max(0, logged - 1)
    return {
        "operations": sum(tally.operations.values()),
        "operations by kind": dict(tally.operations),
        "faults injected": dict(tally.faults),
        "orders lost": lost,
        "orders duplicated or unexpected": unexpected,
        "uploads whose stored state contradicts what the bot said (chat, file, said, is)": contradictions,
        "undos pressed just before a kill of the bot (stored state not checked)": sorted(tally.unknown_outcome),
        "uploads removed beyond the confirmed one (double tap)": tally.undo_extra,
        "operations without an answer": tally.unanswered,
        "operations the bot was killed under, never answered": tally.interrupted,
        "digest slots passed": len(tally.digest_slots),
        "digests missed": missed,
        "digests doubled": doubled,
        "processes that outlived a killed bot by two minutes": tally.orphans,
        "seconds until a killed bot's last process had gone (15 = within 15)": tally.late_exits,
        "bot exits nobody caused (start, exit code)": tally.crashes,
        "integrity_check": integrity,
        "peak memory (PSS of bot and workers, MB)": round(tally.peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(soak(args.minutes, args.seed))
    print(f"soak: {args.minutes:g} minutes (took {(time.monotonic() - started) / 60:.1f}), seed {args.seed}")
    for key, value in report.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
