"""Sending to Telegram with retries, written once: the status message's edits and the digest use it.

Only failures that certainly did not deliver are retried: a connection error, or RetryAfter
(after the wait Telegram asks for). A timeout is retried only for a call that is safe to repeat
(an edit to the same text), because the first try may have arrived. BadRequest and Forbidden are
never retried: the same request would fail the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 4


async def with_retries(call: Callable[[], Awaitable[T]], *, repeatable: bool, first_delay: float,
                       attempts: int = ATTEMPTS) -> T:
    """`await call()`, again after a failure that did not deliver, waiting `first_delay` seconds
    and twice as long each time (or as long as RetryAfter says); the last failure is raised."""
    for attempt in range(1, attempts):
        try:
            return await call()
        except BadRequest:  # a NetworkError in PTB's hierarchy, but never one that passes
            raise
        except TimedOut:
            if not repeatable:
                raise
            delay = first_delay * 2 ** (attempt - 1)
        except RetryAfter as error:
            delay = error.retry_after.total_seconds()
        except NetworkError:
            delay = first_delay * 2 ** (attempt - 1)
        log.info("a Telegram call failed (try %d of %d); retrying in %.1fs", attempt, attempts, delay)
        await asyncio.sleep(delay)
    return await call()
