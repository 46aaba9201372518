"""Run heavy jobs off the event loop, in worker processes, so other chats are never kept waiting.

Which jobs are heavy is decided by one rule, in bot.service.jobs (`run_heavy` / `run_light`).

Processes rather than threads: reading a large export and fitting models hold the GIL for
long stretches, which would freeze the bot's replies. Workers are spawned (so no thread state
is forked) and warmed up at start, and shut down with the application.

Each worker is a lane of its own (a one-process executor) so that whatever happens to it is
known to be the fault of the one job it was running:
- a worker that dies (the kernel's out-of-memory killer, a crash, `kill -9`) fails only that
  job, with a message the owner can act on, and is replaced; the bot keeps working;
- a job over the memory cap (resident memory of the worker and its children, sampled; see
  `JobRunner`) or over the time cap is stopped by killing its worker, which is replaced;
- Ctrl+C in the bot's terminal reaches the whole process group: workers ignore it and let the
  bot shut them down, instead of each printing a KeyboardInterrupt traceback;
- closing the runner waits a moment for running jobs, then kills the workers still busy, so a
  shutdown never hangs on a long job (its one transaction is simply not committed);
- a worker never outlives the bot: it asks the kernel for SIGKILL when the bot dies
  (PR_SET_PDEATHSIG, bound to the runner's own long-lived spawning thread) and checks the
  bot's pid from a watchdog thread, for the moment before that request took hold. Processes
  the job forks inherit the same request, and the multiprocessing resource tracker exits when
  the last of them has gone (its pipe closes).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, TypeVar

from analytics.errors import Message, ShopPulseError
from bot.config import DEFAULT_JOB_MEMORY_MB, DEFAULT_JOB_SECONDS
from bot.i18n import N_, current_language, in_language

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_WORKERS = 2
# Workers yield the CPU to the bot's own process: on a small machine an import on every core
# must not delay the replies to other chats.
WORKER_NICENESS = 5
MEMORY_SAMPLE_SECONDS = 0.1
CLOSE_GRACE_SECONDS = 2.0  # for running jobs to finish at shutdown before their workers are killed
PARENT_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")

__all__ = ["JobRunner", "JobStopped", "JobOutOfMemory", "JobOutOfTime", "WorkerDied", "process_alive", "process_tree"]


class JobStopped(ShopPulseError):
    """A job did not finish because its worker was stopped; nothing of it was half-saved,
    since every write the service makes is one transaction."""


class JobOutOfMemory(JobStopped):
    def __init__(self, memory_mb: int) -> None:
        super().__init__(
            N_("🧠 That needed more memory than the {limit:,} MB I may use for one job, so I stopped it. "
               "Nothing was half-saved. Try a smaller file (for example a shorter date range), or try again."),
            limit=memory_mb)


class JobOutOfTime(JobStopped):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            N_("⏱ That took longer than the {duration} I allow for one job, so I stopped it. "
               "Nothing was half-saved. Try a smaller file (for example a shorter date range), or try again."),
            duration=_duration(seconds))


class WorkerDied(JobStopped):
    def __init__(self) -> None:
        super().__init__(N_(
            "⚠️ The helper process doing that job stopped suddenly, most likely because the machine ran out "
            "of memory. Nothing was half-saved. Try again, or send a smaller file."
        ))


def _duration(seconds: float) -> Message:
    if seconds >= 120:
        return Message(N_("{count:.0f} minutes"), count=seconds / 60)
    return Message(N_("{count:.0f} seconds"), count=seconds)


class _Lane:
    """One worker process and the job it runs; replaced as a whole when the worker is stopped."""

    def __init__(self, executor: ProcessPoolExecutor) -> None:
        self.executor = executor
        self.pid: int | None = None
        self.verdict: JobStopped | None = None  # why we killed it, if we did
        self.successor: _Lane | None = None


class JobRunner:
    """A pool of worker lanes; `await runner.run(fn, *args)` returns fn's result or raises JobStopped.

    The memory cap is on resident memory, sampled every 0.1 s, not an rlimit: RLIMIT_AS and even
    RLIMIT_DATA count address space that numpy, OpenBLAS and allocator arenas reserve without
    using (a warmed worker reserves about 1.4 GB of writable mappings to hold 290 MB), so a
    limit low enough to protect a 2 GB machine refused ordinary imports.
    """

    def __init__(self, workers: int = DEFAULT_WORKERS, *, memory_mb: int = DEFAULT_JOB_MEMORY_MB,
                 seconds: float = DEFAULT_JOB_SECONDS) -> None:
        self.workers = workers
        self.memory_mb = memory_mb
        self.seconds = seconds
        self._idle: asyncio.Queue[_Lane] | None = None
        self._lanes: list[_Lane] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        # Workers are spawned from this one thread: the kernel's parent-death signal follows the
        # thread that forked, so it must live as long as the runner (an event loop's default
        # executor threads end with each loop).
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker-spawner")

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        idle = self._idle_lanes()
        lane = await idle.get()
        try:
            if lane.pid is not None and not process_alive(lane.pid):  # died while idle: not this job's doing
                log.warning("worker %s died while idle; starting another", lane.pid)
                lane = self._replace(lane)
            return await self._run_on(lane, function, *args)
        finally:
            idle.put_nowait(lane.successor or lane)

    async def warm_up(self) -> None:
        """Start the workers now: importing pandas and scikit-learn in them takes seconds the
        first upload should not wait."""
        outcomes = await asyncio.gather(*(self.run(_import_analytics) for _ in range(self.workers)),
                                        return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, JobStopped):  # killed while it started: its successor starts on first use
                log.warning("a worker stopped while warming up: %s", type(outcome).__name__)
            elif isinstance(outcome, BaseException):
                raise outcome

    def worker_pids(self) -> list[int]:
        """The pids of the workers started so far (for the soak and the fault tests)."""
        return [lane.pid for lane in self._lanes if lane.pid is not None]

    async def _run_on(self, lane: _Lane, function: Callable[..., T], *args: Any) -> T:
        watch = asyncio.create_task(self._watch_memory(lane))
        try:
            if lane.pid is None:  # a new worker: it may die while it starts, too
                lane.pid = await self._submit(lane, os.getpid)
            # The worker answers in the chat's language, which lives in this task's context.
            job = self._submit(lane, in_language, current_language(), function, *args)
            return await asyncio.wait_for(job, self.seconds)
        except TimeoutError:
            lane.verdict = JobOutOfTime(self.seconds)
            self._replace(lane)
            raise lane.verdict from None
        except BrokenProcessPool:
            self._replace(lane)
            if lane.verdict is None:
                log.warning("worker %s died while running %s", lane.pid, getattr(function, "__name__", function))
                raise WorkerDied() from None
            raise lane.verdict from None
        except MemoryError:
            # Raised inside the worker: its heap may be left fragmented and large, so start afresh.
            self._replace(lane)
            raise JobOutOfMemory(self.memory_mb) from None
        finally:
            watch.cancel()

    async def _submit(self, lane: _Lane, function: Callable[..., T], *args: Any) -> T:
        future: Future[T] = await asyncio.get_running_loop().run_in_executor(
            self._spawner, lane.executor.submit, function, *args)
        return await asyncio.wrap_future(future)

    async def _watch_memory(self, lane: _Lane) -> None:
        limit = self.memory_mb * 1024 * 1024
        while True:
            await asyncio.sleep(MEMORY_SAMPLE_SECONDS)
            # RSS is cheap to read but counts the pages a job's forked processes share with it
            # once per process (an analysis of 100,000 orders on both cores: 981 MB of RSS for
            # 528 MB used); PSS shares them out, but reading it takes ~20 ms, so only past RSS.
            # Both in a thread: reading /proc for the worker's tree took 90 ms on a busy machine.
            if lane.pid is not None and await asyncio.to_thread(tree_resident_bytes, lane.pid) > limit and \
                    await asyncio.to_thread(tree_proportional_bytes, lane.pid) > limit:
                log.warning("job in worker %s went over %d MB; stopping it", lane.pid, self.memory_mb)
                lane.verdict = JobOutOfMemory(self.memory_mb)
                _kill_tree(lane.pid)
                return

    def _idle_lanes(self) -> asyncio.Queue[_Lane]:
        loop = asyncio.get_running_loop()
        if self._idle is None or self._loop is not loop:
            # A queue belongs to one event loop; the tests share one runner across several.
            self._loop = loop
            self._idle = asyncio.Queue()
            if not self._lanes:
                self._lanes = [self._new_lane() for _ in range(self.workers)]
            for lane in self._lanes:
                self._idle.put_nowait(lane)
        return self._idle

    def _new_lane(self) -> _Lane:
        return _Lane(ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                                         initializer=prepare_worker, initargs=(os.getpid(), self.memory_mb)))

    def _replace(self, lane: _Lane) -> _Lane:
        """Kill the lane's worker (and whatever it forked) and put a fresh lane in its place."""
        if lane.pid is not None:
            _kill_tree(lane.pid)
        lane.executor.shutdown(wait=False, cancel_futures=True)
        if lane not in self._lanes:  # the runner was closed under a running job: nothing to replace
            return lane
        lane.successor = self._new_lane()  # run() puts it in the idle queue in place of the old one
        self._lanes[self._lanes.index(lane)] = lane.successor
        return lane.successor

    def close(self, *, grace_seconds: float = CLOSE_GRACE_SECONDS) -> None:
        """Stop every worker: idle ones at once, busy ones after `grace_seconds`, by killing them."""
        started = [pid for lane in self._lanes for pid in _started_pids(lane)]  # shutdown() forgets them
        for lane in self._lanes:
            lane.executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace_seconds
        for pid in started:
            while process_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if process_alive(pid):
                log.warning("worker %s was still busy at shutdown; stopping it", pid)
                _kill_tree(pid)
        for lane in self._lanes:
            lane.executor.shutdown(wait=True)
        self._lanes = []
        self._idle = None
        self._spawner.shutdown(wait=True)


