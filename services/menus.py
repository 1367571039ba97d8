"""What can be ordered, and for when: the active cafes, a cafe's menu for a delivery date.

A menu does not change by date (the model has one menu per cafe); the date decides whether
ordering is open and until when (`services.deadlines`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.clock import Clock
from db.models import Cafe, Category, Combo, DayOff, Deadline, MenuItem
from services.deadlines import closes_at, next_open_day
from services.errors import InvalidError, NotFoundError

# Orders are taken at most this many days ahead: the menu and its prices are today's, and a
# date months away is more likely a mistake than a plan. Longer than any deadline's advance.
HORIZON_DAYS = 30

CATEGORY_ORDER = {category: index for index, category in enumerate(Category)}


async def days_off(cafe_ids: list[int], since: dt.date) -> dict[int, set[dt.date]]:
    """The cafes' days off from `since` on, by cafe id (one query)."""
    found: dict[int, set[dt.date]] = {cafe_id: set() for cafe_id in cafe_ids}
    rows = await DayOff.filter(cafe_id__in=cafe_ids, date__gte=since).values_list("cafe_id", "date")
    for cafe_id, day in rows:
        found[cafe_id].add(day)
    return found


def check_day(day: dt.date, now: dt.datetime, tz: dt.tzinfo) -> None:
    """Refuse a delivery date in the past or beyond the horizon (in the office's time zone)."""
    today = now.astimezone(tz).date()
    if day < today:
        raise InvalidError(f"{day} is in the past", code="date_in_past", field="date")
    if (day - today).days > HORIZON_DAYS:
        raise InvalidError(
            f"{day} is too far ahead: orders are taken up to {HORIZON_DAYS} days ahead",
            code="date_too_far",
            field="date",
        )


@dataclass(frozen=True)
class CafeSummary:
    cafe: Cafe
    next_day: dt.date | None  # None: the cafe has no deadlines, so it does not deliver
    deadline: dt.datetime | None


@dataclass(frozen=True)
class Menu:
    cafe: Cafe
    day: dt.date
    deadline: dt.datetime | None  # None: the cafe does not deliver on that day
    open: bool
    day_off: bool  # a holiday or closure (the reason `deadline` is None)
    combos: list[Combo]  # only those that can be made of the available items
    items: list[MenuItem]  # available ones, by category (in `Category` order), then name


@dataclass
class MenuService:
    clock: Clock
    tz: dt.tzinfo

    async def cafes(self) -> list[CafeSummary]:
        now = self.clock.now()
        cafes = Cafe.filter(is_active=True).order_by("name", "id").prefetch_related("deadlines")
        summaries = []
        loaded = await cafes
        off = await days_off([c.id for c in loaded], now.astimezone(self.tz).date())
        for cafe in loaded:
            upcoming = next_open_day(cafe.deadlines, self.tz, now, off[cafe.id])
            day, deadline = upcoming or (None, None)
            summaries.append(CafeSummary(cafe, day, deadline))
        return summaries

    async def menu(self, cafe_id: int, day: dt.date | None = None) -> Menu:
        """The menu of an active cafe for `day` (by default the next date still open)."""
        cafe = await Cafe.get_or_none(id=cafe_id, is_active=True)
        if cafe is None:
            raise NotFoundError("No such cafe", code="cafe_not_found")
        now = self.clock.now()
        rules = await Deadline.filter(cafe_id=cafe.id)
        off = (await days_off([cafe.id], now.astimezone(self.tz).date()))[cafe.id]
        if day is None:
            upcoming = next_open_day(rules, self.tz, now, off)
            day = upcoming[0] if upcoming else now.astimezone(self.tz).date()
        check_day(day, now, self.tz)
        deadline = closes_at(rules, day, self.tz, off)
        items = sorted(
            await MenuItem.filter(cafe_id=cafe.id, is_available=True),
            key=lambda item: (CATEGORY_ORDER[item.category], item.name, item.id),
        )
        offered = {item.category for item in items}
        combos = Combo.filter(cafe_id=cafe.id, is_available=True).order_by("price", "id")
        return Menu(
            cafe=cafe,
            day=day,
            deadline=deadline,
            open=deadline is not None and now < deadline,
            day_off=day in off,
            combos=[c for c in await combos if offered.issuperset(c.categories)],
            items=items,
        )
