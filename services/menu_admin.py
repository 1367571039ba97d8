"""Managing menus without a shell: the bot's `/menus` and the HTTP API call this.

- A menu file (`services.menu_files`) is read for one cafe, compared with the database (the
  preview: added, changed, taken off, per cafe), then applied by `services.importer.apply`
  with `complete_menus=True`. Between the preview and Apply the file waits in Redis under a
  random token, so a restart loses nothing, and Apply / Cancel take it with `GETDEL`: of two
  clicks (two managers, two processes) exactly one gets it; the other learns who won.
- The stop-list: a dish made unavailable from now on; the owners of still-open orders with it
  are told (their orders stay as they are until they change them).
- Days off: a date the cafe does not deliver; its active orders are cancelled, their owners
  told.

Each change is a conditional write, so nobody is told twice about one change. Who is told is
decided here, for both adapters; how, by the `MenuNotifier` the bot implements.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from redis.asyncio import Redis
from tortoise.transactions import in_transaction

from core.clock import Clock
from db.models import (
    Cafe,
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
from services.deadlines import closes_at
from services.errors import InvalidError, NotFoundError
from services.importer import (
    WEEKDAYS,
    CafeIn,
    ComboIn,
    DeadlineIn,
    ImportError_,
    ImportFile,
    ImportReport,
    MenuItemIn,
    apply,
    cancel_orders_for,
)
from services.menu_files import read_upload, write_workbook
from services.menus import CATEGORY_ORDER, days_off
from services.ports import MenuNotifier

STAGED_TTL = 24 * 3600  # seconds a preview can wait for Apply
DAY_OFF_AHEAD = 366  # days: a day off further ahead is more likely a typo


class UploadError(InvalidError):
    """The file is wrong: `errors` names each problem's place. Nothing was changed."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors), code="invalid_menu", errors=errors)
        self.errors = errors


@dataclass(frozen=True)
class Change:
    name: str
    what: str  # "price", "name", "category"
    old: str
    new: str


@dataclass
class CafeDiff:
    cafe_id: int
    key: str
    name: str
    added: list[str] = field(default_factory=list)  # names; back on the menu counts too
    changed: list[Change] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # taken off the menu (unavailable)
    deadlines_changed: bool = False
    renamed_to: str | None = None
    days_off_added: list[dt.date] = field(default_factory=list)
    days_off_removed: list[dt.date] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.changed
            or self.removed
            or self.deadlines_changed
            or self.renamed_to
            or self.days_off_added
            or self.days_off_removed
        )


@dataclass(frozen=True)
class Affected:
    """Someone whose order a change touched: who, which order, and until when it can change."""

    tgid: int
    language: str
    order_id: int
    date: dt.date
    cafe_name: str
    dish_name: str | None
    deadline: dt.datetime | None


@dataclass(frozen=True)
class StopResult:
    item: MenuItem
    changed: bool  # False: it was already so (someone else did it): nobody is told again
    affected: list[Affected]
    told: int = 0  # how many of them were reached


@dataclass(frozen=True)
class DayOffChange:
    day_off: bool  # the day is a day off now
    changed: bool  # False: it was already so: nobody is told again
    cancelled: list[Affected]
    told: int = 0


@dataclass(frozen=True)
class Staged:
    token: str
    cafe_id: int
    diffs: list[CafeDiff]


@dataclass(frozen=True)
class Decision:
    outcome: str  # "applied", "cancelled"; or "gone" (expired, never staged)
    by: str | None  # who decided, when someone else did
    mine: bool  # this call decided
    report: ImportReport | None = None
    cancelled: list[Affected] = field(default_factory=list)
    told: int = 0


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