def _started_pids(lane: _Lane) -> list[int]:
    """The lane's worker, also while it still starts: a worker warming up has not told its pid yet,
    and waiting for its imports made a Ctrl+C right after start-up take as long as the warm-up."""
    starting = getattr(lane.executor, "_processes", None) or {}  # CPython's pid -> Process map
    return sorted({pid for pid in (lane.pid, *starting) if pid is not None})


def tree_resident_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 once it has gone)."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/statm") as statm:
                total += int(statm.read().split()[1]) * _PAGE_BYTES
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return total


def tree_proportional_bytes(pid: int) -> int:
    """Proportional memory (PSS) of a process and its descendants: each shared page counted once
    across them, so forked processes add only what they wrote."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) * 1024
        except (FileNotFoundError, ProcessLookupError, StopIteration, ValueError):
            continue
    return total


def process_alive(pid: int) -> bool:
    """Whether the process still runs (a zombie has exited: only its exit status is left)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def process_tree(pid: int) -> list[int]:
    """The pid and those of all its descendants, parents first (from /proc)."""
    members, pending = [], [pid]
    while pending:
        current = pending.pop()
        members.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return members


def _kill_tree(pid: int) -> None:
    for member in reversed(process_tree(pid)):
        try:
            os.kill(member, signal.SIGKILL)
        except ProcessLookupError:
            pass


