"""The batch: advice for every eligible person, nightly, on an event, or from the CLI.

- One batch at a time across all processes: a Redis lock with a TTL, renewed while the batch
  runs (so a crashed process frees it within `LOCK_TTL`) and released at the end. A trigger
  that finds it taken does nothing: the running batch covers it.
- Idempotent: someone who got advice in the last `FRESH_FOR` is skipped (a redelivered event or
  a second trigger the same night costs no Gemini requests), unless forced.
- `concurrency` people at a time. After each person, `recommendation.generated` is published
  (`success` true or false); a publish that fails is logged and never fails the batch.
- When the key pool runs dry the batch stops taking people, lets the requests in flight finish
  and reports who was not reached; their previous advice stays cached. Admins are told, at
  most once a day.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from core.clock import Clock, iso_utc
from core.events import Event, EventBus
from core.logging import get_logger
from core.metrics import Metrics
from services.recommendations.advisor import Advisor, RecommendationFailed
from services.recommendations.key_pool import KeyPoolExhausted
from services.recommendations.prompt import Advice
from services.recommendations.service import RecommendationService
from services.stats import MIN_ORDERS, OrderStats, StatsService

log = get_logger(__name__)

LOCK_KEY = "recommendations:batch:lock"
LOCK_TTL = 300  # seconds; renewed every third of it while the batch runs
ALERT_KEY = "recommendations:alert:pool-exhausted"
ALERT_EVERY = 24 * 3600
FRESH_FOR = timedelta(hours=20)  # less than a day, so each night refreshes everyone
EVENT_TYPE = "generate_recommendations"

Alert = Callable[..., Awaitable[Any]]  # (text key, **args), e.g. Notifier.admins
Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class BatchReport:
    outcome: str = "done"  # done, exhausted (stopped early), busy (another batch runs), off
    eligible: int = 0
    generated: int = 0
    skipped: int = 0  # advice still fresh, or (--user) not eligible
    failed: int = 0
    not_reached: int = 0  # left out when the key pool ran dry
    keys_used: dict[str, int] = field(default_factory=dict)  # requests by key hash
    seconds: float = 0.0
    message: str = ""

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "message"}


@dataclass(kw_only=True)
class RecommendationBatch:
    stats: StatsService
    advisor: Advisor
    recommendations: RecommendationService
    bus: EventBus
    redis: Redis
    metrics: Metrics
    clock: Clock
    alert: Alert
    concurrency: int

    async def close(self) -> None:
        await self.advisor.close()

    # ---- triggers ---------------------------------------------------------------------

    async def nightly(self) -> None:
        """The 03:00 job (every process schedules it; the lock lets one of them run it)."""
        await self.run()

    async def handle_event(self, event: Event) -> None:
        """`lunch-bot.daily-tasks`; other task types are someone else's."""
        if event["type"] == EVENT_TYPE:
            await self.run()

    # ---- the batch --------------------------------------------------------------------

    async def run(
        self, *, tgid: int | None = None, force: bool = False, progress: Progress | None = None
    ) -> BatchReport:
        """Everyone eligible, or just `tgid` (then even when their advice is fresh)."""
        if not self.advisor.enabled:
            log.info("recommendations are off: GEMINI_API_KEYS is empty")
            return BatchReport(outcome="off", message="GEMINI_API_KEYS is empty")
        async with self._exclusive() as mine:
            if not mine:
                log.info("recommendations batch already running elsewhere, not starting")
                return BatchReport(outcome="busy", message="another batch is running")
            return await self._run(tgid=tgid, force=force or tgid is not None, progress=progress)

    async def _run(
        self, *, tgid: int | None, force: bool, progress: Progress | None
    ) -> BatchReport:
        started = time.monotonic()
        report = BatchReport()
        # The SDK loads (a second, once per process) while the statistics are computed.
        preparing = asyncio.ensure_future(self.advisor.prepare())
        try:
            todo = await self._todo(report, tgid=tgid, force=force)
            if todo:
                await preparing
        finally:
            preparing.cancel()  # nobody to advise (or done already): nothing to wait for
        keys_before = Counter(self.advisor.pool.taken)
        exhausted = await self._work(todo, report, _Progress(len(todo), progress))
        report.not_reached = len(todo) - report.generated - report.failed
        report.keys_used = dict(Counter(self.advisor.pool.taken) - keys_before)
        report.seconds = round(time.monotonic() - started, 3)
        if exhausted is None:
            log.info("recommendations batch finished", **report.summary())
            return report
        report.outcome, report.message = "exhausted", str(exhausted)
        log.error("recommendations batch stopped: key pool exhausted", **report.summary())
        await self._alert_exhausted(report, exhausted)
        return report

    async def _todo(
        self, report: BatchReport, *, tgid: int | None, force: bool
    ) -> list[OrderStats]:
        people = await self.stats.eligible(tgid=tgid)
        report.eligible = len(people)
        if tgid is not None and not people:
            report.skipped = 1
            report.message = f"{tgid} has fewer than {MIN_ORDERS} active orders in 30 days"
        fresh = set()
        if not force:
            fresh = await self.recommendations.fresh([p.tgid for p in people], FRESH_FOR)
        report.skipped += len(fresh)
        self.metrics.recommendations.labels("skipped").inc(report.skipped)
        todo = [p for p in people if p.tgid not in fresh]
        log.info(
            "recommendations batch started",
            eligible=len(people),
            fresh=len(fresh),
            todo=len(todo),
            concurrency=self.concurrency,
        )
        return todo

    async def _work(
        self, todo: list[OrderStats], report: BatchReport, tracker: _Progress
    ) -> KeyPoolExhausted | None:
        """`concurrency` workers share one queue; the first to find the pool dry stops them
        all from taking anyone else (requests in flight still finish)."""
        exhausted: KeyPoolExhausted | None = None
        queue = iter(todo)  # one shared iterator: each person goes to exactly one worker

        async def worker() -> None:
            nonlocal exhausted
            for person in queue:
                if exhausted is not None:
                    return
                try:
                    advice = await self._advise(person, report)
                except KeyPoolExhausted as error:
                    exhausted = exhausted or error
                    return
                # Storing and publishing never hold the next request up (a broker that is
                # down takes seconds; on a busy host each round trip waits its turn).
                finishing.create_task(self._finish(person, advice, report, tracker))

        async with asyncio.TaskGroup() as finishing, asyncio.TaskGroup() as workers:
            for _ in range(min(self.concurrency, len(todo))):
                workers.create_task(worker())
        return exhausted

    async def _advise(self, person: OrderStats, report: BatchReport) -> Advice | None:
        try:
            return await self.advisor.advise(person)
        except RecommendationFailed as error:
            report.failed += 1
            self.metrics.recommendations.labels("failed").inc()
            log.warning("recommendation failed", tgid=person.tgid, error=str(error))
            return None

    async def _finish(
        self, person: OrderStats, advice: Advice | None, report: BatchReport, tracker: _Progress
    ) -> None:
        if advice is not None:
            await self.recommendations.store(person, advice)
            report.generated += 1
            self.metrics.recommendations.labels("generated").inc()
        await self._announce(person.tgid, success=advice is not None)
        tracker.step()

    async def _announce(self, tgid: int, *, success: bool) -> None:
        """Never raises: the advice is cached either way, the event only tells others."""
        event = {
            "type": "recommendation.generated",
            "user_tgid": tgid,
            "success": success,
            "timestamp": iso_utc(self.clock.now()),
        }
        try:
            await self.bus.publish(self.bus.topics.recommendations, event, key=str(tgid))
        except Exception as error:
            log.warning(
                "recommendation event not published",
                tgid=tgid,
                error=f"{type(error).__name__}: {error}",
            )

    async def _alert_exhausted(self, report: BatchReport, error: KeyPoolExhausted) -> None:
        try:
            if not await self.redis.set(
                ALERT_KEY, iso_utc(self.clock.now()), nx=True, ex=ALERT_EVERY
            ):
                return  # already told today
            await self.alert(
                "recommendations-pool-exhausted",
                generated=report.generated,
                remaining=report.not_reached,
                keys=len(self.advisor.pool),
                used_up=error.tally.get("limit", 0),
                rate_limited=error.tally.get("rate_limited", 0),
                invalid=error.tally.get("invalid", 0),
            )
        except Exception as error:  # an alert that cannot be sent must not hide the report
            log.error("pool exhaustion alert failed", error=f"{type(error).__name__}: {error}")

    # ---- one batch at a time ----------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[bool]:
        lock = self.redis.lock(LOCK_KEY, timeout=LOCK_TTL, blocking=False, thread_local=False)
        if not await lock.acquire():
            yield False
            return
        renewing = asyncio.create_task(_keep(lock), name="recommendations-lock")
        try:
            yield True
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            with contextlib.suppress(LockError, RedisError):  # it expires on its own anyway
                await lock.release()


async def _keep(lock: Lock) -> None:
    while True:
        await asyncio.sleep(LOCK_TTL / 3)
        try:
            await lock.reacquire()
        except (LockError, RedisError) as error:
            log.error("recommendations batch lock lost", error=f"{type(error).__name__}: {error}")
            return


class _Progress:
    """Tell the caller after each person; log every tenth of the way."""

    def __init__(self, total: int, callback: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.callback = callback
        self._logged = 0
        if callback is not None:
            callback(0, total)

    def step(self) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(self.done, self.total)
        tenth = self.done * 10 // max(self.total, 1)
        if tenth > self._logged:
            self._logged = tenth
            log.info("recommendations progress", done=self.done, total=self.total)