@dataclass
class MenuAdmin:
    redis: Redis
    clock: Clock
    tz: dt.tzinfo
    notifier: MenuNotifier

    def today(self) -> dt.date:
        return self.clock.now().astimezone(self.tz).date()

    # ---- the cafe as a file ------------------------------------------------------------

    async def cafe(self, cafe_id: int) -> Cafe:
        cafe = await Cafe.get_or_none(id=cafe_id)
        if cafe is None:
            raise NotFoundError("No such cafe", code="cafe_not_found")
        return cafe

    async def current(self, cafe: Cafe) -> CafeIn:
        """The cafe as it is, in the import structure (what a download holds)."""
        items = sorted(
            await MenuItem.filter(cafe_id=cafe.id),
            key=lambda i: (CATEGORY_ORDER[i.category], i.name, i.id),
        )
        combos = await Combo.filter(cafe_id=cafe.id).order_by("price", "id")
        grouped: dict[tuple[int, int], list[str]] = {}
        for rule in await Deadline.filter(cafe_id=cafe.id).order_by("weekday"):
            grouped.setdefault((rule.local_minutes, rule.advance_days), []).append(
                WEEKDAYS[rule.weekday]
            )
        off = await DayOff.filter(cafe_id=cafe.id).order_by("date").values_list("date", flat=True)
        return CafeIn(
            key=cafe.key,
            name=cafe.name,
            active=cafe.is_active,
            language=cafe.language,  # type: ignore[arg-type]
            deadlines=[
                DeadlineIn(
                    weekdays=days,  # type: ignore[arg-type]
                    time=dt.time(minutes // 60, minutes % 60),
                    advance_days=advance,
                )
                for (minutes, advance), days in grouped.items()
            ],
            menu=[
                MenuItemIn(
                    key=i.key,
                    name=i.name,
                    category=i.category,
                    price=i.price,
                    available=i.is_available,
                )
                for i in items
            ],
            combos=[
                ComboIn(
                    key=c.key,
                    name=c.name,
                    categories=c.categories,  # type: ignore[arg-type]
                    price=c.price,
                    available=c.is_available,
                )
                for c in combos
            ],
            days_off=list(off),
        )

    async def export(self, cafe_id: int, locale: str = "ru") -> tuple[str, bytes]:
        """(file name, .xlsx bytes): the cafe's menu, combos, deadlines and days off."""
        cafe = await self.cafe(cafe_id)
        return f"menu-{cafe.key}.xlsx", write_workbook(await self.current(cafe), locale)

    async def read(self, cafe_id: int, filename: str | None, data: bytes) -> ImportFile:
        cafe = await self.cafe(cafe_id)
        try:
            return read_upload(filename, data, await self.current(cafe))
        except ImportError_ as error:
            raise UploadError(error.errors) from None

    # ---- preview and apply ---------------------------------------------------------------

    async def preview(self, data: ImportFile) -> list[CafeDiff]:
        diffs = []
        for new in data.cafes:
            cafe = await Cafe.get_or_none(key=new.key)
            if cafe is None:  # only `lunchbot import` creates cafes; an upload names one
                raise UploadError([f"no cafe with the key {new.key!r}"])
            old = await self.current(cafe)
            diff = CafeDiff(cafe.id, cafe.key, cafe.name)
            if new.name != old.name:
                diff.renamed_to = new.name
            for kind in ("menu", "combos"):
                _compare(getattr(old, kind), getattr(new, kind), diff)
            rules = {(day, d.time, d.advance_days) for d in new.deadlines for day in d.weekdays}
            diff.deadlines_changed = rules != {
                (day, d.time, d.advance_days) for d in old.deadlines for day in d.weekdays
            }
            if new.days_off is not None:
                diff.days_off_added = sorted(set(new.days_off) - set(old.days_off or []))
                diff.days_off_removed = sorted(set(old.days_off or []) - set(new.days_off))
            diffs.append(diff)
        return diffs

    async def apply(self, data: ImportFile) -> tuple[ImportReport, list[Affected], int]:
        """Apply a validated upload now (the HTTP `PUT`, and Apply in the bot): the report,
        the orders its new days off cancelled, and how many of their owners were told."""
        report = await apply(data, complete_menus=True)
        cancelled = await self._affected(report.cancelled)
        return report, cancelled, await self._tell_cancelled(cancelled)

    async def _tell_cancelled(self, cancelled: list[Affected]) -> int:
        return await self.notifier.orders_cancelled(cancelled) if cancelled else 0

    async def stage(self, cafe_id: int, data: ImportFile, user: User) -> Staged:
        diffs = await self.preview(data)
        token = secrets.token_urlsafe(12)
        body = {"cafe_id": cafe_id, "by": user.id, "file": data.model_dump(mode="json")}
        await self.redis.set(_staged_key(token), json.dumps(body), ex=STAGED_TTL)
        return Staged(token, cafe_id, diffs)

    async def staged(self, token: str) -> Staged | None:
        raw = await self.redis.get(_staged_key(token))
        if raw is None:
            return None
        body = json.loads(raw)
        data = ImportFile.model_validate(body["file"])
        return Staged(token, body["cafe_id"], await self.preview(data))

    async def decide(self, token: str, user: User, *, apply_it: bool) -> Decision:
        """Apply or cancel a staged upload; the first click wins, later ones see who won."""
        raw = await self.redis.getdel(_staged_key(token))
        if raw is None:
            done = await self.redis.get(_decided_key(token))
            if done is None:
                return Decision("gone", None, mine=False)
            outcome, _, by = done.partition(":")
            return Decision(outcome, by, mine=False)
        outcome = "applied" if apply_it else "cancelled"
        await self.redis.set(_decided_key(token), f"{outcome}:{user.name}", ex=STAGED_TTL)
        if not apply_it:
            return Decision(outcome, user.name, mine=True)
        data = ImportFile.model_validate(json.loads(raw)["file"])
        try:
            report, cancelled, told = await self.apply(data)
        except Exception:
            # Nothing was written (one transaction): the upload waits again for a new click.
            await self.redis.delete(_decided_key(token))
            await self.redis.set(_staged_key(token), raw, ex=STAGED_TTL)
            raise
        return Decision(
            outcome, user.name, mine=True, report=report, cancelled=cancelled, told=told
        )

    # ---- stop-list -----------------------------------------------------------------------

    async def items(self, cafe_id: int) -> list[MenuItem]:
        await self.cafe(cafe_id)
        return sorted(
            await MenuItem.filter(cafe_id=cafe_id),
            key=lambda i: (CATEGORY_ORDER[i.category], i.name, i.id),
        )

    async def set_available(self, item_id: int, available: bool) -> StopResult:
        """Stop a dish (or bring it back). Stopping tells the owners of still-open orders
        that contain it; their orders are left as they are, for them to change."""
        changed = await MenuItem.filter(id=item_id, is_available=not available).update(
            is_available=available
        )
        item = await MenuItem.get_or_none(id=item_id)
        if item is None:
            raise NotFoundError("No such menu item", code="menu_item_not_found")
        if not changed or available:
            return StopResult(item, bool(changed), [])
        today = self.today()
        order_ids = set(
            await OrderItem.filter(
                menu_item_id=item.id, order__status=OrderStatus.ACTIVE, order__date__gte=today
            ).values_list("order_id", flat=True)
        ) | set(
            await OrderExtra.filter(
                menu_item_id=item.id, order__status=OrderStatus.ACTIVE, order__date__gte=today
            ).values_list("order_id", flat=True)
        )
        affected = await self._affected(sorted(order_ids), dish=item.name, open_only=True)
        told = await self.notifier.dish_stopped(affected)
        return StopResult(item, True, affected, told)

    # ---- days off ------------------------------------------------------------------------

    async def days_off(self, cafe_id: int) -> list[dt.date]:
        await self.cafe(cafe_id)
        return sorted((await days_off([cafe_id], self.today()))[cafe_id])

    def _check_day(self, day: dt.date) -> None:
        today = self.today()
        if day < today:
            raise InvalidError(f"{day} is in the past", code="date_in_past", field="date")
        if (day - today).days > DAY_OFF_AHEAD:
            raise InvalidError(f"{day} is too far ahead", code="date_too_far", field="date")

    async def add_day_off(self, cafe_id: int, day: dt.date) -> DayOffChange:
        """The day becomes a day off; its orders are cancelled and their owners told. A second
        add of the same day changes nothing and tells nobody."""
        await self.cafe(cafe_id)
        self._check_day(day)
        async with in_transaction() as conn:
            rows = await conn.execute_query_dict(
                "INSERT INTO days_off (cafe_id, date, created_at, updated_at)"
                " VALUES ($1, $2, now(), now()) ON CONFLICT (cafe_id, date) DO NOTHING"
                " RETURNING id",
                [cafe_id, day],
            )
            cancelled = await cancel_orders_for(conn, cafe_id, day) if rows else []
        affected = await self._affected(cancelled)
        return DayOffChange(True, bool(rows), affected, await self._tell_cancelled(affected))

    async def remove_day_off(self, cafe_id: int, day: dt.date) -> bool:
        """Orders it cancelled stay cancelled: people order again if they still want to."""
        await self.cafe(cafe_id)
        return bool(await DayOff.filter(cafe_id=cafe_id, date=day).delete())

    async def toggle_day_off(self, cafe_id: int, day: dt.date) -> DayOffChange:
        """The calendar's click."""
        if await DayOff.exists(cafe_id=cafe_id, date=day):
            return DayOffChange(False, await self.remove_day_off(cafe_id, day), [])
        return await self.add_day_off(cafe_id, day)

    # ---- who to tell ---------------------------------------------------------------------

    async def _affected(
        self, order_ids: list[int], *, dish: str | None = None, open_only: bool = False
    ) -> list[Affected]:
        if not order_ids:
            return []
        orders = await Order.filter(id__in=order_ids).select_related("user", "cafe").order_by("id")
        rules: dict[int, list[Deadline]] = {}
        for rule in await Deadline.filter(cafe_id__in={o.cafe_id for o in orders}):
            rules.setdefault(rule.cafe_id, []).append(rule)  # type: ignore[attr-defined]
        off = await days_off(list({o.cafe_id for o in orders}), self.today())
        now = self.clock.now()
        found = []
        for order in orders:
            deadline = closes_at(
                rules.get(order.cafe_id, []), order.date, self.tz, off[order.cafe_id]
            )
            if open_only and (deadline is None or now >= deadline):
                continue  # closed: the cafe already has the list; nothing to change
            found.append(
                Affected(
                    tgid=order.user.tgid,
                    language=order.user.language,
                    order_id=order.id,
                    date=order.date,
                    cafe_name=order.cafe.name,
                    dish_name=dish,
                    deadline=deadline,
                )
            )
        return found


def _staged_key(token: str) -> str:
    return f"menus:upload:{token}"


def _decided_key(token: str) -> str:
    return f"menus:upload:{token}:decided"


def _compare(old: list[Any], new: list[Any], diff: CafeDiff) -> None:
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    for key, entry in after.items():
        was = before.get(key)
        if entry.available and (was is None or not was.available):
            diff.added.append(entry.name)
        elif was is not None and was.available and not entry.available:
            diff.removed.append(was.name)
        if was is None:
            continue
        if was.price != entry.price:
            diff.changed.append(Change(entry.name, "price", _money(was.price), _money(entry.price)))
        if was.name != entry.name:
            diff.changed.append(Change(entry.name, "name", was.name, entry.name))
        for attr in ("category", "categories"):
            if hasattr(entry, attr) and getattr(was, attr) != getattr(entry, attr):
                diff.changed.append(
                    Change(entry.name, attr, _show(getattr(was, attr)), _show(getattr(entry, attr)))
                )
    diff.removed.extend(e.name for key, e in before.items() if key not in after and e.available)


def _show(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
