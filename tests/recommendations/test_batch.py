"""The batch, in the running app: who gets advice, what is cached and announced, what happens
when the keys run out, and what starts it (the 03:00 job, the daily-tasks event)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from redis.asyncio import Redis

from core.clock import FrozenClock
from core.config import Settings
from db.models import User
from lunchbot.app import Application
from sandbox import updates
from sandbox.gemini import GeminiServer, default_responder
from sandbox.telegram import BotAPIServer
from services.recommendations.key_pool import key_hash
from tests.recommendations.conftest import World
from tests.support.app import running_app
from tests.support.events import Recorder

KEY = "key-alpha-0001"
ADMIN = 9001
NOW = "2026-12-07T08:00:00Z"  # the clock fixture


async def people(world: World, *orders: int) -> list[User]:
    """One user per number, 9201 onwards, with that many active orders in the window."""
    made = []
    for i, count in enumerate(orders):
        user = await User.create(tgid=9201 + i, name=f"Сотрудник {i + 1}")
        await world.orders(user, count, "light", ["borsch", "kotleta"])
        made.append(user)
    return made


@pytest.fixture
def gemini_app(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> Callable[..., contextlib.AbstractAsyncContextManager[tuple[Application, Recorder]]]:
    """The app with Gemini keys, and a recorder of what it publishes on the recommendations
    topic."""

    @contextlib.asynccontextmanager
    async def start(**gemini: Any) -> AsyncIterator[tuple[Application, Recorder]]:
        settings = make_settings(gemini={"api_keys": KEY, **gemini}, app={"admin_ids": str(ADMIN)})
        recorder = Recorder()

        def subscribe(app: Application) -> None:
            app.bus.subscribe(app.topics.recommendations, "test", recorder)

        async with running_app(settings, bot_api, clock, setup=subscribe) as app:
            yield app, recorder

    return start


async def cached(redis: Redis, tgid: int) -> dict[str, Any] | None:
    raw = await redis.get(f"recommendations:user:{tgid}")
    return json.loads(raw) if raw else None


def announced(recorder: Recorder) -> list[tuple[int, bool]]:
    return sorted((e["user_tgid"], e["success"]) for e in recorder.events)


async def test_eligible_people_get_advice_cached_for_a_day_and_announced(
    world: World, gemini_app, gemini: GeminiServer, redis: Redis, clock: FrozenClock
) -> None:
    await people(world, 6, 5, 4)
    async with gemini_app() as (app, recorder):
        batch = app.services.recommendation_batch
        report = await batch.run()

        assert (report.outcome, report.eligible, report.generated) == ("done", 2, 2)
        assert (report.skipped, report.failed, report.not_reached) == (0, 0, 0)
        assert report.keys_used == {key_hash(KEY): 2}
        first = await cached(redis, 9201)
        assert first is not None
        assert set(first) == {"summary", "tips", "stats", "generated_at"}
        assert first["generated_at"] == NOW
        assert first["stats"]["orders_last_30_days"] == 6
        assert first["stats"]["categories"] == {"main": 50.0, "soup": 50.0}
        assert "6 заказов" in first["summary"]
        assert 2 <= len(first["tips"]) <= 3
        assert 24 * 3600 - 60 < await redis.ttl("recommendations:user:9201") <= 24 * 3600
        assert await cached(redis, 9203) is None  # four orders are not enough
        await recorder.wait(2)
        assert recorder.events[0] == {
            "type": "recommendation.generated",
            "user_tgid": recorder.events[0]["user_tgid"],
            "success": True,
            "timestamp": NOW,
        }
        assert announced(recorder) == [(9201, True), (9202, True)]

        # Again the same night: nothing to do. The next night: everyone again.
        again = await batch.run()
        assert (again.skipped, again.generated, len(gemini.calls)) == (2, 0, 2)
        clock.advance(timedelta(hours=21))
        assert (await batch.run()).generated == 2
        assert len(gemini.calls) == 4

        # One person on demand: asked again however fresh, unless they do not qualify.
        assert (await batch.run(tgid=9201)).generated == 1
        single = await batch.run(tgid=9203)
        assert (single.generated, single.skipped) == (0, 1)
        assert single.message == "9203 has fewer than 5 active orders in 30 days"
        assert len(gemini.calls) == 5


async def test_a_failed_person_is_announced_and_keeps_their_advice(
    world: World, gemini_app, gemini: GeminiServer, redis: Redis
) -> None:
    await people(world, 6, 5)
    old = {
        "summary": "старый",
        "tips": ["a", "b"],
        "stats": {},
        "generated_at": "2026-12-06T00:10:00Z",
    }
    await redis.set("recommendations:user:9201", json.dumps(old), ex=3600)
    # The six-order person's prompt always gets an answer that is not advice.
    gemini.responder = lambda body: (
        "нет"
        if "Всего заказов: 6" in json.dumps(body, ensure_ascii=False)
        else default_responder(body)
    )
    async with gemini_app() as (app, recorder):
        report = await app.services.recommendation_batch.run(force=True)
        await recorder.wait(2)

    assert (report.generated, report.failed) == (1, 1)
    assert announced(recorder) == [(9201, False), (9202, True)]
    assert await cached(redis, 9201) == old


async def test_running_out_of_keys_stops_cleanly_and_tells_admins_once(
    world: World, gemini_app, gemini: GeminiServer, redis: Redis, bot_api: BotAPIServer
) -> None:
    await people(world, 5, 5, 5, 5)
    await User.create(tgid=ADMIN, name="Админ")
    bot_api.add_chat(updates.private_chat(updates.user(ADMIN, "Админ")), started=True)
    yesterday = {
        "summary": "вчерашний",
        "tips": ["a", "b"],
        "stats": {},
        "generated_at": "2026-12-06T00:10:00Z",
    }
    for tgid in (9203, 9204):
        await redis.set(f"recommendations:user:{tgid}", json.dumps(yesterday), ex=3600)

    async with gemini_app(max_requests_per_key=2, concurrency=1) as (app, recorder):
        batch = app.services.recommendation_batch
        report = await batch.run()
        await recorder.wait(2)
        again = await batch.run(force=True)

    assert (report.outcome, report.generated, report.not_reached) == ("exhausted", 2, 2)
    assert report.message == "every Gemini key is unusable (1 key: 1 used up)"
    assert len(gemini.calls) == 2
    assert announced(recorder) == [(9201, True), (9202, True)]
    for tgid in (9203, 9204):
        assert await cached(redis, tgid) == yesterday
    assert (again.outcome, again.generated, again.not_reached) == ("exhausted", 0, 4)
    (alert,) = bot_api.messages(ADMIN)  # one alert, not one per batch
    assert "Ключи Gemini закончились" in alert["text"]
    assert "Готово: 2 сотрудника, не успели: 2 сотрудника" in alert["text"]
    assert "исчерпан дневной лимит: 1" in alert["text"]


async def test_with_workers_side_by_side_every_slot_counted_is_one_request(
    world: World, gemini_app, gemini: GeminiServer, redis: Redis
) -> None:
    """Three workers, a key that runs out in the middle: every slot the pool counted is a
    request Gemini saw, nobody is asked for twice, and who was not reached is told."""
    await people(world, 5, 6, 7, 8, 9, 10, 11)  # seven different prompts
    gemini.latency = 0.05
    async with gemini_app(max_requests_per_key=5, concurrency=3) as (app, recorder):
        report = await app.services.recommendation_batch.run()
        await recorder.wait(5)

    assert (report.outcome, report.generated, report.not_reached) == ("exhausted", 5, 2)
    assert len(gemini.calls) == 5
    assert report.keys_used == {key_hash(KEY): 5}
    assert await redis.get(f"gemini:usage:key:{key_hash(KEY)}") == "5"
    assert (
        len({call.body["contents"][0]["parts"][0]["text"] for call in gemini.calls}) == 5
    )  # nobody twice


async def test_two_processes_at_three_oclock_run_one_batch(
    world: World,
    make_settings,
    bot_api: BotAPIServer,
    clock: FrozenClock,
    gemini: GeminiServer,
    redis: Redis,
) -> None:
    await people(world, 5, 5, 5)
    gemini.latency = 0.3  # the batch is still running when the other process's job fires
    settings = [make_settings(gemini={"api_keys": KEY}) for _ in range(2)]
    async with (
        running_app(settings[0], bot_api, clock) as first,
        running_app(settings[1], bot_api, clock) as second,
    ):
        jobs = [app.scheduler.get_job("recommendations") for app in (first, second)]
        moscow = ZoneInfo("Europe/Moscow")
        for job in jobs:
            assert job.next_run_time.astimezone(moscow).time() == time(3, 0)
            assert job.next_run_time - datetime.now(UTC) <= timedelta(days=1)
        finished = asyncio.Queue()
        for app in (first, second):
            app.scheduler.add_listener(finished.put_nowait, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        for job in jobs:
            job.modify(next_run_time=datetime.now(UTC))  # it is 03:00 for both
        async with asyncio.timeout(10):
            outcomes = [await finished.get(), await finished.get()]

    assert [o.exception for o in outcomes] == [None, None]
    assert len(gemini.calls) == 3  # one request per person: one batch


async def test_the_daily_tasks_event_runs_the_batch_once_however_often_delivered(
    world: World, gemini_app, gemini: GeminiServer
) -> None:
    await people(world, 5, 5)
    async with gemini_app() as (app, recorder):
        for _ in range(2):  # at-least-once: the same event may arrive twice
            await app.bus.publish(app.topics.daily_tasks, {"type": "generate_recommendations"})
        await app.bus.publish(app.topics.daily_tasks, {"type": "something.else"})
        await recorder.wait(2)
        await app.bus.drain()

    assert announced(recorder) == [(9201, True), (9202, True)]
    assert len(gemini.calls) == 2


async def test_a_dead_broker_does_not_stop_the_batch(
    world: World, make_settings, bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> None:
    await people(world, 5, 5, 5)
    settings = make_settings(gemini={"api_keys": KEY}, kafka={"broker_url": "127.0.0.1:1"})
    async with running_app(settings, bot_api, clock) as app:
        report = await app.services.recommendation_batch.run()
    assert (report.outcome, report.generated) == ("done", 3)
    assert report.seconds < 10  # the failed publishes ran alongside the work, not after each
    assert await cached(redis, 9203) is not None


async def test_without_keys_recommendations_are_off(
    world: World, app: Application, gemini: GeminiServer
) -> None:
    await people(world, 5)
    assert app.scheduler.get_job("recommendations") is None
    assert (await app.services.recommendation_batch.run()).outcome == "off"
    await app.bus.publish(app.topics.daily_tasks, {"type": "generate_recommendations"})
    await app.bus.drain()
    assert gemini.calls == []
