"""Reminders before the deadline: who gets one, for which date, and when — once.

For each delivery date D, the cafes *still taking orders* for D are the active cafes whose
deadline for D is ahead. `REMINDER_MINUTES` before the earliest of those deadlines, everyone
who should be reminded (`reminder_recipients`) and has no active order for D in any cafe
gets one message listing those cafes and their deadlines.

Exactly once per (person, date): every process ticks; a tick inserts the due `reminders`
rows with `INSERT … ON CONFLICT DO NOTHING` (the unique (user, date) is the guard), then
processes take rows to send with `FOR UPDATE SKIP LOCKED` (each row goes to one of them).
A row is only sent while its deadline is ahead, and everything is checked again just before
sending (ordered meanwhile? turned reminders off?), so a late scheduler never reminds about
a closed day. A row a crashed process had taken is taken again after `RECLAIM_AFTER` if its
deadline is still ahead: the one way a reminder could come twice is a crash in the instant
between Telegram accepting it and the row saying so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tortoise import Tortoise
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from core.clock import Clock
from core.logging import get_logger
from db.models import Deadline, Order, OrderStatus, Reminder, ReminderStatus, User
from services.deadlines import closes_at
from services.users import roster

log = get_logger(__name__)

RECLAIM_AFTER = dt.timedelta(minutes=5)
CLAIM_BATCH = 100


class SkipReason:
    ORDERED = "ordered"
    TURNED_OFF = "turned_off"
    DEADLINE_PASSED = "deadline_passed"
    NOT_REACHABLE = "not_reachable"


def reminder_recipients(day: dt.date) -> QuerySet[User]:
    """Who is reminded about `day`: on the roster, has started the bot (else Telegram refuses
    the message), has not blocked it, has reminders on, and has no active order for `day`
    in any cafe."""
    ordered = Order.filter(date=day, status=OrderStatus.ACTIVE).values("user_id")
    return (
        roster()
        .filter(reminders_enabled=True, started_at__not_isnull=True, blocked_at__isnull=True)
        .exclude(id__in=Subquery(ordered))
    )


@dataclass(frozen=True)
class OpenCafe:
    cafe_id: int
    name: str
    deadline: dt.datetime  # UTC


@dataclass(frozen=True)
class OpenDay:
    """A delivery date some cafe still takes orders for, with those cafes (earliest first)."""

    day: dt.date
    cafes: list[OpenCafe] = field(default_factory=list)

    @property
    def deadline(self) -> dt.datetime:
        return self.cafes[0].deadline


_INSERT = """
INSERT INTO reminders (user_id, date, deadline_at, status, created_at, updated_at)
SELECT user_id, $2::date, $3::timestamptz, 'pending', now(), now()
FROM unnest($1::int[]) AS t(user_id)
ON CONFLICT (user_id, date) DO NOTHING
RETURNING id
"""

_CLAIM = """
UPDATE reminders SET status = 'sending', claimed_at = $1, updated_at = now()
WHERE id IN (
    SELECT id FROM reminders
    WHERE (status = 'pending' OR (status = 'sending' AND claimed_at < $2))
      AND deadline_at > $1
    ORDER BY deadline_at, id
    LIMIT $3
    FOR UPDATE SKIP LOCKED
)
RETURNING id
"""

_EXPIRE = """
UPDATE reminders SET status = 'skipped', reason = 'deadline_passed', updated_at = now()
WHERE status IN ('pending', 'sending') AND deadline_at <= $1
"""


@dataclass
class ReminderService:
    clock: Clock
    tz: dt.tzinfo
    minutes: int

    @property
    def enabled(self) -> bool:
        return self.minutes > 0

    async def open_days(self, now: dt.datetime | None = None) -> list[OpenDay]:
        """Every delivery date still open at `now` in some active cafe, soonest deadline
        first (the coming week and a bit: enough for any `advance_days`)."""
        now = now or self.clock.now()
        rules: dict[int, list[Deadline]] = defaultdict(list)
        names: dict[int, str] = {}
        for rule in await Deadline.filter(cafe__is_active=True).select_related("cafe"):
            rules[rule.cafe_id].append(rule)  # type: ignore[attr-defined]
            names[rule.cafe_id] = rule.cafe.name  # type: ignore[attr-defined]
        if not rules:
            return []
        today = now.astimezone(self.tz).date()
        ahead = max(r.advance_days for cafe_rules in rules.values() for r in cafe_rules) + 8
        days: dict[dt.date, list[OpenCafe]] = defaultdict(list)
        for offset in range(ahead):
            day = today + dt.timedelta(days=offset)
            for cafe_id, cafe_rules in rules.items():
                deadline = closes_at(cafe_rules, day, self.tz)
                if deadline is not None and now < deadline:
                    days[day].append(OpenCafe(cafe_id, names[cafe_id], deadline))
        opened = [
            OpenDay(day, sorted(cafes, key=lambda c: (c.deadline, c.name)))
            for day, cafes in days.items()
        ]
        return sorted(opened, key=lambda d: (d.deadline, d.day))

    async def due_days(self, *, now_for_the_next: bool = False) -> list[OpenDay]:
        """The open dates whose reminder time has come: `REMINDER_MINUTES` before their
        earliest open deadline. `now_for_the_next` (the sandbox's "send reminders now"):
        the soonest open date, whatever the time."""
        now = self.clock.now()
        days = await self.open_days(now)
        if now_for_the_next:
            return days[:1]
        lead = dt.timedelta(minutes=self.minutes)
        return [d for d in days if d.deadline - lead <= now]

    async def create_due(self, *, now_for_the_next: bool = False) -> int:
        """Insert the rows of reminders due now; returns how many were new."""
        if not self.enabled and not now_for_the_next:
            return 0
        created = 0
        for open_day in await self.due_days(now_for_the_next=now_for_the_next):
            ids = await reminder_recipients(open_day.day).values_list("id", flat=True)
            if not ids:
                continue
            rows = await _connection().execute_query_dict(
                _INSERT, [list(ids), open_day.day, open_day.deadline]
            )
            created += len(rows)
        if created:
            log.info("reminders due", count=created)
        return created

    async def claim(self, limit: int = CLAIM_BATCH) -> list[Reminder]:
        """Take up to `limit` rows to send (no other process gets them), with their people."""
        now = self.clock.now()
        await _connection().execute_query(_EXPIRE, [now])
        rows = await _connection().execute_query_dict(_CLAIM, [now, now - RECLAIM_AFTER, limit])
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        return (
            await Reminder.filter(id__in=ids).select_related("user").order_by("deadline_at", "id")
        )

    async def skip_reason(self, reminder: Reminder) -> str | None:
        """Why this reminder should no longer go out, checked just before sending."""
        if self.clock.now() >= reminder.deadline_at:
            return SkipReason.DEADLINE_PASSED
        if not await reminder_recipients(reminder.date).filter(id=reminder.user_id).exists():  # type: ignore[attr-defined]
            user = reminder.user
            if not user.reminders_enabled:
                return SkipReason.TURNED_OFF
            if user.blocked_at is not None or user.started_at is None or not user.is_active:
                return SkipReason.NOT_REACHABLE
            return SkipReason.ORDERED
        return None

    async def settle(self, reminder: Reminder, status: ReminderStatus, **changes: object) -> None:
        await Reminder.filter(id=reminder.id).update(status=status, **changes)


def _connection():  # type: ignore[no-untyped-def]
    return Tortoise.get_connection("default")
