"""Delivering the weekly digest at most once per chat and week, whichever face sends it.

Claim the week, build, send, then record it, or release the claim so a later try sends it:
- the digest is built before the week is claimed, so a worker (or the bot) that dies while
  building leaves the week open for the retry or the next start;
- the claim is a row with a unique key, so a retry, a second job or a restart sends nothing;
- the face's `send` raises `RecipientGone` when the chat has blocked the bot (the schedule is
  paused), `MaybeDelivered` when it cannot know whether the message arrived (it is never sent
  again: a digest must not come twice), and anything else when it surely did not arrive (the
  week is released).
"""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.service.digests import (
    DigestContent,
    build_digest,
    claim_digest_week,
    digest_schedule,
    digest_week_claimed,
    pause_digest,
    record_digest_sent,
    release_digest_week,
    week_key,
)
from bot.service.jobs import run_heavy, run_light
from bot.service.workers import JobRunner, JobStopped

log = logging.getLogger(__name__)

Outcome = Literal["sent", "already", "blocked", "uncertain", "failed"]


class RecipientGone(Exception):
    """The chat cannot receive messages any more (it blocked the bot)."""


class MaybeDelivered(Exception):
    """Sending failed in a way that may still have delivered the message (a timeout)."""


@dataclass
class Delivery:
    outcome: Outcome
    content: DigestContent | None = None  # what was sent, when it was


async def deliver_digest(runner: JobRunner, db_path: Path, chat_id: int,
                         send: Callable[[DigestContent], Awaitable[object]], *,
                         now: dtm.datetime | None = None) -> Delivery:
    """Build this week's digest of the chat and `send` it, unless it already went out this week."""
    schedule = await run_light(digest_schedule, db_path, chat_id)
    if schedule is None or not schedule["enabled"]:
        return Delivery("failed")
    key = week_key(now or dtm.datetime.now(dtm.UTC), schedule["timezone"])
    if await run_light(digest_week_claimed, db_path, chat_id, key):
        return Delivery("already")
    try:
        content = await _build(runner, db_path, chat_id)
    except Exception:
        log.exception("digest for chat %s could not be built; it will be retried on the next start this week", chat_id)
        return Delivery("failed")
    if not await run_light(claim_digest_week, db_path, chat_id, key):
        return Delivery("already")
    try:
        await send(content)
    except RecipientGone:
        log.warning("chat %s has blocked the bot; its weekly digest is paused", chat_id)
        await run_light(release_digest_week, db_path, chat_id, key)
        await run_light(pause_digest, db_path, chat_id, "blocked")
        return Delivery("blocked")
    except MaybeDelivered:
        log.warning("digest for chat %s timed out: it may have arrived, so it is not sent again", chat_id)
        return Delivery("uncertain")
    except Exception:
        log.exception("digest for chat %s failed; it will be retried on the next start this week", chat_id)
        await run_light(release_digest_week, db_path, chat_id, key)
        return Delivery("failed")
    await run_light(record_digest_sent, db_path, chat_id, key, content.newest_upload_id, content.newly_as_sent())
    return Delivery("sent", content)


async def _build(runner: JobRunner, db_path: Path, chat_id: int) -> DigestContent:
    try:
        return await run_heavy(runner, build_digest, db_path, chat_id)
    except JobStopped:  # its worker died or was stopped: once more, on a fresh one
        log.warning("building the digest for chat %s was stopped; trying once more", chat_id)
        return await run_heavy(runner, build_digest, db_path, chat_id)
