"""The office at a glance, for managers: the next delivery date (orders, totals, deadlines, who
has not ordered yet), the month by day and by person, and the "remind them" claim.

Shared by `/today` in the bot and the Mini App's office tab (`/api/v1/office/…`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from redis.asyncio import Redis
from tortoise.functions import Count, Sum

from core.clock import Clock
from db.models import Cafe, Order, OrderStatus, User
from services.deadlines import closes_at, next_open_day
from services.reports import monthly_report
from services.users import roster

ZERO = Decimal("0.00")
REMINDER_KEY = "office:reminded:{day}"  # one "Remind them" per local day, across processes
REMINDER_TTL = 2 * 24 * 3600


@dataclass(frozen=True)
class CafeDay:
    cafe: Cafe
    deadline: dt.datetime
    open: bool
    orders: int
    total: Decimal

    @property
    def linked(self) -> bool:
        return self.cafe.tg_chat_id is not None


@dataclass(frozen=True)
class Today:
    date: dt.date
    cafes: list[CafeDay]
    missing: list[User]  # on the roster, no active order for `date` from any cafe

    @property
    def orders(self) -> int:
        return sum(cafe.orders for cafe in self.cafes)

    @property
    def total(self) -> Decimal:
        return sum((cafe.total for cafe in self.cafes), ZERO)

    @property
    def deadline(self) -> dt.datetime | None:
        """The last moment anyone can still order for `date`."""
        open_ones = [cafe.deadline for cafe in self.cafes if cafe.open]
        return max(open_ones) if open_ones else None


async def roster_without_order(day: dt.date) -> list[User]:
    """Who on the roster (`services.users.roster`) has no active order for `day`."""
    ordered = Order.filter(date=day, status=OrderStatus.ACTIVE).values_list("user_id", flat=True)
    return await roster().exclude(id__in=await ordered).order_by("name", "id")


@dataclass
class OfficeService:
    clock: Clock
    tz: dt.tzinfo
    redis: Redis

    def local_today(self) -> dt.date:
        return self.clock.now().astimezone(self.tz).date()

    async def today(self) -> Today | None:
        """The next delivery date still open for ordering at some active cafe (None: no cafe
        delivers at all), with every cafe that delivers on it."""
        now = self.clock.now()
        cafes = (
            await Cafe.filter(is_active=True).order_by("name", "id").prefetch_related("deadlines")
        )
        opens = [found for cafe in cafes if (found := next_open_day(cafe.deadlines, self.tz, now))]
        if not opens:
            return None
        day = min(found[0] for found in opens)
        sums = {
            row["cafe_id"]: row
            for row in await Order.filter(date=day, status=OrderStatus.ACTIVE)
            .group_by("cafe_id")
            .annotate(count=Count("id"), total=Sum("total_amount"))
            .values("cafe_id", "count", "total")
        }
        rows = []
        for cafe in cafes:
            deadline = closes_at(cafe.deadlines, day, self.tz)
            if deadline is None:
                continue  # does not deliver that day
            found = sums.get(cafe.id, {})
            rows.append(
                CafeDay(
                    cafe=cafe,
                    deadline=deadline,
                    open=now < deadline,
                    orders=found.get("count", 0),
                    total=Decimal(found.get("total") or 0).quantize(Decimal("0.01")),
                )
            )
        return Today(date=day, cafes=rows, missing=await roster_without_order(day))

    async def claim_reminder(self, day: dt.date) -> bool:
        """True for the one caller allowed to send today's "Remind them" (about `day`)."""
        key = REMINDER_KEY.format(day=self.local_today().isoformat())
        return bool(await self.redis.set(key, day.isoformat(), nx=True, ex=REMINDER_TTL))

    async def month(self, month: dt.date) -> dict[str, object]:
        """This month's orders per day and cafe, and per person (the Mini App's charts)."""
        report = await monthly_report(month)
        cafes: list[str] = []
        days: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for order in report.orders:
            if order.cafe not in cafes:
                cafes.append(order.cafe)
            days[order.date.isoformat()][order.cafe] += 1
        return {
            "month": f"{month:%Y-%m}",
            "cafes": sorted(cafes, key=str.casefold),
            "days": [
                {"date": day, "orders": dict(by_cafe)} for day, by_cafe in sorted(days.items())
            ],
            "people": [
                {"name": p.name, "tgid": p.tgid, "orders": p.orders, "total": f"{p.total:.2f}"}
                for p in report.people()
            ],
            "orders": len(report.orders),
            "total": f"{report.total:.2f}",
        }
