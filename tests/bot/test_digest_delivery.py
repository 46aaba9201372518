"""The weekly digest goes out at most once a week through any face's `send`, without Telegram."""

from __future__ import annotations

import datetime as dtm
from contextlib import closing

import pytest

from bot import service
from storage import database
from tests.helpers.shop import generic_orders_csv

CHAT = 5
MONDAY = dtm.datetime(2026, 3, 2, 9, 30, tzinfo=dtm.UTC)


class InProcess:
    """A JobRunner stand-in that runs the job here: what delivery does around it is under test."""

    async def run(self, function, *args):
        return function(*args)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "shop.db"
    with closing(database.open_database(path)):
        pass
    service.import_upload(path, CHAT, "orders.csv", generic_orders_csv(30))
    service.analyse_chat(path, CHAT)
    service.ensure_digest_schedule(path, CHAT, "UTC")
    return path


async def test_a_digest_is_sent_once_a_week_through_the_faces_send(db_path):
    sent = []

    async def send(content):
        sent.append(content)

    first = await service.deliver_digest(InProcess(), db_path, CHAT, send, now=MONDAY)
    again = await service.deliver_digest(InProcess(), db_path, CHAT, send, now=MONDAY + dtm.timedelta(hours=2))
    assert (first.outcome, again.outcome) == ("sent", "already")
    assert len(sent) == 1 and sent[0] is first.content and not first.content.stale
    assert service.digest_week_claimed(db_path, CHAT, "2026-W10")


async def test_a_send_that_surely_failed_leaves_the_week_for_the_next_try(db_path):
    async def unreachable(content):
        raise ConnectionError("no route to the chat")

    async def send(content):
        pass

    assert (await service.deliver_digest(InProcess(), db_path, CHAT, unreachable, now=MONDAY)).outcome == "failed"
    assert not service.digest_week_claimed(db_path, CHAT, "2026-W10")
    assert (await service.deliver_digest(InProcess(), db_path, CHAT, send, now=MONDAY)).outcome == "sent"


async def test_a_send_that_may_have_arrived_is_never_repeated(db_path):
    async def timed_out(content):
        raise service.MaybeDelivered

    assert (await service.deliver_digest(InProcess(), db_path, CHAT, timed_out, now=MONDAY)).outcome == "uncertain"
    assert service.digest_week_claimed(db_path, CHAT, "2026-W10")


async def test_a_chat_that_blocked_the_bot_has_its_digest_paused(db_path):
    async def blocked(content):
        raise service.RecipientGone

    assert (await service.deliver_digest(InProcess(), db_path, CHAT, blocked, now=MONDAY)).outcome == "blocked"
    schedule = service.digest_schedule(db_path, CHAT)
    assert not schedule["enabled"] and schedule["paused_reason"] == "blocked"
    assert not service.digest_week_claimed(db_path, CHAT, "2026-W10")


async def test_a_digest_asked_for_again_after_a_week_without_news_lists_the_last_list_it_sent(db_path):
    sent = []

    async def send(content):
        sent.append(content)

    await service.deliver_digest(InProcess(), db_path, CHAT, send, now=MONDAY)
    listed = sent[0].digest.newly_at_risk_ids
    assert listed, "the first digest names everyone likely to stop"
    next_monday = MONDAY + dtm.timedelta(days=7)
    await service.deliver_digest(InProcess(), db_path, CHAT, send, now=next_monday)
    assert sent[1].stale, "nothing was uploaded: the second digest names nobody"

    again = service.build_digest(db_path, CHAT, again=True, now=next_monday)
    assert again.shown_again and not again.uploaded_since
    assert again.digest.newly_at_risk_ids == listed and again.likely_to_stop_total == len(listed)
    assert again.list_sent_at is not None and not again.list_sent_this_week, "it was last week's digest"
    assert again.digest.newly_at_risk["customer_id"].tolist() == sent[0].digest.newly_at_risk["customer_id"].tolist()