_MEMORY_CAP_BYTES: int | None = None  # in a worker: the cap its jobs are held to


def set_memory_cap(megabytes: int) -> None:
    """The cap the JobRunner holds this worker's jobs to (resident memory of it and its forks)."""
    global _MEMORY_CAP_BYTES
    _MEMORY_CAP_BYTES = megabytes * 1024 * 1024


def fork_fits() -> bool:
    """Whether a job may fork (bot.service.jobs): one fork that grew as large as this process
    (more than an analysis lane grows: +27% on 200,000 orders, +45% on a million) would still be
    under the job's cap. Near the cap the work runs in this process, slower but as before:
    stopping the job would cost more. Outside a worker there is no cap."""
    return _MEMORY_CAP_BYTES is None or 2 * tree_resident_bytes(os.getpid()) <= _MEMORY_CAP_BYTES


def prepare_worker(bot_pid: int, memory_mb: int | None = None) -> None:
    """Worker initializer: die with the bot, leave Ctrl+C to the bot, give the CPU to the bot first,
    and let a job fork only while the cap leaves it room (`fork_fits`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what the job forks inherits it
    if memory_mb is not None:
        set_memory_cap(memory_mb)
    _die_with_parent()
    os.register_at_fork(after_in_child=_die_with_parent)  # a job's own pool dies with the worker
    if os.getppid() != bot_pid:  # the bot died before the request above took hold
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(bot_pid,), name="parent-watch", daemon=True).start()
    os.nice(WORKER_NICENESS)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watchdog thread alone has to do
        pass


def _exit_when_orphaned(bot_pid: int) -> None:
    while os.getppid() == bot_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # what the job forked follows: it asked for SIGKILL when this process dies


def _import_analytics() -> None:
    import bot.service  # noqa: F401  (pulls in pandas, scikit-learn and the models)
