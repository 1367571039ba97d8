"""The background work: the event consumers every process subscribes and the jobs every
process schedules. Unique rows and locks make each piece of work happen once however many
processes tick (see each service)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.logging import get_logger
from lunchbot.container import Container

log = get_logger(__name__)

DELIVERY_CONCURRENCY = 8
REMINDER_TICK = 30  # seconds: a reminder goes out within half a minute of its time
DEADLINE_TICK = 30  # seconds: a deadline is noticed within half a minute of passing


async def guarded(name: str, work: Callable[[], Awaitable[object]]) -> None:
    """A tick's step whose failure is logged and left to the next tick: the rows remember
    what is done, so nothing is lost, and one step's failure never skips the others."""
    try:
        await work()
    except Exception:
        log.exception(f"{name} failed")


async def ack_tick(c: Container) -> None:
    """Lists nobody accepted in time: one alert each, whichever process ticks first."""
    await guarded("acceptance check", c.acceptance.alert_overdue)


async def deadline_tick(c: Container) -> None:
    await guarded("deadline tick", c.outbox.tick)
    await ack_tick(c)
    await guarded("pre-deadline alerts", c.alerts.before_deadlines)


async def reminder_tick(c: Container) -> None:
    await guarded("reminder tick", c.reminders.tick)


def schedule(c: Container) -> AsyncIOScheduler:
    """Subscribe the consumers and lay out the jobs; nothing runs until the scheduler and the
    bus are started (`Application.start`)."""
    settings, tz = c.settings, c.settings.tz
    scheduler = AsyncIOScheduler(timezone=tz)

    # Recommendations: every process subscribes and schedules; the batch's lock lets one work.
    batch = c.services.recommendation_batch
    c.bus.subscribe(
        c.topics.daily_tasks,
        c.topics.group("recommendations"),
        batch.handle_event,
        max_poll_interval=6 * 3600,  # the handler is the whole nightly batch
    )
    if settings.gemini.enabled:
        scheduler.add_job(
            batch.nightly,
            CronTrigger(hour=3, minute=0, timezone=tz),
            id="recommendations",
            name="nightly recommendations",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=600,  # a busy event loop delays the run, never skips it
        )

    # Deadlines: the outbox's unique rows and row locks make one event of each deadline. The
    # first tick runs at start-up: it catches up on today's deadlines.
    c.bus.subscribe(
        c.topics.deadlines,
        c.topics.group("notifications"),
        c.deliveries.handle,
        # Mostly waiting on PostgreSQL and Telegram: a handful at once keeps our side well
        # ahead of Telegram's 30 messages a second (the rate limiter sets the pace).
        concurrency=DELIVERY_CONCURRENCY,
    )
    scheduler.add_job(
        deadline_tick,
        IntervalTrigger(seconds=DEADLINE_TICK, timezone=tz),
        args=(c,),
        id="deadlines",
        name="deadline outbox",
        next_run_time=datetime.now(tz),  # the scheduler runs on real time
        coalesce=True,
        max_instances=1,
        misfire_grace_time=DEADLINE_TICK,
    )

    # Reminders: the unique (person, date) rows make each reminder once.
    if c.reminders.service.enabled:
        scheduler.add_job(
            reminder_tick,
            IntervalTrigger(seconds=REMINDER_TICK, timezone=tz),
            args=(c,),
            id="reminders",
            name="reminders before the deadline",
            next_run_time=datetime.now(tz),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=REMINDER_TICK,
        )
    return scheduler
