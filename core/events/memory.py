"""The in-process event bus: used when `KAFKA_BROKER_URL` is empty. One process only.

Same interface and the same handler semantics as Kafka (retries, DLQ), but the queue lives in
memory: an event published by another process never arrives here, and events not yet handled
when the process stops are gone (the deadline outbox re-publishes what was not delivered).
Dead letters are kept in Redis so `lunchbot dlq list` can read them from another process.
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis
from tenacity import AsyncRetrying, retry_if_exception_type, wait_fixed

from core.events import DeadLetter, Event, EventBus, Subscription, Topics, encode
from core.metrics import Metrics

DLQ_KEY = "lunchbot:dlq:{topic}"
DLQ_MAX = 10_000


class InProcessEventBus(EventBus):
    def __init__(self, topics: Topics, metrics: Metrics, redis: Redis) -> None:
        super().__init__(topics, metrics)
        self.redis = redis
        self._queues: dict[int, asyncio.Queue[tuple[bytes, str | None]]] = {}

    async def start(self) -> None:
        self._start_consumers()
        for sub in self.subscriptions:
            queue: asyncio.Queue[tuple[bytes, str | None]] = asyncio.Queue()
            self._queues[id(sub)] = queue
            for worker in range(sub.concurrency):
                self._spawn(
                    f"bus:{sub.group}:{sub.topic}:{worker}",
                    lambda sub=sub, queue=queue: self._consume(sub, queue),
                )

    async def stop(self) -> None:
        await self._stop_consumers()
        self._queues.clear()

    async def check(self) -> None:
        return None

    async def publish(self, topic: str, event: Event, *, key: str | None = None) -> None:
        await self.publish_raw(topic, encode(event), key=key)
        self.metrics.events_published.labels(topic).inc()

    async def publish_raw(self, topic: str, raw: bytes, *, key: str | None = None) -> None:
        """Put bytes on the bus as they are (tests use it for malformed events)."""
        for sub in self.subscriptions:
            queue = self._queues.get(id(sub))
            if sub.topic == topic and queue is not None:
                queue.put_nowait((raw, key))

    async def drain(self) -> None:
        """Wait until every published event has been handled (CLI commands, tests)."""
        for queue in list(self._queues.values()):
            await queue.join()

    async def send_to_dlq(self, letter: DeadLetter) -> None:
        key = DLQ_KEY.format(topic=letter.topic)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(key, letter.to_json())
            pipe.ltrim(key, -DLQ_MAX, -1)
            await pipe.execute()

    async def replay_dead_letters(self, topic: str, limit: int = 1000) -> tuple[int, int]:
        replayed = skipped = 0
        key = DLQ_KEY.format(topic=topic)
        while replayed + skipped < limit and (raw := await self.redis.lpop(key)) is not None:
            letter = DeadLetter.from_json(raw)
            if isinstance(letter.event, dict):
                await self.publish(topic, letter.event, key=letter.key)
                replayed += 1
            else:
                skipped += 1
        return replayed, skipped

    async def dead_letters(self, topic: str, limit: int = 100) -> list[DeadLetter]:
        raw = await self.redis.lrange(DLQ_KEY.format(topic=topic), 0, limit - 1)
        return [DeadLetter.from_json(item) for item in raw]

    async def _consume(
        self, sub: Subscription, queue: asyncio.Queue[tuple[bytes, str | None]]
    ) -> None:
        while True:
            raw, key = await queue.get()
            try:
                # handle() raises only when the DLQ (Redis) is down: keep the event and try
                # again shortly, for as long as it takes.
                async for attempt in AsyncRetrying(
                    retry=retry_if_exception_type(Exception), wait=wait_fixed(1)
                ):
                    with attempt:
                        await self.handle(sub, raw, key=key)
            finally:
                queue.task_done()
