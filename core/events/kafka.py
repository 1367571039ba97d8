"""The Kafka event bus (aiokafka), for any number of processes.

Each subscription is a consumer task in its group. Offsets are committed per fetched batch of
a partition, only after the handler returned (or the event was dead-lettered) for every event
up to the offset, and only for a partition this consumer still owns: a rebalance that moved
the partition away means the new owner gets the event again, which the idempotent handlers
absorb. A broker that is down at start-up, or goes
away later, is waited for with backoff; the process itself never stops for it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type

from core.events import (
    DeadLetter,
    Event,
    EventBus,
    PublishError,
    Subscription,
    Topics,
    encode,
)
from core.logging import get_logger
from core.metrics import Metrics

log = get_logger(__name__)

TOPIC_ALREADY_EXISTS = 36
PUBLISH_TIMEOUT = 5.0  # seconds; a publish that cannot finish by then fails (the outbox retries)
STOP_TIMEOUT = 10.0
RECONNECT_DELAY = (0.5, 15.0)  # first and longest wait between attempts to reach the broker


class KafkaEventBus(EventBus):
    def __init__(
        self,
        topics: Topics,
        metrics: Metrics,
        bootstrap_servers: list[str],
        *,
        partitions: int = 3,
        replication_factor: int = 1,
        enable_idempotence: bool = False,
        session_timeout_ms: int = 10_000,
    ) -> None:
        super().__init__(topics, metrics)
        self.bootstrap_servers = ",".join(bootstrap_servers)
        self.partitions = partitions
        self.replication_factor = replication_factor
        self.enable_idempotence = enable_idempotence
        # How soon a dead consumer's partitions move to a live one (and, on tansu, how long
        # a join takes: it holds JoinGroup for about half of it).
        self.session_timeout_ms = session_timeout_ms
        self._producer: AIOKafkaProducer | None = None
        self._producer_lock = asyncio.Lock()
        self._consumers: set[AIOKafkaConsumer] = set()
        self._topics_ready = False

    # ---- lifecycle -------------------------------------------------------------------

    async def start(self) -> None:
        """Returns at once: topics, producer and consumers come up in the background when
        the broker is down now, so the web server and the bot still start."""
        with contextlib.suppress(KafkaError, OSError, TimeoutError):
            await self._ensure_topics()
        self._start_consumers()
        for sub in self.subscriptions:
            self._spawn(f"kafka:{sub.group}:{sub.topic}", lambda sub=sub: self._consume(sub))

    async def stop(self) -> None:
        await self._stop_consumers()
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await _stop_quietly(producer)

    async def check(self) -> None:
        admin = self._admin()
        try:
            async with asyncio.timeout(3):
                await admin.start()
                await admin.list_topics()
        finally:
            await _stop_quietly(admin)

    # ---- topics ----------------------------------------------------------------------

    def _admin(self) -> AIOKafkaAdminClient:
        return AIOKafkaAdminClient(
            bootstrap_servers=self.bootstrap_servers, request_timeout_ms=3000
        )

    async def _ensure_topics(self) -> None:
        if self._topics_ready:
            return
        admin = self._admin()
        try:
            async with asyncio.timeout(10):
                await admin.start()
                existing = set(await admin.list_topics())
                missing = [name for name in self.topics.all() if name not in existing]
                if missing:
                    response = await admin.create_topics(
                        [
                            NewTopic(name, self.partitions, self.replication_factor)
                            for name in missing
                        ]
                    )
                    # create_topics reports per-topic failures in the response; it does not raise.
                    for name, code, *rest in response.topic_errors:
                        if code not in (0, TOPIC_ALREADY_EXISTS):
                            message = rest[0] if rest else ""
                            log.error("topic not created", topic=name, code=code, error=message)
                            raise KafkaError(f"cannot create topic {name}: {code} {message}")
                    log.info("topics created", topics=missing)
            self._topics_ready = True
        finally:
            await _stop_quietly(admin)

    # ---- publishing ------------------------------------------------------------------

    async def _get_producer(self) -> AIOKafkaProducer:
        async with self._producer_lock:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self.bootstrap_servers,
                    acks="all",
                    enable_idempotence=self.enable_idempotence,
                    request_timeout_ms=int(PUBLISH_TIMEOUT * 1000),
                    retry_backoff_ms=200,
                )
                try:
                    await producer.start()
                except BaseException:
                    await _stop_quietly(producer)
                    raise
                self._producer = producer
            return self._producer

    async def publish(self, topic: str, event: Event, *, key: str | None = None) -> None:
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT):
                await self._ensure_topics()
                producer = await self._get_producer()
                await producer.send_and_wait(
                    topic, encode(event), key=key.encode() if key is not None else None
                )
        except (KafkaError, OSError, TimeoutError) as error:
            raise PublishError(f"{type(error).__name__}: {error}") from error
        self.metrics.events_published.labels(topic).inc()

    async def send_to_dlq(self, letter: DeadLetter) -> None:
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT):
                producer = await self._get_producer()
                await producer.send_and_wait(
                    Topics.dlq(letter.topic),
                    letter.to_json(),
                    key=letter.key.encode() if letter.key else None,
                )
        except (KafkaError, OSError, TimeoutError) as error:
            raise PublishError(f"DLQ {Topics.dlq(letter.topic)}: {error}") from error

    async def dead_letters(self, topic: str, limit: int = 100) -> list[DeadLetter]:
        """Every letter of the DLQ, from the beginning (inspection; joins no group)."""
        letters: list[DeadLetter] = []
        async with contextlib.aclosing(self._read_dlq(topic, group=None)) as records:
            async for _, record in records:
                letters.append(DeadLetter.from_json(record.value))
                if len(letters) >= limit:
                    break
        return letters

    async def replay_dead_letters(self, topic: str, limit: int = 1000) -> tuple[int, int]:
        """The replay group's committed offset remembers what was replayed already, so a
        second replay publishes only letters that arrived since."""
        replayed = skipped = 0
        group = self.topics.group("dlq-replay")
        async with contextlib.aclosing(self._read_dlq(topic, group=group)) as records:
            async for commit, record in records:
                letter = DeadLetter.from_json(record.value)
                if isinstance(letter.event, dict):
                    await self.publish(topic, letter.event, key=letter.key)
                    replayed += 1
                else:
                    skipped += 1
                await commit()
                if replayed + skipped >= limit:
                    break
        return replayed, skipped

    async def _read_dlq(self, topic: str, group: str | None) -> Any:
        """(commit, record) for each letter up to the end of the DLQ as it is now; without a
        group from the beginning, with one from the group's committed offset."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        try:
            async with asyncio.timeout(30):
                await consumer.start()
                await consumer.topics()  # loads the cluster metadata partitions_for_topic reads
                dlq = Topics.dlq(topic)
                partitions = [
                    TopicPartition(dlq, p) for p in sorted(consumer.partitions_for_topic(dlq) or ())
                ]
                if not partitions:
                    return
                consumer.assign(partitions)
                if group is None:
                    await consumer.seek_to_beginning(*partitions)
                ends = await consumer.end_offsets(partitions)
                while await _behind(consumer, ends):
                    batch = await consumer.getmany(timeout_ms=1000)
                    for tp, records in batch.items():
                        for record in records:
                            if record.offset >= ends[tp] or not record.value:
                                continue

                            async def commit(
                                tp: TopicPartition = tp, offset: int = record.offset
                            ) -> None:
                                await consumer.commit({tp: offset + 1})

                            yield commit, record
        finally:
            await _stop_quietly(consumer)

    # ---- consuming -------------------------------------------------------------------

    async def _consume(self, sub: Subscription) -> None:
        """Consumer sessions one after another until the bus stops. A broker that cannot be
        reached is tried again after pauses that double; once a session came up, the pause
        after it ends starts from the shortest again."""
        backoff = _Backoff(*RECONNECT_DELAY)
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(Exception),
            wait=backoff,
            before_sleep=partial(_reconnecting, sub),
        ):
            with attempt:
                number = attempt.retry_state.attempt_number
                await self._session(sub, partial(backoff.connected, number))

    async def _session(self, sub: Subscription, connected: Callable[[], None]) -> None:
        consumer = AIOKafkaConsumer(
            sub.topic,
            bootstrap_servers=self.bootstrap_servers,
            group_id=sub.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=50,
            session_timeout_ms=self.session_timeout_ms,
            max_poll_interval_ms=int(sub.max_poll_interval * 1000),
            heartbeat_interval_ms=max(100, self.session_timeout_ms // 4),
        )
        try:
            await self._ensure_topics()
            await consumer.start()
            self._consumers.add(consumer)
            log.info("consumer started", topic=sub.topic, group=sub.group)
            connected()
            await self._poll(consumer, sub)
        finally:
            self._consumers.discard(consumer)
            await _stop_quietly(consumer)

    async def _poll(self, consumer: AIOKafkaConsumer, sub: Subscription) -> None:
        while True:
            batch = await consumer.getmany(timeout_ms=1000)
            for tp, records in batch.items():
                if tp not in consumer.assignment():
                    continue  # revoked by a rebalance: the new owner starts from our last commit
                await self._process(consumer, sub, tp, records)

    async def _process(
        self,
        consumer: AIOKafkaConsumer,
        sub: Subscription,
        tp: TopicPartition,
        records: list[ConsumerRecord],
    ) -> None:
        """Handle one partition's batch, `sub.concurrency` events at a time (a key's events
        in order), then commit the offset after the last event handled — or, when one could
        be neither handled nor dead-lettered, up to it: it is read again after a pause,
        never skipped (events after it that were handled repeat harmlessly)."""
        chains: dict[bytes | None, list[ConsumerRecord]] = {}
        for record in records:
            chains.setdefault(record.key if sub.concurrency > 1 else b"", []).append(record)
        slots = asyncio.Semaphore(sub.concurrency)
        stuck: list[tuple[int, Exception]] = []

        async def run(chain: list[ConsumerRecord]) -> None:
            for record in chain:
                try:
                    async with slots:
                        await self.handle(
                            sub,
                            record.value,
                            key=record.key.decode(errors="replace") if record.key else None,
                            partition=record.partition,
                            offset=record.offset,
                        )
                except Exception as error:
                    # Not handled and not dead-lettered (the DLQ is unreachable, or a bug):
                    # this event is read again after a pause; nothing escapes the group.
                    log.warning(
                        "event neither handled nor dead-lettered, will be read again",
                        topic=sub.topic,
                        partition=record.partition,
                        offset=record.offset,
                        error=describe(error),
                    )
                    stuck.append((record.offset, error))
                    return  # the rest of this key waits behind it

        async with asyncio.TaskGroup() as group:
            for chain in chains.values():
                group.create_task(run(chain))
        if stuck:
            offset, error = min(stuck, key=lambda item: item[0])
            await self._commit(consumer, sub, tp, offset)
            consumer.seek(tp, offset)
            raise error
        await self._commit(consumer, sub, tp, records[-1].offset + 1)

    async def _commit(
        self, consumer: AIOKafkaConsumer, sub: Subscription, tp: TopicPartition, offset: int
    ) -> None:
        if tp not in consumer.assignment() or offset <= 0:
            return
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT):  # a commit hangs while the broker is down
                await consumer.commit({tp: offset})
        except (CommitFailedError, IllegalStateError) as error:
            # Lost the partition between the check and the commit; its new owner redelivers.
            log.info("commit skipped after rebalance", topic=sub.topic, error=str(error))
        else:
            highwater = consumer.highwater(tp)
            if highwater is not None:
                self.metrics.consumer_lag.labels(sub.topic).set(max(0, highwater - offset))


