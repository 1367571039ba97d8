"""The event bus: Kafka when `KAFKA_BROKER_URL` is set, an in-process queue otherwise.

Both give the same promise: at-least-once delivery to each consumer group, the
offset committed only after the handler returned, and an event that cannot be handled — not
JSON, no `type`, or failing past its retries — goes to `<topic>.dlq` with the error and the
attempt count, while the consumer carries on with the next event. Handlers are idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from core.logging import get_logger
from core.metrics import Metrics

log = get_logger(__name__)

Event = dict[str, Any]
Handler = Callable[[Event], Awaitable[None]]


async def cancel_all(tasks: list[asyncio.Task[Any]]) -> None:
    """Cancel consumer tasks and wait until each has really finished."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    tasks.clear()


class PublishError(Exception):
    """The event could not be handed to the bus (broker down, timeout). Nothing was sent."""


class PermanentEventError(Exception):
    """Retrying cannot help (bad content, a refused chat): straight to the DLQ."""


@dataclass(frozen=True)
class Topics:
    prefix: str = "lunch-bot"

    @property
    def deadlines(self) -> str:
        return f"{self.prefix}.deadlines"

    @property
    def daily_tasks(self) -> str:
        return f"{self.prefix}.daily-tasks"

    @property
    def recommendations(self) -> str:
        return f"{self.prefix}.recommendations"

    @staticmethod
    def dlq(topic: str) -> str:
        return f"{topic}.dlq"

    def all(self) -> list[str]:
        main = [self.deadlines, self.daily_tasks, self.recommendations]
        return main + [self.dlq(topic) for topic in main]

    def group(self, name: str) -> str:
        """Consumer group names share the prefix: `lunch-bot.notifications`."""
        return f"{self.prefix}.{name}"


@dataclass
class Subscription:
    topic: str
    group: str
    handler: Handler
    max_attempts: int = 3
    backoff: float = 1.0  # seconds before the 2nd attempt; doubles after
    # The longest one event may take. Kafka drops a consumer that has not polled for this
    # long from its group (and redelivers); a batch job as a handler needs much more than the
    # 5 minutes a notification does.
    max_poll_interval: float = 300.0
    # Events with different keys handled at once (one key's events stay in order on Kafka).
    # Worth it when the handler mostly waits (the database, Telegram); the handler must then
    # be safe against itself, as the deadline consumer is with its per-row lock.
    concurrency: int = 1


@dataclass
class DeadLetter:
    topic: str
    error: str
    attempts: int
    event: Any  # the decoded event, or the raw text when it was not JSON
    key: str | None = None
    partition: int | None = None
    offset: int | None = None
    failed_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, default=str).encode()

    @classmethod
    def from_json(cls, raw: bytes | str) -> DeadLetter:
        return cls(**json.loads(raw))


def encode(event: Event) -> bytes:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"), default=str).encode()


# A dead letter keeps at most this much of an event that was not JSON: enough to see what it
# was, and well under the broker's message size limit whatever arrived.
MAX_RAW_KEPT = 16 * 1024


def decode(raw: bytes | None) -> Event:
    """Parse one message; raise PermanentEventError for anything that is not an event.

    *Any* failure of the decoder is the event's fault, not a reason to retry: besides bad
    syntax, Python's JSON decoder raises ValueError for an integer of more than 4,300 digits
    and RecursionError for arrays nested some thousands deep. Retrying such an event, or
    letting the error escape, would stall its partition for good.
    """
    if raw is None:
        raise PermanentEventError("malformed event: empty message")
    try:
        event = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PermanentEventError(f"malformed event: not JSON ({error})") from None
    except RecursionError:
        raise PermanentEventError("malformed event: nested too deeply") from None
    except Exception as error:  # ValueError: "Exceeds the limit (4300 digits)…", MemoryError…
        raise PermanentEventError(
            f"malformed event: cannot be decoded ({type(error).__name__}: {error})"
        ) from None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise PermanentEventError("malformed event: expected a JSON object with a 'type'")
    return event


def _worth_retrying(error: BaseException) -> bool:
    """A handler's failure another attempt may fix: not one that says retrying cannot help,
    not one the event's shape caused (deep nesting, sheer size), not a cancellation."""
    return isinstance(error, Exception) and not isinstance(
        error, (PermanentEventError, RecursionError, MemoryError)
    )


