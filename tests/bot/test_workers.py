"""The worker pool survives dead workers, stops jobs over their caps, and dies with the bot."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from functools import partial

import pytest

from bot.config import ConfigError, Settings
from bot.service.workers import (
    JobOutOfMemory,
    JobOutOfTime,
    JobRunner,
    JobStopped,
    WorkerDied,
    process_alive,
    process_tree,
    tree_proportional_bytes,
)


def _pid() -> int:
    return os.getpid()


def _sleep_then_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _grow(megabytes: int) -> int:
    """Touch memory 20 MB at a time, as a reader filling a DataFrame would."""
    held = []
    for _ in range(megabytes // 20):
        held.append(b"x" * (20 << 20))
        time.sleep(0.02)
    return len(held)


def _raise_memory_error() -> None:
    raise MemoryError


async def _wait_gone(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        await asyncio.sleep(0.1)
    return False


@pytest.fixture
def runner():
    runner = JobRunner(workers=2, memory_mb=400, seconds=300)  # warming up takes long on a busy machine
    yield runner
    runner.close()


@pytest.fixture
def lone_worker():
    """One worker, so a test knows which process ran its job."""
    runner = JobRunner(workers=1, memory_mb=400, seconds=30)
    yield runner
    runner.close()


async def test_a_killed_worker_fails_only_its_job_and_is_replaced(runner):
    await runner.warm_up()
    victim, bystander = runner.worker_pids()
    slow = asyncio.ensure_future(runner.run(_sleep_then_pid, 3))
    other = asyncio.ensure_future(runner.run(_sleep_then_pid, 3))
    await asyncio.sleep(1)
    os.kill(victim, signal.SIGKILL)
    results = await asyncio.gather(slow, other, return_exceptions=True)
    died = [r for r in results if isinstance(r, WorkerDied)]
    assert len(died) == 1, results
    assert "Nothing was half-saved" in str(died[0])
    assert bystander in results  # the other worker's job finished normally
    after = await asyncio.gather(*(runner.run(_pid) for _ in range(4)))
    assert victim not in after and len(runner.worker_pids()) == 2


async def test_every_worker_killed_between_jobs_still_leaves_a_working_pool(runner):
    await runner.warm_up()
    old = runner.worker_pids()
    for pid in old:
        os.kill(pid, signal.SIGKILL)
    await asyncio.sleep(0.5)
    # They died while idle: the next jobs are not theirs to blame, and simply run on new workers.
    fresh = await asyncio.gather(*(runner.run(_pid) for _ in range(3)))
    assert not set(fresh) & set(old)


async def test_a_job_over_the_time_cap_is_stopped_and_its_worker_replaced(lone_worker):
    runner = lone_worker
    runner.seconds = 2
    first = await runner.run(_pid)
    with pytest.raises(JobOutOfTime) as stopped:
        await runner.run(_sleep_then_pid, 60)
    assert "2 seconds" in str(stopped.value) and "Try a smaller file" in str(stopped.value)
    assert await _wait_gone(first)
    assert await runner.run(_pid) != first


async def test_a_job_over_the_memory_cap_is_stopped_and_the_next_one_runs(lone_worker):
    runner = lone_worker
    first = await runner.run(_pid)
    with pytest.raises(JobOutOfMemory) as stopped:
        await runner.run(_grow, 1200)
    assert "400 MB" in str(stopped.value)
    assert await _wait_gone(first)
    assert await runner.run(_grow, 100) == 5


def _share_with_forks(megabytes: int, forks: int) -> list[tuple[int, int]]:
    """Hold memory, then read it from processes forked off this one, as an analysis on every core does."""
    from bot.service import jobs, workers

    workers.set_memory_cap(1 << 20)  # so side_by_side forks: what is measured here is the watch's count
    held = bytearray(megabytes << 20)
    held[:: 4096] = b"x" * len(held[:: 4096])  # every page really resident

    def look() -> tuple[int, int]:
        time.sleep(1)  # long enough for the memory watch to sample the whole tree
        return os.getppid(), held[::4096].count(b"x")

    return jobs.side_by_side([look] * forks)


def _own_megabytes() -> int:
    return tree_proportional_bytes(os.getpid()) >> 20


def _memory_cap() -> int | None:
    from bot.service import workers

    return workers._MEMORY_CAP_BYTES


async def test_a_workers_jobs_know_the_memory_cap_they_may_fork_under(lone_worker):
    assert await lone_worker.run(_memory_cap) == 400 << 20


async def test_memory_shared_with_a_jobs_forked_processes_counts_once(lone_worker):
    """250 MB held by the worker and read by three forks is four times 250 MB of resident memory, but
    250 MB used: a cap 350 MB above the worker's own memory lets the job finish."""
    lone_worker.memory_mb = await lone_worker.run(_own_megabytes) + 350
    worker = await lone_worker.run(_pid)
    seen = await lone_worker.run(_share_with_forks, 250, 3)
    assert [count for _, count in seen] == [250 * 256] * 3
    assert [parent for parent, _ in seen[:2]] == [worker] * 2  # read from forks of the worker


