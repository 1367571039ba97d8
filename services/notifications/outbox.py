"""The deadline outbox: one `DeadlineNotification` row per (cafe, date), then one event.

Every process ticks (the scheduler, at least once a minute, and once at start-up to catch
up); each tick

1. finds the delivery dates whose deadline passed between the start of today (local, with a
   margin for a deadline just before midnight) and now, for every active cafe;
2. inserts their rows with `INSERT … ON CONFLICT DO NOTHING`: the unique (cafe, date) is the
   guard, so any number of processes create each row once;
3. publishes `deadline.passed` for every row still `pending` (and again for a row published
   more than five minutes ago and still not delivered), claiming them with
   `FOR UPDATE SKIP LOCKED` so two processes never publish the same row at once.

A publish that fails (Kafka down) leaves the row pending with the error; the next tick tries
again, so nothing is lost while the broker is away. A crash between the publish and marking
the row published publishes it again: the consumer (`services.notifications.delivery`) is
idempotent per (cafe, date), so that repeats nothing anyone sees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from core.clock import Clock, iso_utc
from core.events import EventBus, PublishError, Topics
from core.logging import get_logger
from db.models import Cafe, DeadlineNotification, NotificationStatus
from services.deadlines import closed_between, closes_at
from services.errors import ConflictError, NotFoundError

log = get_logger(__name__)

EVENT_TYPE = "deadline.passed"
CATCH_UP_MARGIN = dt.timedelta(minutes=30)  # a tick just after midnight still sees 23:59
REPUBLISH_AFTER = dt.timedelta(minutes=5)  # far longer than a rate-limited delivery takes
PUBLISH_BATCH = 100
DELIVERED = (NotificationStatus.SENT, NotificationStatus.SKIPPED)

_INSERT = """
INSERT INTO deadline_notifications
    (cafe_id, date, deadline_at, status, orders_count, total_amount, message_ids, attempts,
     created_at, updated_at)
SELECT cafe_id, date, deadline_at, 'pending', 0, 0, '[]'::jsonb, 0, now(), now()
FROM unnest($1::int[], $2::date[], $3::timestamptz[]) AS t(cafe_id, date, deadline_at)
ON CONFLICT (cafe_id, date) DO UPDATE
    SET status = 'pending', skip_reason = NULL, last_error = NULL, sent_at = NULL,
        deadline_at = EXCLUDED.deadline_at, updated_at = now()
    -- Settled as skipped before this deadline: fired early by hand, or at an earlier deadline
    -- the cafe has since moved later. The orders placed meanwhile must go out now.
    WHERE deadline_notifications.status = 'skipped'
      AND deadline_notifications.deadline_at < EXCLUDED.deadline_at
RETURNING id
"""

# Pending rows, and published ones still undelivered long after: the broker may have lost the
# event (a topic re-created, an unclean leader election). Publishing again is safe, the
# consumer is idempotent; the age is measured on the app's clock, like the deadlines.
_CLAIM = """
SELECT id, cafe_id, date, deadline_at FROM deadline_notifications
WHERE status = 'pending'
   OR (status IN ('published', 'sending') AND published_at < $2)
