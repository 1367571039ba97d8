"""Every active order of a cafe for a date, with users, combos, dishes and extras — in two
queries whatever the number of orders (the cafe; the orders with everything they hold)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise import Tortoise

from db.models import Cafe, Category, OrderStatus


@dataclass(frozen=True)
class Dish:
    name: str
    category: Category
    stopped: bool = False  # taken off (stop-list) after it was ordered: the cafe may not have it


@dataclass(frozen=True)
class Extra:
    name: str
    quantity: int


@dataclass(frozen=True)
class OrderLine:
    user_tgid: int
    user_name: str
    combo_name: str
    dishes: tuple[Dish, ...]  # in the order of the combo's categories
    extras: tuple[Extra, ...]
    notes: str | None
    total: Decimal


@dataclass(frozen=True)
class CafeOrders:
    cafe: Cafe
    date: dt.date
    orders: tuple[OrderLine, ...]

    @property
    def count(self) -> int:
        return len(self.orders)

    @property
    def total(self) -> Decimal:
        return sum((order.total for order in self.orders), Decimal("0.00"))


# The orders with their people and combos, each with its dishes and extras as JSON arrays:
# one round trip and no query building, whatever the number of orders (the deadline fan-out
# runs this once per cafe, all at once).
_ORDERS = """
SELECT o.id, o.notes, o.total_amount, u.tgid AS user_tgid, u.name AS user_name,
       c.name AS combo_name, c.categories AS combo_categories,
       (SELECT coalesce(json_agg(json_build_array(m.name, m.category, m.is_available)
                                 ORDER BY i.id), '[]')
        FROM order_items i JOIN menu_items m ON m.id = i.menu_item_id
        WHERE i.order_id = o.id) AS dishes,
       (SELECT coalesce(json_agg(json_build_array(m.name, e.quantity) ORDER BY e.id), '[]')
        FROM order_extras e JOIN menu_items m ON m.id = e.menu_item_id
        WHERE e.order_id = o.id) AS extras
FROM orders o
JOIN users u ON u.id = o.user_id
JOIN combos c ON c.id = o.combo_id
WHERE o.cafe_id = $1 AND o.date = $2 AND o.status = $3
ORDER BY o.id
"""
_CAFE = "SELECT * FROM cafes WHERE id = $1"


async def load_cafe_orders(cafe_id: int, date: dt.date) -> CafeOrders | None:
    """None when there is no such cafe."""
    conn = Tortoise.get_connection("default")
    cafes = await conn.execute_query_dict(_CAFE, [cafe_id])
    if not cafes:
        return None
    cafe = Cafe._init_from_db(**cafes[0])
    rows = await conn.execute_query_dict(_ORDERS, [cafe_id, date, OrderStatus.ACTIVE.value])
    lines = []
    for row in rows:
        categories = _json(row["combo_categories"])
        position = {category: i for i, category in enumerate(categories)}
        dishes = [
            Dish(name, Category(category), not available)
            for name, category, available in _json(row["dishes"])
        ]
        lines.append(
            OrderLine(
                user_tgid=row["user_tgid"],
                user_name=row["user_name"],
                combo_name=row["combo_name"],
                dishes=tuple(sorted(dishes, key=lambda d: position.get(d.category, 99))),
                extras=tuple(Extra(name, quantity) for name, quantity in _json(row["extras"])),
                notes=(row["notes"] or "").strip() or None,
                total=row["total_amount"],
            )
        )
    return CafeOrders(cafe=cafe, date=date, orders=tuple(lines))


def _json(value: Any) -> Any:
    """asyncpg hands json and jsonb over as text (Tortoise sets no codec for them)."""
    return json.loads(value) if isinstance(value, str) else value