async def test_a_memory_error_inside_a_job_says_so_and_starts_a_fresh_worker(lone_worker):
    runner = lone_worker
    first = await runner.run(_pid)
    with pytest.raises(JobOutOfMemory):
        await runner.run(_raise_memory_error)
    assert await runner.run(_pid) != first


async def test_workers_exit_when_the_bot_process_dies(tmp_path):
    """A bot killed with SIGKILL runs no clean-up: its workers must notice on their own."""
    script = (
        "import asyncio, sys\n"
        "from bot.service.workers import JobRunner\n"
        "async def main():\n"
        "    runner = JobRunner(workers=2)\n"
        "    await runner.warm_up()\n"
        "    print(*runner.worker_pids(), flush=True)\n"
        "    await asyncio.sleep(3600)\n"
        "asyncio.run(main())\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, stdout=asyncio.subprocess.PIPE, cwd=os.getcwd())
    line = await asyncio.wait_for(process.stdout.readline(), 90)
    workers = [int(pid) for pid in line.split()]
    descendants = process_tree(process.pid)[1:]
    assert set(workers) <= set(descendants) and len(descendants) >= 3  # two workers and the resource tracker
    process.kill()
    await process.wait()
    for pid in descendants:
        assert await _wait_gone(pid, 15), f"process {pid} outlived the bot"


@pytest.mark.parametrize("name, value", [
    ("SHOPPULSE_JOB_MEMORY_MB", "lots"),
    ("SHOPPULSE_JOB_MEMORY_MB", "100"),
    ("SHOPPULSE_JOB_SECONDS", "-5"),
])
def test_job_caps_must_be_sensible_numbers(name, value):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value}, dotenv_path="/nonexistent")


def test_job_caps_default_to_a_small_machine():
    settings = Settings.from_env({}, dotenv_path="/nonexistent")
    assert (settings.job_memory_mb, settings.job_seconds) == (800, 600)
    assert Settings.from_env({"SHOPPULSE_JOB_SECONDS": "90"}, dotenv_path="/nonexistent").job_seconds == 90


async def test_a_worker_killed_while_it_starts_does_not_stop_the_bot_from_starting(lone_worker):
    before = set(process_tree(os.getpid()))

    def new_workers() -> list[int]:
        return [pid for pid in process_tree(os.getpid()) if pid not in before and "spawn_main" in _cmdline(pid)]

    warming = asyncio.ensure_future(lone_worker.warm_up())
    while not new_workers():
        await asyncio.sleep(0.02)
    starting = new_workers()[0]
    os.kill(starting, signal.SIGKILL)
    await warming  # the start-up goes on; the next job gets a fresh worker
    assert await lone_worker.run(_pid) != starting


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().decode(errors="replace")
    except FileNotFoundError:
        return ""


async def test_ctrl_c_in_the_terminal_leaves_the_workers_to_the_bot(lone_worker):
    pid = await lone_worker.run(_pid)
    os.kill(pid, signal.SIGINT)  # what the terminal sends to the whole process group
    assert await lone_worker.run(_sleep_then_pid, 0.2) == pid  # no KeyboardInterrupt: the same worker goes on


async def test_closing_the_runner_stops_a_worker_busy_with_a_long_job():
    runner = JobRunner(workers=1, memory_mb=400, seconds=3600)
    pid = await runner.run(_pid)
    job = asyncio.ensure_future(runner.run(_sleep_then_pid, 3600))
    await asyncio.sleep(0.5)  # the job is running in the worker now
    closing = asyncio.get_running_loop().run_in_executor(None, partial(runner.close, grace_seconds=0.5))
    await asyncio.wait_for(closing, 60)  # before the change it waited the hour out
    assert await _wait_gone(pid)
    with pytest.raises(JobStopped):
        await job