class _Backoff:
    """tenacity's wait for the reconnect loop: doubling from `first` up to `longest`, counted
    from the attempt whose consumer last came up rather than from the first attempt."""

    def __init__(self, first: float, longest: float) -> None:
        self.first = first
        self.longest = longest
        self._base = 0  # attempts that ended before the last session came up

    def connected(self, attempt: int) -> None:
        self._base = attempt - 1

    def __call__(self, state: RetryCallState) -> float:
        # Capped: `longest` is reached long before, and a days-long outage must not overflow.
        failures = min(state.attempt_number - self._base, 32)
        return min(self.first * 2 ** (failures - 1), self.longest)


def _reconnecting(sub: Subscription, state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning(
        "consumer interrupted, reconnecting",
        topic=sub.topic,
        group=sub.group,
        retry_in=state.upcoming_sleep,
        error=describe(error) if error is not None else None,
    )


def describe(error: BaseException) -> str:
    """An error as one line naming its cause, also inside an ExceptionGroup (whose own text is
    the unhelpful "unhandled errors in a TaskGroup")."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return f"{type(error).__name__}: {error}"


async def _behind(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return True
    return False


async def _stop_quietly(client: Any) -> None:
    """aiokafka's stop()/close() can hang when the broker is gone; bound it."""
    try:
        async with asyncio.timeout(STOP_TIMEOUT):
            await (client.close() if isinstance(client, AIOKafkaAdminClient) else client.stop())
    except asyncio.CancelledError:
        # aiokafka's Fetcher.close() awaits the fetch tasks it cancelled, so after a broker
        # outage stop() itself can raise CancelledError. Swallowing it keeps the reconnect
        # loop alive; a cancellation meant for us is still honoured.
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
        log.debug("kafka client stop interrupted by its own cancelled tasks")
    except Exception as error:
        log.debug("kafka client stop failed", error=f"{type(error).__name__}: {error}")