ORDER BY deadline_at, id
LIMIT $1
FOR UPDATE SKIP LOCKED
"""


# Every tick of every process reads all the rules (1,000 cafes: a thousand rows): written out,
# without the ORM's objects.
_RULES = """
SELECT d.cafe_id, d.weekday, d.local_minutes, d.advance_days
FROM deadlines d JOIN cafes c ON c.id = d.cafe_id
WHERE c.is_active
"""
_DAYS_OFF = "SELECT cafe_id, date FROM days_off WHERE cafe_id = ANY($1::int[]) AND date >= $2"


@dataclass(frozen=True)
class _Rule:
    """A `db.models.Deadline` row, as `services.deadlines` reads it."""

    weekday: int
    local_minutes: int
    advance_days: int


def deadline_event(cafe_id: int, day: dt.date, deadline_at: dt.datetime) -> dict[str, object]:
    """The event's shape, which every consumer reads: `{"type": "deadline.passed",
    "cafe_id": 123, "date": "2025-12-08", "timestamp": "2025-12-07T10:00:00Z"}`; the
    timestamp is the deadline itself."""
    return {
        "type": EVENT_TYPE,
        "cafe_id": cafe_id,
        "date": day.isoformat(),
        "timestamp": iso_utc(deadline_at),
    }


@dataclass(frozen=True)
class TickResult:
    created: int
    published: int
    pending: int  # rows left unpublished (the bus is down)


class DeadlineOutbox:
    def __init__(self, bus: EventBus, topics: Topics, clock: Clock, tz: dt.tzinfo) -> None:
        self.bus = bus
        self.topics = topics
        self.clock = clock
        self.tz = tz

    async def tick(self) -> TickResult:
        """What the scheduler runs: create the rows of deadlines that passed, publish them."""
        created = await self.create_due()
        published, pending = await self.publish_pending()
        return TickResult(created, published, pending)

    async def create_due(self) -> int:
        now = self.clock.now()
        local_midnight = dt.datetime.combine(now.astimezone(self.tz).date(), dt.time(), self.tz)
        after = min(local_midnight.astimezone(dt.UTC), now - CATCH_UP_MARGIN)
        conn = _connection()
        rules: dict[int, list[_Rule]] = defaultdict(list)
        for row in await conn.execute_query_dict(_RULES):
            rules[row["cafe_id"]].append(
                _Rule(row["weekday"], row["local_minutes"], row["advance_days"])
            )
        # A day off has no deadline: its date never gets a row, so nothing is sent for it.
        days_off: dict[int, set[dt.date]] = defaultdict(set)
        for row in await conn.execute_query_dict(
            _DAYS_OFF, [list(rules), after.astimezone(self.tz).date()]
        ):
            days_off[row["cafe_id"]].add(row["date"])
        due = [
            (cafe_id, day, deadline)
            for cafe_id, cafe_rules in rules.items()
            for day, deadline in closed_between(
                cafe_rules, self.tz, after, now, days_off.get(cafe_id, ())
            )
        ]
        if not due:
            return 0
        cafe_ids, days, deadlines = (list(column) for column in zip(*due, strict=True))
        rows = await conn.execute_query_dict(_INSERT, [cafe_ids, days, deadlines])
        if rows:
            log.info("deadline notifications due", count=len(rows))
        return len(rows)

    async def publish_pending(self) -> tuple[int, int]:
        """Publish every pending row, oldest deadline first; stop at the first failure (the
        bus is down: the rest would only wait for their timeouts too)."""
        published = 0
        now = self.clock.now()
        while True:
            async with in_transaction() as conn:
                claimed = await conn.execute_query_dict(
                    _CLAIM, [PUBLISH_BATCH, now - REPUBLISH_AFTER]
                )
                done: list[int] = []
                failure: str | None = None
                for row in claimed:
                    event = deadline_event(row["cafe_id"], row["date"], row["deadline_at"])
                    try:
                        await self.bus.publish(
                            self.topics.deadlines, event, key=str(row["cafe_id"])
                        )
                    except PublishError as error:
                        failure = str(error)
                        await conn.execute_query(
                            "UPDATE deadline_notifications SET last_error = $2, updated_at = now()"
                            " WHERE id = $1",
                            [row["id"], f"publish failed: {failure}"],
                        )
                        break
                    done.append(row["id"])
                if done:
                    # A row being sent keeps `sending`; only its age is renewed.
                    await conn.execute_query(
                        "UPDATE deadline_notifications SET published_at = $2, updated_at = now(),"
                        " status = CASE WHEN status = 'pending' THEN 'published' ELSE status END,"
                        " last_error = NULL WHERE id = ANY($1::int[])",
                        [done, now],
                    )
            published += len(done)
            if failure is not None:
                pending = await DeadlineNotification.filter(
                    status=NotificationStatus.PENDING
                ).count()
                log.warning("deadline events not published", pending=pending, error=failure)
                return published, pending
            if len(claimed) < PUBLISH_BATCH:
                return published, 0

    async def republish_undelivered(self) -> int:
        """The in-process bus forgets its queue when the process stops: at start-up, hand
        the rows that were published but not delivered back to the outbox (Kafka keeps its
        log, so there this is never needed)."""
        return await DeadlineNotification.filter(
            status__in=(NotificationStatus.PUBLISHED, NotificationStatus.SENDING)
        ).update(status=NotificationStatus.PENDING)

    async def fire(
        self, cafe_id: int, day: dt.date, *, force: bool = False, early: bool = False
    ) -> DeadlineNotification:
        """`lunchbot deadline CAFE_ID DATE`: notify the cafe about `day` now.

        Before `day`'s deadline it is refused unless `force` or `early` (the sandbox's "fire
        now"): ordering is still open and the deadline sends the list by itself. Fired early,
        the row keeps the moment it was fired as its deadline, so a skip (no orders yet)
        leaves the real deadline to deliver, and a sent list gets follow-ups for later
        changes. A (cafe, day) already delivered or skipped is refused unless `force`: then
        it is sent again as a new message."""
        cafe = await Cafe.get_or_none(id=cafe_id).prefetch_related("deadlines")
        if cafe is None:
            raise NotFoundError(f"cafe {cafe_id} not found")
        now = self.clock.now()
        deadline_at = closes_at(cafe.deadlines, day, self.tz) or now
        if now < deadline_at:
            if not (force or early):
                local = deadline_at.astimezone(self.tz)
                raise ConflictError(
                    f"ordering from cafe {cafe_id} for {day} is open until"
                    f" {local:%Y-%m-%d %H:%M}, and the deadline sends the list by itself;"
                    " use --force to send it now",
                    code="deadline_not_passed",
                )
            deadline_at = now
        async with in_transaction() as conn:
            record, _ = await DeadlineNotification.get_or_create(
                cafe_id=cafe_id,
                date=day,
                defaults={"deadline_at": deadline_at},
                using_db=conn,
            )
            record = await DeadlineNotification.select_for_update().using_db(conn).get(id=record.id)
            if record.status in DELIVERED and not force:
                raise ConflictError(
                    f"cafe {cafe_id} was already notified for {day} ({record.status});"
                    " use --force to send it again"
                )
            if record.status in DELIVERED or force:
                record.message_ids = []
                record.skip_reason = None
                record.sent_at = None
                # A new list, a new "✅ Принято" button: the old acceptance was of the old one.
                record.accepted_at = None
                record.accepted_by_tgid = None
                record.accepted_by_name = None
                record.ack_alerted_at = None
            record.status = NotificationStatus.PENDING
            record.last_error = None
            record.deadline_at = min(record.deadline_at, deadline_at)
            await record.save(using_db=conn)
        log.info("deadline fired by hand", cafe_id=cafe_id, date=day.isoformat(), force=force)
        await self.publish_pending()
        await record.refresh_from_db()
        return record


def _connection():  # type: ignore[no-untyped-def]
    return Tortoise.get_connection("default")
