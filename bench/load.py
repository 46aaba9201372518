"""Load: five chats upload 200,000-order exports at the same time while a sixth sends /help every
second. Measures how fast /help is answered (target: within 1 s), the event loop's worst lag
(target: under 100 ms), the peak memory of the bot and its workers (target: under 2 GB), and
checks that all five imports finish complete. Runs the real application against the local Bot
API on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from bench.synthetic import orders_csv
from bot import service
from bot.config import Settings
from bot.local_bot_api import LocalBotApi
from bot.telegram_bot.app import ALLOWED_UPDATES, build_application

UPLOADERS = [101, 102, 103, 104, 105]
ASKER = 106
ORDERS = 200_000


def _tree_rss_mb() -> float:
    """Resident memory of this process and its children (the worker pool), in MB."""
    me = os.getpid()
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read().split()
            if int(entry) != me and int(stat[3]) != me:
                continue
            for line in open(f"/proc/{entry}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return total / 1024


async def _run(api: LocalBotApi, db_path: Path, files: list[bytes]) -> dict:
    settings = Settings(token=api.token, api_base_url=api.base_url, file_base_url=api.file_base_url,
                        db_path=db_path, allowed_users=frozenset(UPLOADERS + [ASKER]))
    application = build_application(settings)
    lags, latencies, peak = [], [], 0.0
    await application.initialize()
    await application.post_init(application)
    await application.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    await application.start()

    async def watch_loop():
        nonlocal peak
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.05)
            lags.append((time.perf_counter() - started - 0.05, time.perf_counter()))
            peak = max(peak, _tree_rss_mb())

    watcher = asyncio.create_task(watch_loop())
    started = time.perf_counter()
    marks = {}
    for chat, data in zip(UPLOADERS, files):
        marks[chat] = api.mark()
        api.send_document(chat, f"orders-{chat}.csv", data)

    def finished(chat):
        return any("Send /segments" in (s.text or "") for s in api.sent_to(chat))

    while not all(finished(chat) for chat in UPLOADERS):
        mark = api.mark()
        sent_at = time.monotonic()
        api.send_text(ASKER, "/help")
        reply = await api.await_for(lambda s: s.chat_id == ASKER, since=mark, timeout=30)
        latencies.append(reply.at - sent_at)
        await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - sent_at)))
        if time.perf_counter() - started > 900:
            raise TimeoutError("the imports did not finish in 15 minutes")
    elapsed = time.perf_counter() - started
    watcher.cancel()
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    await application.post_shutdown(application)
    counts = {chat: service.chat_stats(db_path, chat)["orders"] for chat in UPLOADERS}
    worst = sorted(lags, reverse=True)[:1]
    return {"elapsed": elapsed, "latencies": latencies, "lag": worst[0][0], "peak_mb": peak, "orders": counts}


def main(orders: int = ORDERS) -> dict:
    files = [orders_csv(orders, seed=n) for n in range(len(UPLOADERS))]
    with tempfile.TemporaryDirectory() as folder, LocalBotApi() as api:
        result = asyncio.run(_run(api, Path(folder) / "load.db", files))
    worst = max(result["latencies"])
    complete = all(count == orders for count in result["orders"].values())
    print(f"load: {len(UPLOADERS)} chats x {orders:,} orders imported in {result['elapsed']:.0f}s "
          f"(all complete: {complete}); /help answered {len(result['latencies'])} times, worst "
          f"{worst * 1000:.0f} ms (target < 1000 ms); worst event-loop lag {result['lag'] * 1000:.0f} ms "
          f"(target < 100 ms); peak memory of bot + workers {result['peak_mb']:.0f} MB (target < 2,048 MB)")
    return {**result, "worst_help_s": worst, "complete": complete}


if __name__ == "__main__":
    main()
