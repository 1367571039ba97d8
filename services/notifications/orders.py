"""Every active order of a cafe for a date, with users, combos, dishes and extras — in four
queries whatever the number of orders (the cafe, the orders with their users and combos, the
chosen dishes, the extras)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from db.models import Cafe, Category, Order, OrderExtra, OrderItem, OrderStatus


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


async def load_cafe_orders(cafe_id: int, date: dt.date) -> CafeOrders | None:
    """None when there is no such cafe."""
    cafe = await Cafe.get_or_none(id=cafe_id)
    if cafe is None:
        return None
    orders = (
        await Order.filter(cafe_id=cafe_id, date=date, status=OrderStatus.ACTIVE)
        .select_related("user", "combo")
        .order_by("id")
    )
    ids = [order.id for order in orders]
    dishes: dict[int, list[Dish]] = defaultdict(list)
    extras: dict[int, list[Extra]] = defaultdict(list)
    if ids:
        for item in await OrderItem.filter(order_id__in=ids).select_related("menu_item"):
            menu_item = item.menu_item
            dishes[item.order_id].append(  # type: ignore[attr-defined]
                Dish(menu_item.name, menu_item.category, not menu_item.is_available)
            )
        for extra in (
            await OrderExtra.filter(order_id__in=ids).select_related("menu_item").order_by("id")
        ):
            extras[extra.order_id].append(Extra(extra.menu_item.name, extra.quantity))  # type: ignore[attr-defined]
    lines = []
    for order in orders:
        position = {category: i for i, category in enumerate(order.combo.categories)}
        lines.append(
            OrderLine(
                user_tgid=order.user.tgid,
                user_name=order.user.name,
                combo_name=order.combo.name,
                dishes=tuple(sorted(dishes[order.id], key=lambda d: position.get(d.category, 99))),
                extras=tuple(extras[order.id]),
                notes=(order.notes or "").strip() or None,
                total=order.total_amount,
            )
        )
    return CafeOrders(cafe=cafe, date=date, orders=tuple(lines))
