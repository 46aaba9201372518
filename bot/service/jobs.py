"""Where a service call runs off the event loop: the one rule for threads and the worker pool.

- `run_light`: a thread of the bot's own process, for work whose size does not grow with the
  shop: SQLite look-ups that return a summary, a count or a bounded handful of rows, and writes
  of a few rows. sqlite3 lets go of the GIL while it queries, so other chats keep being answered,
  and a thread costs nothing to start.
- `run_heavy`: a worker process of the `JobRunner`, for everything whose time or memory grows with
  the chat's history: reading an export, loading the history or a whole run's scores into
  pandas, fitting models, drawing charts, writing a CSV export. pandas and the models hold the
  GIL for long stretches (in a thread they would freeze every chat), and a worker's memory and
  time are capped and a dead worker is replaced, so one shop's huge file never takes the bot down.

When unsure, heavy: pickling the arguments and the answer costs milliseconds, a wrong light call
freezes the bot. Work inside a heavy job that is worth spreading over every core (scoring a
hundred thousand reviews) is spread here too, by `map_on_cores`, and the independent parts of one
analysis run side by side (`side_by_side`); analytics never starts processes.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, TypeVar

from bot.service.workers import fork_fits

if TYPE_CHECKING:
    from bot.service.workers import JobRunner

T = TypeVar("T")
R = TypeVar("R")


async def run_light(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a small SQLite job in a thread (see the rule above)."""
    return await asyncio.to_thread(function, *args, **kwargs)


async def run_heavy(runner: JobRunner, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a job that grows with the shop in a capped worker process (see the rule above);
    raises JobStopped, with the owner's words, if its worker was stopped."""
    return await runner.run(partial(function, **kwargs) if kwargs else function, *args)


def map_on_cores(function: Callable[[T], R], chunks: Sequence[T], *, workers: int | None = None) -> list[R]:
    """`function` over `chunks` in processes on every core, in order; in this process when there
    is one core or one chunk. Called inside a heavy job: the processes are forked from its worker,
    so they die with it (bot.service.workers) and inherit what it has loaded."""
    workers = min(workers or os.cpu_count() or 1, len(chunks))
    if workers < 2 or not fork_fits():
        return [function(chunk) for chunk in chunks]
    with _forked_pool(workers) as pool:
        return list(pool.map(function, chunks))


@contextmanager
def _forked_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of processes forked from this one. Objects that exist before the fork are left out
    of the forks' garbage collection: its passes write to every object they visit, which copies
    each page of them into each fork. A freeze made before (the bot's, at start-up) is kept."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            yield pool
    finally:
        if not frozen_before:
            gc.unfreeze()


_CALLS: Sequence[Callable[[], Any]] = ()  # what side_by_side's forked processes run, by index


def side_by_side(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Each call's result, the calls running at once: all but the last in processes forked from
    this one (so they see its data without copying it, and die with its worker), the last here.
    One after the other when there is one core, or when a fork might not fit under the job's
    memory cap. An exception in any call is raised here.

    Calls need not be picklable, only their results: the forked processes find them by index in
    a module global set before the fork, the one thing they share with this process."""
    global _CALLS
    if len(calls) < 2 or (os.cpu_count() or 1) < 2 or not fork_fits():
        return [call() for call in calls]
    _CALLS = calls
    try:
        with _forked_pool(len(calls) - 1) as pool:
            forked = [pool.submit(_call, index) for index in range(len(calls) - 1)]
            here = calls[-1]()
            return [future.result() for future in forked] + [here]
    finally:
        _CALLS = ()


def _call(index: int) -> Any:
    return _CALLS[index]()
