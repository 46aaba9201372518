"""Run heavy jobs off the event loop, in worker processes, so other chats are never kept waiting.

Processes rather than threads: reading a large export and fitting models hold the GIL for
long stretches, which would freeze the bot's replies. The pool starts on first use (spawned,
so no thread state is forked) and is shut down with the application.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_WORKERS = 2
# Workers yield the CPU to the bot's own process: on a small machine an import on every core
# must not delay the replies to other chats.
WORKER_NICENESS = 5


class JobRunner:
    """A lazily started process pool; `await runner.run(fn, *args)` returns fn's result."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._ensure_pool(), function, *args)

    async def warm_up(self) -> None:
        """Start the workers now, off the event loop: spawning them blocks for a moment, and
        importing pandas and scikit-learn in them takes seconds the first upload should not wait."""
        pool = await asyncio.to_thread(self._ensure_pool)
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(pool, _import_analytics) for _ in range(self.workers)))

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=os.nice, initargs=(WORKER_NICENESS,),
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _import_analytics() -> None:
    import bot.service  # noqa: F401  (pulls in pandas, scikit-learn and the models)
