"""Orders: placed, changed and cancelled by their owner until the cafe's deadline.

The rules:

- one order per user, cafe and delivery date: a second POST for the same cafe and date is a
  conflict naming the existing order (change it instead); a cancelled one is placed anew in
  the same row, so the date keeps one history line (and `lunchbot import` one match);
- ordering for a date closes at the cafe's deadline for it (`services.deadlines`), for new
  orders, changes and cancellations alike; a date in the past, beyond `HORIZON_DAYS`, or on
  a weekday the cafe does not deliver is refused as invalid;
- a combo of that cafe, available, with exactly one available dish per category it is made
  of; extras are available `extra` items of that cafe, 1–10 of each (`QUANTITY_MAX`); notes
  at most 500 characters (`NOTES_MAX`) — bounds of an `OrderChoice`'s shape, checked where a
  request is read, before it becomes one;
- the total is computed here, from the prices as stored (Decimal): combo + extras × quantity.

Concurrency: every write locks its user's row first (so two clicks cannot both create an
order), then takes `ordering_lock` shared for the order's cafe and date, and only then reads
the clock; the deadline notification takes the same lock exclusively before it reads the
orders of a closed date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.query_utils import Prefetch
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.clock import Clock
from core.logging import get_logger
from core.metrics import Metrics
from db.models import (
    Cafe,
    Category,
    Combo,
    DayOff,
    Deadline,
    MenuItem,
    Order,
    OrderExtra,
    OrderItem,
    OrderStatus,
    User,
)
from services.deadlines import closes_at, next_open_day
from services.errors import ConflictError, InvalidError, NotFoundError
from services.menus import CATEGORY_ORDER, HORIZON_DAYS, check_day, days_off

log = get_logger(__name__)

NOTES_MAX = 500
QUANTITY_MAX = 10
DISH_CATEGORIES = [c for c in Category if c is not Category.EXTRA]
HISTORY_SPAN_DAYS = 366  # the longest range "my orders" answers at once


@dataclass(frozen=True)
class ChosenExtra:
    menu_item_id: int
    quantity: int


@dataclass(frozen=True)
class OrderChoice:
    """What an order is made of: the combo, one dish per category of it, extras, notes."""

    cafe_id: int
    date: dt.date
    combo_id: int
    items: Sequence[int]
    extras: Sequence[ChosenExtra] = ()
    notes: str | None = None


class Unchanged(Enum):
    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class OrderEdit:
    """A change: what is given replaces the order's, None keeps it; `notes=None` clears the
    notes, `UNCHANGED` keeps them. `cafe_id` and `date` may be given but not changed."""

    cafe_id: int | None = None
    date: dt.date | None = None
    combo_id: int | None = None
    items: Sequence[int] | None = None
    extras: Sequence[ChosenExtra] | None = None
    notes: str | Unchanged | None = UNCHANGED


@dataclass(frozen=True)
class OrderView:
    """An order with its cafe, combo, dishes and extras loaded, and when it stops being
    changeable."""

    order: Order
    deadline: dt.datetime | None
    editable: bool


def order_total(combo_price: Decimal, extras: Iterable[tuple[Decimal, int]]) -> Decimal:
    """What an order costs: the combo (its dishes included) plus each extra × quantity."""
    return combo_price + sum((price * quantity for price, quantity in extras), Decimal(0))


async def ordering_lock(
    conn: BaseDBAsyncClient, cafe_id: int, day: dt.date, *, exclusive: bool = False
) -> None:
    """Take, until the transaction ends, the lock between writing a cafe's orders for `day`
    and acting on them once ordering has closed.

    Order writes take it shared, then check the deadline; the deadline notification takes it
    exclusive before it reads the orders: it waits for a write that passed the check just
    before the deadline, and any write after it finds the deadline passed. (The two-int4
    advisory key space is ours alone; single-key locks such as the migrations' are apart.)
    """
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    await conn.execute_query(f"SELECT {function}($1, $2)", [cafe_id, day.toordinal()])


# (placed|changed|cancelled, the order, its owner): the cafe's follow-ups, the owner's
# confirmation message.
OrderListener = Callable[[str, Order, User], Awaitable[None]]


class OrderingService:
    def __init__(self, clock: Clock, tz: dt.tzinfo, metrics: Metrics) -> None:
        self.clock = clock
        self.tz = tz
        self.metrics = metrics
        # Told of every committed change, whoever made it (the bot or the web API); a
        # listener's failure is logged, never the order's.
        self.listeners: list[OrderListener] = []

    # ---- reading ---------------------------------------------------------------------

    async def of_user(
        self, user: User, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[OrderView]:
        """The user's orders (active and cancelled) delivered from `start` to `end` inclusive;
        by default from today to the horizon, i.e. the ones still to come."""
        today = self.clock.now().astimezone(self.tz).date()
        start = start or today
        end = end or start + min(dt.timedelta(days=HORIZON_DAYS), dt.date.max - start)
        if end < start:
            raise InvalidError("'to' is before 'from'", code="invalid_range", field="to")
        if (end - start).days >= HISTORY_SPAN_DAYS:
            raise InvalidError(
                f"Ask for at most {HISTORY_SPAN_DAYS} days at once",
                code="invalid_range",
                field="to",
            )
        orders = Order.filter(user_id=user.id, date__gte=start, date__lte=end)
        return await self._views(orders.order_by("date", "id"))

    async def one(self, user: User, order_id: int) -> OrderView:
        order = await self._own(user, order_id)
        return await self._view(order.id)

    async def _views(self, orders: QuerySet[Order]) -> list[OrderView]:
        """Orders with everything shown about them, in four queries however many there are."""
        loaded = await orders.select_related("cafe", "combo").prefetch_related(
            Prefetch("items", OrderItem.all().select_related("menu_item")),
            Prefetch("extras", OrderExtra.all().select_related("menu_item").order_by("id")),
        )
        rules: dict[int, list[Deadline]] = {}
        cafe_ids = list({o.cafe_id for o in loaded})
        for deadline in await Deadline.filter(cafe_id__in=cafe_ids):
            rules.setdefault(deadline.cafe_id, []).append(deadline)
        off = await days_off(cafe_ids, min((o.date for o in loaded), default=dt.date.min))
        now = self.clock.now()
        views = []
        for order in loaded:
            closing = closes_at(
                rules.get(order.cafe_id, []), order.date, self.tz, off[order.cafe_id]
            )
            editable = order.status is OrderStatus.ACTIVE and closing is not None and now < closing
            views.append(OrderView(order, closing, editable))
        return views

    async def _view(self, order_id: int) -> OrderView:
        (view,) = await self._views(Order.filter(id=order_id))
        return view

    async def view(self, order_id: int) -> OrderView | None:
        """Any order by id (with its user), for what the bot tells its owner about it."""
        views = await self._views(Order.filter(id=order_id).select_related("user"))
        return views[0] if views else None

    # ---- writing ---------------------------------------------------------------------

    async def place(self, user: User, choice: OrderChoice) -> OrderView:
        async with in_transaction() as conn:
            await _lock_user(user)
            await ordering_lock(conn, choice.cafe_id, choice.date)
            cafe = await Cafe.get_or_none(id=choice.cafe_id, is_active=True)
            if cafe is None:
                raise InvalidError(
                    f"No cafe {choice.cafe_id} takes orders", code="unknown_cafe", field="cafe_id"
                )
            check_day(choice.date, self.clock.now(), self.tz)
            deadline = closes_at(await Deadline.filter(cafe_id=cafe.id), choice.date, self.tz)
            if deadline is None:
                raise InvalidError(
                    f"{cafe.name} does not deliver on {choice.date:%A}s",
                    code="no_delivery",
                    field="date",
                )
            if await DayOff.exists(cafe_id=cafe.id, date=choice.date):
                raise InvalidError(
                    f"{cafe.name} does not deliver on {choice.date}: a day off",
                    code="no_delivery",
                    field="date",
                )
            self._check_before(cafe, choice.date, deadline)
            existing = await Order.get_or_none(user_id=user.id, cafe_id=cafe.id, date=choice.date)
            if existing is not None and existing.status is OrderStatus.ACTIVE:
                raise ConflictError(
                    f"You already have an order from {cafe.name} for {choice.date}: change or "
                    "cancel that one",
                    code="order_exists",
                    order_id=existing.id,
                )
            combo, dishes, extras = await _choices(
                cafe, choice.combo_id, choice.items, choice.extras
            )
            values = {
                "combo_id": combo.id,
                "notes": choice.notes,
                "total_amount": order_total(combo.price, ((i.price, q) for i, q in extras)),
                "status": OrderStatus.ACTIVE,
            }
            if existing is None:
                order = await Order.create(
                    user_id=user.id, cafe_id=cafe.id, date=choice.date, **values
                )
            else:  # cancelled earlier: the same row takes the new order
                order = await existing.update_from_dict(values)
                await order.save()
            await _replace_contents(order, dishes, extras)
        await self._record("placed", user, order)
        return await self._view(order.id)

    async def change(self, user: User, order_id: int, changes: OrderEdit) -> OrderView:
        async with in_transaction() as conn:
            await _lock_user(user)
            order = await self._own(user, order_id)
            moved = [
                field
                for field, value in (("cafe_id", order.cafe_id), ("date", order.date))
                if getattr(changes, field) not in (None, value)
            ]
            if moved:
                raise InvalidError(
                    "An order stays with its cafe and date: cancel it and place a new one",
                    code="cannot_move",
                    field=moved[0],
                )
            await ordering_lock(conn, order.cafe_id, order.date)
            if order.status is OrderStatus.CANCELLED:
                raise ConflictError(
                    "This order is cancelled: place a new one", code="order_cancelled"
                )
            cafe = await Cafe.get(id=order.cafe_id)
            if not cafe.is_active:
                raise ConflictError(f"{cafe.name} takes no orders now", code="cafe_inactive")
            deadline = closes_at(await Deadline.filter(cafe_id=cafe.id), order.date, self.tz)
            if deadline is None or await DayOff.exists(cafe_id=cafe.id, date=order.date):
                raise ConflictError(
                    f"{cafe.name} no longer delivers on {order.date}", code="no_delivery"
                )
            self._check_before(cafe, order.date, deadline)
            # What is not given stays, and the whole must still make a valid order.
            dish_ids = changes.items
            if dish_ids is None:
                dish_ids = await OrderItem.filter(order_id=order.id).values_list(
                    "menu_item_id", flat=True
                )
            extra_choices = changes.extras
            if extra_choices is None:
                extra_choices = await _extra_choices(order)
            combo, dishes, extras = await _choices(
                cafe, changes.combo_id or order.combo_id, dish_ids, extra_choices
            )
            if changes.notes is not UNCHANGED:
                order.notes = changes.notes
            order.combo_id = combo.id
            order.total_amount = order_total(combo.price, ((i.price, q) for i, q in extras))
            await order.save()
            await _replace_contents(order, dishes, extras)
        await self._record("changed", user, order)
        return await self._view(order.id)

    async def cancel(self, user: User, order_id: int) -> OrderView:
        """Cancel an order before its deadline; cancelling a cancelled order changes nothing."""
        async with in_transaction() as conn:
            await _lock_user(user)
            order = await self._own(user, order_id)
            if order.status is OrderStatus.CANCELLED:
                return await self._view(order.id)
            await ordering_lock(conn, order.cafe_id, order.date)
            cafe = await Cafe.get(id=order.cafe_id)
            deadline = closes_at(await Deadline.filter(cafe_id=cafe.id), order.date, self.tz)
            if deadline is None:
                # The cafe stopped delivering on that weekday: nothing will be delivered, and
                # the order can be cancelled until the day begins.
                deadline = dt.datetime.combine(order.date, dt.time(), self.tz).astimezone(dt.UTC)
            self._check_before(cafe, order.date, deadline)
            order.status = OrderStatus.CANCELLED
            await order.save()
        await self._record("cancelled", user, order)
        return await self._view(order.id)

    async def repeat(self, user: User, order_id: int, day: dt.date | None = None) -> OrderView:
        """Place one of the user's orders (past or upcoming) again for `day` (by default the
        cafe's next open date): the same combo, dishes, extras and notes, when every one of
        them is still on the menu; `422 unavailable` listing what is not, otherwise."""
        source = await self._own(user, order_id)
        await source.fetch_related("items__menu_item", "extras__menu_item", "combo", "cafe")
        cafe = source.cafe
        if day is None:
            upcoming = next_open_day(
                await Deadline.filter(cafe_id=cafe.id), self.tz, self.clock.now()
            )
            if upcoming is None or not cafe.is_active:
                raise ConflictError(f"{cafe.name} takes no orders now", code="cafe_inactive")
            day = upcoming[0]
        missing = repeat_gaps(source)
        if missing:
            names = ", ".join(item["name"] for item in missing)
            raise InvalidError(
                f"Not on the menu of {cafe.name} now: {names}",
                code="unavailable",
                field="items",
                items=missing,
                date=day.isoformat(),
            )
        choice = OrderChoice(
            cafe_id=cafe.id,
            date=day,
            combo_id=source.combo_id,
            items=[row.menu_item_id for row in source.items],
            extras=[
                ChosenExtra(menu_item_id=row.menu_item_id, quantity=row.quantity)
                for row in source.extras
            ],
            notes=source.notes,
        )
        return await self.place(user, choice)

    # ---- the rules -------------------------------------------------------------------

    async def _own(self, user: User, order_id: int) -> Order:
        order = await Order.get_or_none(id=order_id, user_id=user.id)
        if order is None:  # someone else's is "not found" too: we do not confirm it exists
            raise NotFoundError("No such order", code="order_not_found")
        return order

    def _check_before(self, cafe: Cafe, day: dt.date, deadline: dt.datetime) -> None:
        # Read the clock only now, holding `ordering_lock`: see the module's docstring.
        if self.clock.now() >= deadline:
            local = deadline.astimezone(self.tz)
            raise ConflictError(
                f"Ordering from {cafe.name} for {day} closed at {local:%Y-%m-%d %H:%M}",
                code="deadline_passed",
                deadline=local.isoformat(),
            )

    async def _record(self, action: str, user: User, order: Order) -> None:
        self.metrics.orders.labels(action).inc()
        log.info(
            f"order {action}",
            order_id=order.id,
            user_tgid=user.tgid,
            cafe_id=order.cafe_id,
            date=order.date.isoformat(),
            total_amount=str(order.total_amount),
        )
        for listener in self.listeners:
            try:
                await listener(action, order, user)
            except Exception:
                log.exception("order listener failed", order_id=order.id, action=action)


def repeat_gaps(order: Order) -> list[dict[str, Any]]:
    """What of a loaded order (combo, items, extras) the cafe no longer offers."""
    missing: list[dict[str, Any]] = []
    if not order.combo.is_available:
        missing.append({"kind": "combo", "id": order.combo_id, "name": order.combo.name})
    for kind, rows in (("item", order.items), ("extra", order.extras)):
        for row in rows:
            item = row.menu_item
            if not item.is_available:
                missing.append(
                    {"kind": kind, "id": item.id, "name": item.name, "category": str(item.category)}
                )
    return missing


async def _lock_user(user: User) -> None:
    """Serialise this user's order writes (another process or a second click waits here)."""
    await User.filter(id=user.id).select_for_update(no_key=True).first()


async def _choices(
    cafe: Cafe, combo_id: int, dish_ids: Sequence[int], extras: Sequence[ChosenExtra]
) -> tuple[Combo, list[MenuItem], list[tuple[MenuItem, int]]]:
    """The combo, dishes and extras asked for, checked against the cafe's menu."""
    combo = await Combo.get_or_none(id=combo_id, cafe_id=cafe.id)
    if combo is None:
        raise InvalidError(
            f"{cafe.name} has no combo {combo_id}", code="unknown_combo", field="combo_id"
        )
    if not combo.is_available:
        raise InvalidError(f"{combo.name} is not available", code="unavailable", field="combo_id")
    wanted = [*dish_ids, *(e.menu_item_id for e in extras)]
    menu = {m.id: m for m in await MenuItem.filter(cafe_id=cafe.id, id__in=wanted)}
    dishes = _known(cafe, menu, dish_ids, "items")
    extra_items = _known(cafe, menu, [e.menu_item_id for e in extras], "extras")
    chosen = sorted((str(d.category) for d in dishes), key=CATEGORY_ORDER.__getitem__)
    needed = sorted(combo.categories, key=CATEGORY_ORDER.__getitem__)
    if chosen != needed:
        raise InvalidError(
            f"{combo.name} takes one dish of each of: {', '.join(needed)}; "
            f"these are: {', '.join(chosen)}",
            code="items_mismatch",
            field="items",
            needed=needed,
            chosen=chosen,
        )
    not_extras = [item.id for item in extra_items if item.category is not Category.EXTRA]
    if not_extras:
        raise InvalidError(
            "Only items of category 'extra' go to extras; dishes go to items",
            code="not_extra",
            field="extras",
            ids=not_extras,
        )
    return combo, dishes, [(item, e.quantity) for item, e in zip(extra_items, extras, strict=True)]


def _known(cafe: Cafe, menu: dict[int, MenuItem], ids: Sequence[int], field: str) -> list[MenuItem]:
    unknown = [i for i in ids if i not in menu]
    if unknown:
        raise InvalidError(
            f"{cafe.name} has no menu items {', '.join(map(str, unknown))}",
            code="unknown_items",
            field=field,
            ids=unknown,
        )
    unavailable = [i for i in ids if not menu[i].is_available]
    if unavailable:
        names = ", ".join(menu[i].name for i in unavailable)
        raise InvalidError(
            f"Not available now: {names}", code="unavailable", field=field, ids=unavailable
        )
    return [menu[i] for i in ids]


async def _extra_choices(order: Order) -> list[ChosenExtra]:
    rows = await OrderExtra.filter(order_id=order.id).order_by("id")
    return [ChosenExtra(menu_item_id=r.menu_item_id, quantity=r.quantity) for r in rows]


async def _replace_contents(
    order: Order, dishes: Sequence[MenuItem], extras: Sequence[tuple[MenuItem, int]]
) -> None:
    """The order's dishes and extras become these; extras keep today's price with them."""
    await OrderItem.filter(order_id=order.id).delete()
    await OrderExtra.filter(order_id=order.id).delete()
    await OrderItem.bulk_create([OrderItem(order_id=order.id, menu_item_id=d.id) for d in dishes])
    await OrderExtra.bulk_create(
        [
            OrderExtra(order_id=order.id, menu_item_id=item.id, quantity=q, unit_price=item.price)
            for item, q in extras
        ]
    )
