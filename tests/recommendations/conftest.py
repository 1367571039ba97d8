"""A small world to compute statistics on: three cafes, their menus, and a way to order.

Dates are relative to the `clock` fixture's day (Monday 2026-12-07 in Moscow): `day(-3)` is
three days before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from redis.asyncio import Redis

from core.clock import FrozenClock
from core.config import Settings
from core.metrics import Metrics
from db.models import Cafe, Category, Combo, MenuItem, Order, User
from services.recommendations.advisor import Advisor
from services.recommendations.key_pool import KeyPool
from tests.support.orders import make_order

TODAY = dt.date(2026, 12, 7)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@dataclass
class World:
    items: dict[str, MenuItem]
    combos: dict[str, Combo]

    async def order(
        self,
        user: User,
        combo: str,
        dishes: list[str],
        date: dt.date,
        *,
        extras: dict[str, int] | None = None,
        **fields: Any,
    ) -> Order:
        chosen = self.combos[combo]
        return await make_order(
            user,
            await chosen.cafe,
            date,
            chosen,
            [self.items[key] for key in dishes],
            [(self.items[key], quantity) for key, quantity in (extras or {}).items()],
            **fields,
        )

    async def orders(
        self, user: User, count: int, combo: str, dishes: list[str], *, before: dt.date = TODAY
    ) -> None:
        """`count` active orders on the `count` days before `before`."""
        for offset in range(1, count + 1):
            await self.order(user, combo, dishes, before - dt.timedelta(days=offset))


MENUS = {
    "pelmennaya": [
        ("borsch", "Борщ", Category.SOUP, True),
        ("shchi", "Щи", Category.SOUP, True),
        ("olivier", "Оливье", Category.SALAD, True),
        ("vinegret", "Винегрет", Category.SALAD, True),
        ("kotleta", "Котлета по-киевски", Category.MAIN, True),
        ("pelmeni", "Пельмени", Category.MAIN, True),
        ("kasha", "Гречка", Category.GARNISH, False),
        ("mors", "Морс клюквенный", Category.EXTRA, True),
    ],
    "grill": [
        ("tomyam", "Том ям", Category.SOUP, True),
        ("caesar", "Цезарь", Category.SALAD, True),
        ("steak", "Стейк", Category.MAIN, True),
        ("fries", "Картофель фри", Category.GARNISH, True),
        ("cake", "Медовик", Category.DESSERT, False),
    ],
    "closed": [("ramen", "Рамен", Category.SOUP, True)],
}
COMBOS = {
    "full": ("pelmennaya", ["soup", "salad", "main"], "450.00"),
    "light": ("pelmennaya", ["soup", "main"], "350.00"),
    "grill": ("grill", ["salad", "main", "garnish"], "520.00"),
    "ramen": ("closed", ["soup"], "300.00"),
}


@pytest.fixture
async def world() -> World:
    cafes = {
        key: await Cafe.create(key=key, name=key.title(), is_active=key != "closed")
        for key in MENUS
    }
    items = {}
    for cafe_key, menu in MENUS.items():
        for key, name, category, available in menu:
            items[key] = await MenuItem.create(
                cafe=cafes[cafe_key],
                key=key,
                name=name,
                category=category,
                price=Decimal("120.00") if category is Category.EXTRA else Decimal(0),
                is_available=available,
            )
    combos = {
        key: await Combo.create(
            cafe=cafes[cafe_key], key=key, name=key, categories=cats, price=Decimal(price)
        )
        for key, (cafe_key, cats, price) in COMBOS.items()
    }
    return World(items, combos)


@pytest.fixture
async def make_advisor(
    make_settings: Callable[..., Settings], redis: Redis, clock: FrozenClock
) -> AsyncIterator[Callable[..., Advisor]]:
    """An Advisor (and its own KeyPool) on the shared Redis, talking to the Gemini double.
    Two of them with the same keys behave like two processes."""
    made: list[Advisor] = []

    def make(keys: list[str], *, limit: int = 195, backoff: float = 0.01, **gemini: Any) -> Advisor:
        settings = make_settings(
            gemini={"api_keys": ",".join(keys), "max_requests_per_key": limit, **gemini}
        )
        metrics = Metrics()
        pool = KeyPool(settings.gemini.api_keys, redis, limit=limit, metrics=metrics, clock=clock)
        made.append(Advisor(settings.gemini, pool, metrics, backoff=backoff))
        return made[-1]

    yield make
    for advisor in made:
        await advisor.close()
