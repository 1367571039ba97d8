"""An event the decoder cannot turn into objects, or naming an id beyond
the column's range, never stalls its partition. Through the real app on the real broker."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from core.clock import FrozenClock
from db.models import DeadlineNotification, NotificationStatus
from sandbox import updates as build
from sandbox.kafka import TansuBroker
from sandbox.telegram import BotAPIServer
from tests.notifications.test_delivery import CHAT, TUESDAY
from tests.notifications.test_kafka import kafka_settings
from tests.support.app import running_app
from tests.support.orders import GOLDEN, make_golden_orders

pytestmark = pytest.mark.timeout(150)

DAY = TUESDAY.isoformat()
POISON = [
    b'{"type": "deadline.passed", "cafe_id": '
    + b"1" * 5000
    + b', "date": "'
    + DAY.encode()
    + b'"}',
    b"[" * 100_000 + b"]" * 100_000,
    json.dumps({"type": "deadline.passed", "cafe_id": 2**63, "date": DAY}).encode(),
    json.dumps({"type": "deadline.passed", "cafe_id": 2**31, "date": DAY}).encode(),
    json.dumps({"type": "deadline.passed", "cafe_id": 1, "date": ["x"]}).encode(),
]


async def test_poison_events_go_to_the_dlq_and_the_next_cafe_on_the_partition_gets_its_list(
    make_settings, clock: FrozenClock, bot_api: BotAPIServer, kafka: TansuBroker
) -> None:
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    cafe = await make_golden_orders(TUESDAY, chat_id=CHAT)  # no deadline: only our events
    settings = kafka_settings(make_settings, kafka.bootstrap_servers)
    async with running_app(settings, bot_api, clock) as app:
        topic = app.topics.deadlines
        good = {"type": "deadline.passed", "cafe_id": cafe.id, "date": DAY}
        producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_servers)
        await producer.start()
        try:
            for raw in [*POISON, json.dumps(good).encode()]:
                await producer.send_and_wait(topic, raw, key=b"1", partition=0)
        finally:
            await producer.stop()

        await bot_api.wait_for_messages(CHAT, 1, timeout=90)
        assert bot_api.calls_to("sendMessage", chat_id=CHAT)[0].params["text"] == GOLDEN
        async with asyncio.timeout(20):
            while len(letters := await app.bus.dead_letters(topic)) < len(POISON):
                await asyncio.sleep(0.2)
        causes = [letter.error for letter in sorted(letters, key=lambda x: x.offset)]
        assert causes[0].startswith("malformed event: cannot be decoded (ValueError")
        assert causes[1] == "malformed event: nested too deeply"
        assert causes[2] == f"malformed event: cafe_id {2**63} is not an id"
        assert causes[3] == f"malformed event: cafe_id {2**31} is not an id"
        assert causes[4] == "malformed event: date ['x'] is not YYYY-MM-DD"
        # Refused at parsing: not retried.
        assert [letter.attempts for letter in letters] == [0, 0, 1, 1, 1]

        # Everything up to the good event is committed: a restart reads none of it again.
        tp = TopicPartition(topic, 0)
        reader = AIOKafkaConsumer(
            bootstrap_servers=kafka.bootstrap_servers,
            group_id=app.topics.group("notifications"),
            enable_auto_commit=False,
        )
        await reader.start()
        try:
            async with asyncio.timeout(20):
                while await reader.committed(tp) != len(POISON) + 1:
                    await asyncio.sleep(0.2)
        finally:
            await reader.stop()

        url = f"http://127.0.0.1:{app.port}/readyz"
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            assert response.status == 200
    row = await DeadlineNotification.get(cafe_id=cafe.id)
    assert row.status == NotificationStatus.SENT


async def test_readyz_says_a_dead_consumer_is_down_until_it_is_restarted(app, app_url) -> None:
    app.bus.restart_delay = 1.0
    name, task = next(iter(app.bus._consumer_tasks.items()))
    task.cancel()
    async with aiohttp.ClientSession() as http:
        async with asyncio.timeout(5):
            while True:
                async with http.get(f"{app_url}/readyz") as response:
                    body = await response.json()
                    if response.status == 503:
                        break
                await asyncio.sleep(0.02)
        assert body["checks"]["consumers"] == f"error: down: {name} (cancelled)"
        async with asyncio.timeout(10):
            while True:
                async with http.get(f"{app_url}/readyz") as response:
                    if response.status == 200:
                        break
                await asyncio.sleep(0.1)