def _retrying(topic: str, state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning(
        "event handler failed, retrying",
        topic=topic,
        attempt=state.attempt_number,
        retry_in=state.upcoming_sleep,
        error=f"{type(error).__name__}: {error}",
    )


class EventBus(ABC):
    """Subscribe before `start()`; publish any time after it."""

    def __init__(self, topics: Topics, metrics: Metrics) -> None:
        self.topics = topics
        self.metrics = metrics
        self.subscriptions: list[Subscription] = []
        self.restart_delay = 1.0  # seconds before a dead consumer task is started again
        self._consumer_tasks: dict[str, asyncio.Task[None]] = {}
        self._restarts: dict[str, asyncio.TimerHandle] = {}
        self._down: dict[str, str] = {}
        self._consumers_stopping = False

    def subscribe(self, topic: str, group: str, handler: Handler, **options: Any) -> None:
        self.subscriptions.append(Subscription(topic, group, handler, **options))

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    @abstractmethod
    async def publish(self, topic: str, event: Event, *, key: str | None = None) -> None:
        """Hand the event to the bus or raise PublishError; never blocks for long."""

    @abstractmethod
    async def check(self) -> None:
        """Raise when the bus is unreachable (for /readyz)."""

    @abstractmethod
    async def dead_letters(self, topic: str, limit: int = 100) -> list[DeadLetter]: ...

    @abstractmethod
    async def send_to_dlq(self, letter: DeadLetter) -> None: ...

    @abstractmethod
    async def replay_dead_letters(self, topic: str, limit: int = 1000) -> tuple[int, int]:
        """Publish the events of `topic`'s DLQ again, each once (oldest first); returns
        (replayed, skipped). A letter whose event was never valid JSON is skipped."""

    async def drain(self) -> None:
        """Wait until what was published here has been handled (in-process bus only)."""
        return

    async def handle(self, sub: Subscription, raw: bytes | None, **where: Any) -> None:
        """Run one message through its handler with retries; dead-letter it if that fails.

        Returns normally when the offset may be committed: handled, or safely dead-lettered.
        Raises only when the dead letter could not be written either; the caller must then
        not commit, so the event is delivered again rather than lost.
        """
        attempts = 0
        event: Any = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        if isinstance(event, str) and len(event) > MAX_RAW_KEPT:
            event = event[:MAX_RAW_KEPT] + f"… ({len(event)} characters in all)"
        try:
            event = decode(raw)
            retrying = AsyncRetrying(
                retry=retry_if_exception(_worth_retrying),
                wait=wait_exponential(multiplier=sub.backoff),
                stop=stop_after_attempt(sub.max_attempts),
                before_sleep=partial(_retrying, sub.topic),
                reraise=True,
            )
            try:
                async for attempt in retrying:
                    attempts = attempt.retry_state.attempt_number
                    with attempt:
                        await sub.handler(event)
            except (PermanentEventError, asyncio.CancelledError):
                raise
            except Exception as error:
                # Out of attempts, or the event's shape broke the handler (RecursionError,
                # MemoryError) so that another attempt would break it again.
                raise PermanentEventError(f"{type(error).__name__}: {error}") from error
            self.metrics.events_consumed.labels(sub.topic, "ok").inc()
        except PermanentEventError as error:
            self.metrics.events_consumed.labels(sub.topic, "dead_letter").inc()
            letter = DeadLetter(
                topic=sub.topic, error=str(error), attempts=attempts, event=event, **where
            )
            details = {k: v for k, v in letter.__dict__.items() if k != "event"}
            log.error("event dead-lettered", **details)
            await self.send_to_dlq(letter)

    # ---- supervision -----------------------------------------------------------------

    def _spawn(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run a consumer task that is restarted whenever it ends, however it ends (a bug, an
        error nobody caught, a cancellation from outside), until `_stop_consumers()`.
        While it waits to be restarted it is listed by `consumers_down()` (and /readyz)."""
        task = asyncio.create_task(work(), name=name)
        self._consumer_tasks[name] = task

        def ended(task: asyncio.Task[None]) -> None:
            if self._consumers_stopping or self._consumer_tasks.get(name) is not task:
                return
            if task.cancelled():
                reason = "cancelled"
            elif (error := task.exception()) is not None:
                reason = f"{type(error).__name__}: {error}"
            else:
                reason = "returned"
            self._down[name] = reason
            log.error(
                "consumer task died, restarting",
                task=name,
                error=reason,
                restart_in=self.restart_delay,
            )
            restart = asyncio.get_running_loop().call_later(self.restart_delay, revive)
            self._restarts[name] = restart

        def revive() -> None:
            self._restarts.pop(name, None)
            if self._consumers_stopping:
                return
            self._down.pop(name, None)
            self.metrics.consumer_restarts.labels(name).inc()
            self._spawn(name, work)

        task.add_done_callback(ended)

    async def _stop_consumers(self) -> None:
        self._consumers_stopping = True
        for handle in self._restarts.values():
            handle.cancel()
        self._restarts.clear()
        self._down.clear()
        tasks = list(self._consumer_tasks.values())
        self._consumer_tasks.clear()
        await cancel_all(tasks)

    def _start_consumers(self) -> None:
        self._consumers_stopping = False

    def consumers_down(self) -> dict[str, str]:
        """Consumer tasks that died and wait to be restarted, with why."""
        return dict(self._down)
