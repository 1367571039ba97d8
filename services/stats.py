"""Order statistics for recommendations: what someone ate in the last N days.

Counted over *active* orders whose delivery date is in the window (today and the N-1 days
before it, in TIMEZONE; orders for later dates are not eaten yet). "Dishes" are the menu items
chosen for a combo; extras (drinks, bread, sauces ordered on top) are not counted, so the
category mix describes the meals. "Dishes available" are the available dishes on the current
menus of the (active) cafes the user ordered from in the window; the untried ones among them
are what the prompt suggests.

All of it comes from one aggregate SQL statement, for one user or for every eligible user at
once (the nightly batch), never a query per user or per order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import Tortoise

from core.clock import Clock
from db.models import Category

WINDOW_DAYS = 30
MIN_ORDERS = 5  # fewer than this in the window: too little to say anything useful
UNTRIED_LIMIT = 15  # dish names offered to the prompt; enough to choose from, short to read
_CATEGORIES = tuple(category.value for category in Category)

# $1, $2: the window's first and last delivery date; $3: one user's tgid or NULL for all;
# $4: the fewest orders a user needs to be listed; $5: how many untried dish names to return.
# Shaped for the cost per order, which is what grows (10,000 people × 30 days is 300,000
# orders and 900,000 dishes): each order carries its dishes and their categories (kept by the
# database from order_items and menu_items: db/migrations, 7_…_stats_dishes_per_order), so one
# pass over the window's orders, grouped by person, concatenates everyone's dishes, and the
# rest is arithmetic on one array per person. Joining the dishes to their orders and grouping
# them per person and dish cost three times as much (bench/closing.md). `offered` is
# MATERIALIZED: inlined, the planner recomputed it for every person. The untried names come
# from an index in name order, so each person's subquery stops at the first $5 names instead
# of sorting the whole menus.
_CATEGORY_COUNTS = ",\n           ".join(
    f"count(*) FILTER (WHERE category = '{category.value}')::int AS dishes_{category.value}"
    for category in Category
)
_CATEGORY_COLUMNS = ", ".join(f"k.dishes_{category.value}" for category in Category)
_STATS_SQL = (
    """
WITH offered AS MATERIALIZED (
    SELECT mi.cafe_id, count(*)::int AS dishes
    FROM menu_items mi JOIN cafes c ON c.id = mi.cafe_id AND c.is_active
    WHERE mi.is_available AND mi.category <> 'extra'
    GROUP BY mi.cafe_id
), people AS (
    SELECT o.user_id, count(*)::int AS orders, array_agg(o.cafe_id) AS cafes,
           lunchbot_concat(o.dishes) AS dishes, lunchbot_concat(o.dish_categories) AS categories
    FROM orders o
    WHERE o.status = 'active' AND o.date BETWEEN $1 AND $2
      AND ($3::bigint IS NULL OR o.user_id = (SELECT id FROM users WHERE tgid = $3))
    GROUP BY o.user_id
    HAVING count(*) >= $4
)
SELECT u.tgid, u.language, p.orders,
       (SELECT coalesce(sum(f.dishes), 0) FROM offered f WHERE f.cafe_id = ANY (p.cafes))::int
           AS available,
       k.unique_dishes, """
    + _CATEGORY_COLUMNS
    + """,
       ARRAY(
           SELECT DISTINCT mi.name FROM menu_items mi
           WHERE mi.cafe_id = ANY (p.cafes) AND mi.is_available AND mi.category <> 'extra'
             AND mi.id <> ALL (p.dishes)
           ORDER BY mi.name LIMIT $5
       ) AS untried
FROM people p
JOIN users u ON u.id = p.user_id AND u.is_active
CROSS JOIN LATERAL (
    SELECT count(DISTINCT item_id)::int AS unique_dishes,
           """
    + _CATEGORY_COUNTS
    + """
    FROM unnest(p.dishes, p.categories) AS eaten(item_id, category)
) k
ORDER BY u.tgid
"""
)


@dataclass(frozen=True)
class OrderStats:
    tgid: int
    language: str = "ru"
    days: int = WINDOW_DAYS
    orders: int = 0
    category_counts: dict[str, int] = field(default_factory=dict)
    unique_dishes: int = 0
    dishes_available: int = 0
    untried: tuple[str, ...] = ()

    @property
    def category_percent(self) -> dict[str, float]:
        return percentages(self.category_counts)

    def public(self) -> dict[str, Any]:
        """The `stats` of the Mini App answer."""
        return {
            "orders_last_30_days": self.orders,
            "categories": self.category_percent,
            "unique_dishes": self.unique_dishes,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, for the cache entry next to the advice it produced."""
        return {
            **self.public(),
            "category_counts": self.category_counts,
            "dishes_available": self.dishes_available,
        }


def percentages(counts: dict[str, int]) -> dict[str, float]:
    """Shares in percent with one decimal that add up to exactly 100 (largest remainder), in
    descending order of the count."""
    total = sum(counts.values())
    if total == 0:
        return {}
    ordered = list(_by_count(counts).items())
    tenths = {name: n * 1000 // total for name, n in ordered}
    short = 1000 - sum(tenths.values())
    by_remainder = sorted(ordered, key=lambda kv: (-(kv[1] * 1000 % total), -kv[1], kv[0]))
    for name, _ in by_remainder[:short]:
        tenths[name] += 1
    return {name: tenths[name] / 10 for name, _ in ordered}


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class StatsService:
    def __init__(self, tz: ZoneInfo, clock: Clock) -> None:
        self.tz = tz
        self.clock = clock

    def window(self, days: int = WINDOW_DAYS) -> tuple[dt.date, dt.date]:
        today = self.clock.now().astimezone(self.tz).date()
        return today - dt.timedelta(days=days - 1), today

    async def for_user(self, tgid: int, days: int = WINDOW_DAYS) -> OrderStats:
        """One user's statistics; zeros when they ordered nothing in the window."""
        rows = await self._query(days, tgid=tgid, min_orders=1)
        return rows[0] if rows else OrderStats(tgid=tgid, days=days)

    async def eligible(
        self, days: int = WINDOW_DAYS, *, min_orders: int = MIN_ORDERS, tgid: int | None = None
    ) -> list[OrderStats]:
        """Every active user with at least `min_orders` active orders in the window (or just
        `tgid`, if they qualify), by tgid."""
        return await self._query(days, tgid=tgid, min_orders=min_orders)

    async def _query(self, days: int, *, tgid: int | None, min_orders: int) -> list[OrderStats]:
        first, last = self.window(days)
        rows = await Tortoise.get_connection("default").execute_query_dict(
            _STATS_SQL, [first, last, tgid, min_orders, UNTRIED_LIMIT]
        )
        return [
            OrderStats(
                tgid=row["tgid"],
                language=row["language"],
                days=days,
                orders=row["orders"],
                category_counts=_by_count(
                    {c: row[f"dishes_{c}"] for c in _CATEGORIES if row[f"dishes_{c}"]}
                ),
                unique_dishes=row["unique_dishes"],
                dishes_available=row["available"],
                untried=tuple(row["untried"] or ()),
            )
            for row in rows
        ]
