"""Orders that would vanish: a cafe with active orders for a date and no working chat (not
linked, or its notifications off).

- Ahead of the deadline (`ALERT_BEFORE_DEADLINE_MINUTES` before it, checked with every
  deadline tick): managers and admins get one message per (cafe, date) — once across all
  processes, by a Redis `SET NX` key that outlives the day — with the count and the command
  that fixes it, while there is still time.
- At the deadline, a row skipped with orders (`bot.notifications.delivery`) alerts them again
  with the count: those orders were not sent to anyone.
"""

from __future__ import annotations

import datetime as dt

from aiogram import html
from redis.asyncio import Redis

from bot.notify import Notifier
from bot.texts import local_date
from core.clock import Clock
from core.logging import get_logger
from db.models import Cafe, Deadline, Order, OrderStatus
from services.deadlines import closed_between

log = get_logger(__name__)

ALERT_KEY_TTL = 3 * 24 * 3600  # longer than any date stays ahead of its deadline alert


def _day(day: dt.date) -> str:
    return local_date(day)


class OrphanOrderAlerts:
    def __init__(
        self, notifier: Notifier, redis: Redis, clock: Clock, tz: dt.tzinfo, lead_minutes: int
    ) -> None:
        self.notifier = notifier
        self.redis = redis
        self.clock = clock
        self.tz = tz
        self.lead = dt.timedelta(minutes=lead_minutes)

    async def before_deadlines(self) -> int:
        """Alert for every (cafe, date) closing within the lead time that has orders and no
        working chat; returns how many (cafe, date) were alerted by this call."""
        if not self.lead:
            return 0
        now = self.clock.now()
        rules: dict[int, list[Deadline]] = {}
        for rule in await Deadline.filter(cafe__is_active=True):
            rules.setdefault(rule.cafe_id, []).append(rule)  # type: ignore[attr-defined]
        due = [
            (cafe_id, day)
            for cafe_id, cafe_rules in rules.items()
            for day, _ in closed_between(cafe_rules, self.tz, now, now + self.lead)
        ]
        if not due:
            return 0
        broken = {
            cafe.id: cafe
            for cafe in await Cafe.filter(id__in={c for c, _ in due})
            if cafe.tg_chat_id is None or not cafe.notifications_enabled
        }
        alerted = 0
        for cafe_id, day in due:
            cafe = broken.get(cafe_id)
            if cafe is None:
                continue
            count = await Order.filter(cafe_id=cafe_id, date=day, status=OrderStatus.ACTIVE).count()
            if not count:
                continue
            key = f"alert:orphan-orders:{cafe_id}:{day.isoformat()}"
            if not await self.redis.set(key, "1", nx=True, ex=ALERT_KEY_TTL):
                continue  # another process (or an earlier tick) told them
            await self._tell(cafe, day, count, "orphan-orders-ahead")
            alerted += 1
        return alerted

    async def skipped_with_orders(self, cafe: Cafe, day: dt.date, count: int) -> None:
        await self._tell(cafe, day, count, "orphan-orders-skipped")

    async def _tell(self, cafe: Cafe, day: dt.date, count: int, key: str) -> None:
        reason = "not_linked" if cafe.tg_chat_id is None else "notifications_off"
        reached = await self.notifier.managers(
            key,
            cafe=html.quote(cafe.name),
            cafe_id=str(cafe.id),
            date=_day(day),
            count=count,
            reason=reason,
        )
        log.warning(
            "orders without a working cafe chat",
            cafe_id=cafe.id,
            date=day.isoformat(),
            orders_count=count,
            reason=reason,
            stage=key.rsplit("-", 1)[-1],
            managers_told=reached,
        )
