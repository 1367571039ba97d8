"""The event bus promise, on both implementations: at-least-once, commit after the work, and a
dead letter (not a stuck consumer) for what cannot be handled."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaProducer
from redis.asyncio import Redis

from core.events import Event, EventBus, PublishError, Topics
from core.events.kafka import KafkaEventBus
from core.events.memory import InProcessEventBus
from core.metrics import Metrics
from sandbox.kafka import TansuBroker
from tests.support.events import Recorder

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(params=["memory", "kafka"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def topics() -> Topics:
    return Topics(f"t{secrets.token_hex(4)}")


def make_bus(kind: str, topics: Topics, redis: Redis, kafka: TansuBroker | None) -> EventBus:
    if kind == "memory":
        return InProcessEventBus(topics, Metrics(), redis)
    assert kafka is not None
    return KafkaEventBus(
        topics, Metrics(), [kafka.bootstrap_servers], partitions=2, session_timeout_ms=2000
    )


@pytest.fixture
def broker(kind: str, request: pytest.FixtureRequest) -> TansuBroker | None:
    return request.getfixturevalue("kafka") if kind == "kafka" else None


async def publish_raw(bus: EventBus, kafka: TansuBroker | None, topic: str, raw: bytes) -> None:
    if isinstance(bus, InProcessEventBus):
        await bus.publish_raw(topic, raw)
        return
    assert kafka is not None
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_servers)
    await producer.start()
    try:
        await producer.send_and_wait(topic, raw)
    finally:
        await producer.stop()


@pytest.fixture
async def started(
    kind: str, topics: Topics, redis: Redis, broker
) -> AsyncIterator[tuple[EventBus, Recorder]]:
    bus = make_bus(kind, topics, redis, broker)
    recorder = Recorder()
    bus.subscribe(topics.deadlines, topics.group("notifications"), recorder, backoff=0.01)
    await bus.start()
    yield bus, recorder
    await bus.stop()


async def test_published_events_reach_the_handler(started, topics: Topics) -> None:
    bus, recorder = started
    for cafe_id in (1, 2, 3):
        await bus.publish(
            topics.deadlines, {"type": "deadline.passed", "cafe_id": cafe_id}, key=str(cafe_id)
        )
    events = await recorder.wait(3)
    assert sorted(e["cafe_id"] for e in events) == [1, 2, 3]


async def test_a_malformed_event_is_dead_lettered_and_the_next_one_still_arrives(
    started, topics: Topics, broker
) -> None:
    bus, recorder = started
    await publish_raw(bus, broker, topics.deadlines, b"{not json")
    await publish_raw(bus, broker, topics.deadlines, b'{"no": "type"}')
    await bus.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 9}, key="9")
    await recorder.wait(1)
    assert [e["cafe_id"] for e in recorder.events] == [9]
    letters = await _wait_letters(bus, topics.deadlines, 2)
    assert {letter.error.split(":")[0] for letter in letters} == {"malformed event"}
    assert {letter.event for letter in letters} == {"{not json", '{"no": "type"}'}


# Events Python's JSON decoder cannot turn into objects: before, the ValueError or
# RecursionError escaped the consumer, which reconnected forever without committing.
POISON = {
    "integer of 5,000 digits": b'{"type": "deadline.passed", "cafe_id": ' + b"7" * 5000 + b"}",
    "arrays nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "object nested 100,000 deep": b'{"type": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
}


async def test_poison_events_are_dead_lettered_with_their_cause_and_the_next_event_arrives(
    started, topics: Topics, broker
) -> None:
    bus, recorder = started
    for raw in POISON.values():
        await publish_raw(bus, broker, topics.deadlines, raw)
    await publish_raw(bus, broker, topics.deadlines, b'{"type": "deadline.passed", "cafe_id": 9}')
    assert [e["cafe_id"] for e in await recorder.wait(1)] == [9]
    letters = await _wait_letters(bus, topics.deadlines, len(POISON))
    errors = sorted(letter.error for letter in letters)
    assert errors[0].startswith("malformed event: cannot be decoded (ValueError: Exceeds the limit")
    assert errors[1:] == ["malformed event: nested too deeply"] * 2
    assert all(letter.attempts == 0 for letter in letters)
    assert all(len(letter.event) < 20_000 for letter in letters)  # the raw text, cut short


async def test_a_consumer_task_that_dies_is_restarted_and_said_to_be_down_meanwhile(
    started, topics: Topics
) -> None:
    bus, recorder = started
    bus.restart_delay = 0.5
    (name, task), *_ = bus._consumer_tasks.items()
    task.cancel()  # from outside, as a bug or a stray cancellation would
    async with asyncio.timeout(5):
        while not bus.consumers_down():
            await asyncio.sleep(0.01)
    assert bus.consumers_down() == {name: "cancelled"}
    async with asyncio.timeout(5):
        while bus.consumers_down():
            await asyncio.sleep(0.05)
    assert not bus._consumer_tasks[name].done()
    assert bus.metrics.consumer_restarts.labels(name)._value.get() == 1
    await bus.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 4}, key="4")
    assert [e["cafe_id"] for e in await recorder.wait(1, timeout=40)] == [4]


async def test_a_failing_handler_is_retried_then_dead_lettered(
    kind: str, topics: Topics, redis: Redis, broker
) -> None:
    bus = make_bus(kind, topics, redis, broker)
    attempts: list[float] = []
    recorder = Recorder()

    async def flaky(event: Event) -> None:
        if event["cafe_id"] == 1:
            attempts.append(time.monotonic())
            raise ConnectionError("Bot API unreachable")
        await recorder(event)

    bus.subscribe(
        topics.deadlines, topics.group("notifications"), flaky, max_attempts=3, backoff=0.05
    )
    await bus.start()
    try:
        await bus.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 1}, key="1")
        await bus.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 2}, key="1")
        await recorder.wait(1)
        (letter,) = await _wait_letters(bus, topics.deadlines, 1)
    finally:
        await bus.stop()
    assert len(attempts) == 3
    assert attempts[2] - attempts[1] >= attempts[1] - attempts[0] >= 0.05  # backoff grows
    assert letter.attempts == 3
    assert letter.error == "ConnectionError: Bot API unreachable"
    assert letter.event == {"type": "deadline.passed", "cafe_id": 1}


async def _wait_letters(bus: EventBus, topic: str, count: int, timeout: float = 20):
    async with asyncio.timeout(timeout):
        while len(letters := await bus.dead_letters(topic)) < count:
            await asyncio.sleep(0.2)
    return letters


# ---- Kafka only -----------------------------------------------------------------------


async def test_an_event_not_committed_is_delivered_again_to_the_next_consumer(
    topics: Topics, redis: Redis, kafka: TansuBroker
) -> None:
    """A consumer that dies mid-work (before the commit) loses nothing: the group's next
    consumer gets the event again."""
    first = KafkaEventBus(
        topics, Metrics(), [kafka.bootstrap_servers], partitions=1, session_timeout_ms=2000
    )
    started_work = asyncio.Event()

    async def dies_midway(event: Event) -> None:
        started_work.set()
        await asyncio.sleep(3600)

    first.subscribe(topics.deadlines, topics.group("notifications"), dies_midway)
    await first.start()
    await first.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 5}, key="5")
    async with asyncio.timeout(30):
        await started_work.wait()
    await first.stop()  # cancelled inside the handler: nothing committed

    second = KafkaEventBus(
        topics, Metrics(), [kafka.bootstrap_servers], partitions=1, session_timeout_ms=2000
    )
    recorder = Recorder()
    second.subscribe(topics.deadlines, topics.group("notifications"), recorder)
    await second.start()
    try:
        assert [e["cafe_id"] for e in await recorder.wait(1, timeout=60)] == [5]
    finally:
        await second.stop()


async def test_publishing_to_a_dead_broker_fails_fast(topics: Topics) -> None:
    bus = KafkaEventBus(topics, Metrics(), ["127.0.0.1:1"])
    await bus.start()
    started = time.monotonic()
    with pytest.raises(PublishError):
        await bus.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 1})
    assert time.monotonic() - started < 10
    await bus.stop()


async def test_dead_letters_are_replayed_once(
    kind: str, topics: Topics, redis: Redis, broker
) -> None:
    """After the cause is fixed, `replay` hands each dead letter to the handler again — and a
    second replay does not repeat the first."""
    bus = make_bus(kind, topics, redis, broker)
    broken = True
    recorder = Recorder()

    async def handler(event: Event) -> None:
        if broken:
            raise RuntimeError("cafe chat unreachable")
        await recorder(event)

    bus.subscribe(topics.deadlines, topics.group("notifications"), handler, max_attempts=1)
    await bus.start()
    try:
        await bus.publish(topics.deadlines, {"type": "deadline.passed", "cafe_id": 7}, key="7")
        await publish_raw(bus, broker, topics.deadlines, b"garbage")
        await _wait_letters(bus, topics.deadlines, 2)
        broken = False
        assert await bus.replay_dead_letters(topics.deadlines) == (1, 1)
        assert [e["cafe_id"] for e in await recorder.wait(1)] == [7]
        assert await bus.replay_dead_letters(topics.deadlines) == (0, 0)
    finally:
        await bus.stop()
    assert len(recorder.events) == 1


async def test_the_consumer_survives_a_broker_restart(topics: Topics, redis: Redis) -> None:
    """The broker goes away and comes back empty (tansu keeps nothing): the consumer task
    reconnects on its own and the next event still arrives."""
    async with TansuBroker() as broker:
        bus = make_bus("kafka", topics, redis, broker)
        recorder = Recorder()
        bus.subscribe(topics.deadlines, topics.group("notifications"), recorder, backoff=0.01)
        await bus.start()
        try:
            await bus.publish(topics.deadlines, {"type": "deadline.passed", "n": 1}, key="1")
            await recorder.wait(1, timeout=30)
            await broker.restart()
            async with asyncio.timeout(60):
                while True:  # the producer reconnects too; until then publishing fails fast
                    try:
                        await bus.publish(
                            topics.deadlines, {"type": "deadline.passed", "n": 2}, key="1"
                        )
                        break
                    except PublishError:
                        await asyncio.sleep(0.5)
            events = await recorder.wait(2, timeout=60)
            assert [e["n"] for e in events] == [1, 2]
            assert all(not task.done() for task in bus._consumer_tasks.values())
        finally:
            await bus.stop()
