"""Poll until Ctrl+C or SIGTERM, whenever in start-up or running it comes, and stop cleanly.

python-telegram-bot's `run_polling` turns the signal into a SystemExit raised inside whatever the
loop was doing. During start-up (getMe, setMyCommands, deleteWebhook) that was an HTTP request in
flight, and the process ended with a traceback and exit 1; a signal while the JobQueue starts
stops the loop under `run_until_complete` ("Event loop stopped before Future completed"). Here
the signal only sets an event. Each start-up step is raced against it and cancelled if the stop
comes first, and the teardown runs the same hooks, in the same order, as `run_polling`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable
from contextlib import suppress

from telegram.ext import Application

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def poll_until_stopped(application: Application, *, allowed_updates: list[str]) -> None:
    # Until the loop's own handlers are in, a signal is only noted: a KeyboardInterrupt inside
    # asyncio.run's set-up leaves a half-made loop that complains as it is collected.
    asked: list[int] = []
    previous = {number: signal.signal(number, lambda number, _: asked.append(number)) for number in STOP_SIGNALS}
    try:
        asyncio.run(_serve(application, allowed_updates, asked))
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


async def _serve(application: Application, allowed_updates: list[str], asked: list[int]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop.set)
    if asked:
        stop.set()
    steps = [
        application.initialize,
        *([lambda: application.post_init(application)] if application.post_init else []),
        lambda: application.updater.start_polling(allowed_updates=allowed_updates),
        application.start,
    ]
    try:
        for step in steps:
            if not await _unless_stopped(step(), stop):
                log.info("stopped during start-up")
                return
        await stop.wait()
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _unless_stopped(step: Awaitable, stop: asyncio.Event) -> bool:
    """Await `step` unless `stop` is set first, then cancel it; True when the step finished."""
    task = asyncio.ensure_future(step)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if task.done():
        task.result()  # a step that failed raises here, as it would under run_polling
        return True
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task
    return False
