"""TansuBroker with aiokafka: topics, produce, group consume + commit/resume, restart."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from sandbox.kafka import TansuBroker, find_free_port

TOPIC = "orders"
# tansu holds every JoinGroup for ~session_timeout/2 (aiokafka default 10s -> 5s to get
# partitions); 2s/0.5s gives an assignment in ~1s.
FAST_GROUP = {"session_timeout_ms": 2000, "heartbeat_interval_ms": 500}


@pytest.fixture
async def broker() -> AsyncIterator[TansuBroker]:
    async with TansuBroker() as b:
        yield b


async def create_topic(broker: TansuBroker, name: str = TOPIC, partitions: int = 2) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
    await admin.start()
    try:
        response = await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()
    # create_topics doesn't raise on failure (e.g. 36 TOPIC_ALREADY_EXISTS): check the response.
    errors = [(t, code, msg) for t, code, msg in response.topic_errors if code != 0]
    assert not errors, errors


@asynccontextmanager
async def producer(broker: TansuBroker, **options: object) -> AsyncIterator[AIOKafkaProducer]:
    # tansu has no idempotent producer / transactions support: keep enable_idempotence=False.
    p = AIOKafkaProducer(
        bootstrap_servers=broker.bootstrap_servers, enable_idempotence=False, acks=1, **options
    )
    await p.start()
    try:
        yield p
    finally:
        async with asyncio.timeout(10):  # stop() flushes; with the broker down it could hang
            await p.stop()


@asynccontextmanager
async def consumer(broker: TansuBroker, group: str = "advisor") -> AsyncIterator[AIOKafkaConsumer]:
    c = AIOKafkaConsumer(
        TOPIC,
        bootstrap_servers=broker.bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **FAST_GROUP,
    )
    async with asyncio.timeout(15):  # start() returns after the group join
        await c.start()
    try:
        yield c
    finally:
        async with asyncio.timeout(10):
            await c.stop()


async def send(p: AIOKafkaProducer, values: list[bytes], partition: int = 0) -> None:
    for value in values:
        async with asyncio.timeout(10):
            await p.send_and_wait(TOPIC, value, partition=partition)


async def receive(c: AIOKafkaConsumer, count: int, timeout: float = 10) -> list[bytes]:
    got: list[bytes] = []
    async with asyncio.timeout(timeout):
        while len(got) < count:
            batch = await c.getmany(timeout_ms=200, max_records=count - len(got))
            got += [m.value for tp in sorted(batch) for m in batch[tp]]
    return got


async def test_lifecycle_and_same_port_restart():
    port = find_free_port()
    broker = TansuBroker(port)
    assert broker.bootstrap_servers == f"127.0.0.1:{port}"
    assert not broker.running
    async with broker:
        assert broker.running
        assert "listening on" in broker.log_tail()
        await broker.restart()
        assert broker.running
        assert broker.port == port
    assert not broker.running
    await broker.stop()  # idempotent


async def test_start_fails_clearly_when_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        broker = TansuBroker(taken.getsockname()[1])
        with pytest.raises(RuntimeError, match="Address in use"):
            await broker.start()
    assert not broker.running
    await broker.stop()


async def test_create_topic_reports_errors_in_response(broker):
    await create_topic(broker)
    with pytest.raises(AssertionError, match="36"):  # TOPIC_ALREADY_EXISTS, not an exception
        await create_topic(broker)


async def test_group_commit_then_resume(broker):
    await create_topic(broker, partitions=1)
    tp = TopicPartition(TOPIC, 0)
    async with producer(broker) as p:
        await send(p, [b"m0", b"m1", b"m2", b"m3", b"m4"])

    async with consumer(broker) as first:
        assert first.assignment() == {tp}
        assert await receive(first, 3) == [b"m0", b"m1", b"m2"]
        await first.commit()  # commits the position: the NEXT offset to read
        assert await first.committed(tp) == 3

    # ~4s: aiokafka sends no LeaveGroup in generation 0 (tansu's first generation), so
    # tansu waits for the first member's session to expire before this join completes.
    async with consumer(broker) as second:
        assert await receive(second, 2) == [b"m3", b"m4"]


async def test_restart_loses_data_but_clients_recover(broker):
    await create_topic(broker, partitions=1)
    async with producer(broker) as p:
        await send(p, [b"before"])
        await broker.restart()

        admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
        await admin.start()
        try:
            assert TOPIC not in await admin.list_topics()  # memory storage: topic is gone
        finally:
            await admin.close()

        await create_topic(broker, partitions=1)
        await send(p, [b"after"])  # the producer from before the restart reconnects

    async with consumer(broker) as c:
        assert await receive(c, 1) == [b"after"]


async def test_send_to_down_broker_fails_after_request_timeout(broker):
    await create_topic(broker, partitions=1)
    async with producer(broker, request_timeout_ms=1000) as p:
        await send(p, [b"up"])
        await broker.stop()
        started = time.monotonic()
        # aiokafka retries until request_timeout_ms (default 40s!), then raises
        # NodeNotReadyError. Cancelling send_and_wait (e.g. by asyncio.timeout) does not
        # withdraw the message: it stays queued and is delivered once the broker is back.
        with pytest.raises(KafkaError):
            await send(p, [b"down"])
        assert time.monotonic() - started < 5
        await broker.start()  # same port; the producer can be stopped cleanly again
