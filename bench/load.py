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
import threading
import time
from pathlib import Path

from bench.synthetic import orders_csv
from bot import service
from bot.config import Settings
from bot.local_bot_api import LocalBotApi
from bot.service.workers import tree_proportional_bytes
from bot.telegram_bot.app import ALLOWED_UPDATES, build_application

UPLOADERS = [101, 102, 103, 104, 105]
ASKER = 106
ORDERS = 200_000
TICK = 0.05  # how often the event loop's lag is sampled, in seconds


def _tree_pss_mb() -> float:
    """Proportional memory of this process and its descendants (the workers and what their jobs
    fork), in MB. PSS, not RSS: the bot and its workers share the pages of pandas, numpy and
    scikit-learn, which RSS would count once per process. The tree is read from this process's own
    /proc entries: scanning every process on the machine took 14 ms of Python every 50 ms in the
    bot's own process, time the event loop's thread then waited for the GIL."""
    return tree_proportional_bytes(os.getpid()) / 2**20


class MemoryWatch:
    """Samples memory from a thread of its own, so the sampling never delays the event loop."""

    def __init__(self, every: float = 0.05) -> None:
        self.peak_mb = 0.0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="memory-watch", daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self._every):
            self.peak_mb = max(self.peak_mb, _tree_pss_mb())

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


async def _watch_loop(lags: list[tuple[float, float]], tick: float = TICK) -> None:
    """Record how late each tick wakes up, and how much of the tick the loop's own thread spent on
    the CPU: late and busy means a slow callback, late and idle means the thread was kept waiting
    (for the GIL or a core)."""
    while True:
        started, cpu = time.perf_counter(), time.thread_time()
        await asyncio.sleep(tick)
        lags.append((time.perf_counter() - started - tick, time.thread_time() - cpu))


async def _run(api: LocalBotApi, db_path: Path, files: list[bytes]) -> dict:
    settings = Settings(token=api.token, api_base_url=api.base_url, file_base_url=api.file_base_url,
                        db_path=db_path, allowed_users=frozenset(UPLOADERS + [ASKER]))
    application = build_application(settings)
    lags, latencies = [], []
    await application.initialize()
    await application.post_init(application)
    await application.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    await application.start()

    watcher = asyncio.create_task(_watch_loop(lags))
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
    lag, cpu = max(lags)
    return {"elapsed": elapsed, "latencies": latencies, "lag": lag, "lag_cpu": cpu, "orders": counts,
            "ticks": len(lags), "late_ticks": sum(1 for late, _ in lags if late > 0.1)}


def main(orders: int = ORDERS) -> dict:
    files = [orders_csv(orders, seed=n) for n in range(len(UPLOADERS))]
    with tempfile.TemporaryDirectory() as folder, LocalBotApi() as api, MemoryWatch() as memory:
        result = asyncio.run(_run(api, Path(folder) / "load.db", files))
    result["peak_mb"] = memory.peak_mb
    worst = max(result["latencies"])
    complete = all(count == orders for count in result["orders"].values())
    print(f"load: {len(UPLOADERS)} chats x {orders:,} orders imported in {result['elapsed']:.0f}s "
          f"(all complete: {complete}); /help answered {len(result['latencies'])} times, worst "
          f"{worst * 1000:.0f} ms (target < 1000 ms); worst event-loop lag {result['lag'] * 1000:.0f} ms "
          f"(its thread on the CPU {result['lag_cpu'] * 1000:.0f} of those {(result['lag'] + TICK) * 1000:.0f} ms; "
          f"{result['late_ticks']} of {result['ticks']} ticks late by over 100 ms; target none); "
          f"peak memory (PSS) of bot + workers {result['peak_mb']:.0f} MB (target < 2,048 MB)")
    return {**result, "worst_help_s": worst, "complete": complete}


if __name__ == "__main__":
    main()
