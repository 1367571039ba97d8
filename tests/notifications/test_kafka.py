"""Deadline notifications over a real Kafka-protocol broker (tansu): an outage at the deadline,
and a consumer killed in the middle of its work."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable

import pytest
from redis.asyncio import Redis
from tortoise import Tortoise

from core.clock import FrozenClock
from core.config import Settings
from core.ratelimit import Limit, RateLimiter
from db.models import DeadlineNotification, NotificationStatus
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.kafka import TansuBroker, find_free_port
from sandbox.telegram import BotAPIServer
from tests.notifications.test_delivery import CHAT, TUESDAY, closes_monday_for_tuesday
from tests.support.app import running_app
from tests.support.orders import GOLDEN, make_golden_orders

pytestmark = pytest.mark.timeout(150)


def kafka_settings(make_settings: Callable[..., Settings], bootstrap: str) -> Settings:
    return make_settings(
        kafka={
            "broker_url": bootstrap,
            "topic_prefix": f"n{secrets.token_hex(4)}",
            "partitions": 2,
            "session_timeout_ms": 2000,
        }
    )


async def wait_until(predicate: Callable[[], Awaitable[bool]], timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not await predicate():
            await asyncio.sleep(0.2)


async def test_kafka_down_at_the_deadline_then_back_delivers_once(
    make_settings, clock: FrozenClock, bot_api: BotAPIServer, redis: Redis
) -> None:
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    cafe = await make_golden_orders(TUESDAY, chat_id=CHAT)
    await closes_monday_for_tuesday(cafe)
    broker = TansuBroker(find_free_port())  # not started: Kafka is down
    settings = kafka_settings(make_settings, broker.bootstrap_servers)
    async with running_app(settings, bot_api, clock) as app:
        # The app's start-up tick runs beside this one: whichever holds the row's lock tries
        # to publish it, so the outcome is read from the row, not from one tick's tally.
        result = await app.outbox.tick()
        assert result.published == 0

        async def failed_to_publish() -> bool:
            row = await DeadlineNotification.get_or_none(cafe_id=cafe.id)
            return row is not None and (row.last_error or "").startswith("publish failed")

        await wait_until(failed_to_publish, timeout=30)
        row = await DeadlineNotification.get(cafe_id=cafe.id)
        assert row.status == NotificationStatus.PENDING

        async with broker:  # Kafka is back
            await app.outbox.tick()  # (or the app's own next tick: either publishes it once)
            await bot_api.wait_for_messages(CHAT, 1, timeout=60)
            assert bot_api.calls_to("sendMessage", chat_id=CHAT)[0].params["text"] == GOLDEN
            await app.outbox.tick()
            await asyncio.sleep(2)  # anything repeated would arrive by now
    assert len(bot_api.calls_to("sendMessage", chat_id=CHAT)) == 1
    row = await DeadlineNotification.get(cafe_id=cafe.id)
    assert row.status == NotificationStatus.SENT


async def advisory_locks() -> int:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted"
    )
    return rows[0]["n"]


async def test_a_consumer_killed_mid_work_is_replaced_and_the_cafe_gets_one_message(
    make_settings, clock: FrozenClock, bot_api: BotAPIServer, redis: Redis, kafka: TansuBroker
) -> None:
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    cafe = await make_golden_orders(TUESDAY, chat_id=CHAT)
    await closes_monday_for_tuesday(cafe)
    settings = kafka_settings(make_settings, kafka.bootstrap_servers)
    # The cafe chat has used up its 20 messages a minute: the first consumer will be stuck
    # waiting for the limiter, in the middle of its work, with nothing committed.
    limiter = RateLimiter(redis)
    for _ in range(20):
        assert await limiter.try_acquire(Limit(f"chat:{CHAT}", 20, 61.0)) == 0

    first = Application(settings, clock=clock)
    await first.start(database=False, telegram=False, web=False)
    try:
        await first.outbox.tick()
        await wait_until(_holding_row, timeout=60)
        async with running_app(settings, bot_api, clock) as second:
            await first.stop()  # killed: the event was never committed
            await redis.delete(f"lunchbot:ratelimit:chat:{CHAT}")
            await bot_api.wait_for_messages(CHAT, 1, timeout=90)
            await wait_until(_sent, timeout=10)
            assert second.metrics.notifications.labels("sent")._value.get() == 1
            await asyncio.sleep(2)
    finally:
        if first._started:
            await first.stop()
    assert len(bot_api.calls_to("sendMessage", chat_id=CHAT)) == 1
    assert (await DeadlineNotification.get(cafe_id=cafe.id)).status == NotificationStatus.SENT


async def _holding_row() -> bool:
    return await advisory_locks() >= 1


async def _sent() -> bool:
    return await DeadlineNotification.filter(status=NotificationStatus.SENT).exists()
