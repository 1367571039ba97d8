"""`lunchbot import FILE`: cafes, deadlines, menus, combos, users (and optionally orders).

The file (YAML, or the same structure as JSON) is validated whole before anything is written;
every error names its place (`line 14: cafes[1].menu[3].category: 'sup' is not one of …`).
Entities are matched by their `key` (users by `tgid`, orders by user + cafe + date), so a second
import of the same file changes nothing. Nothing is ever deleted, except a cafe's deadlines,
which are exactly the ones the file lists for that cafe, and its days off when the file lists
them (`days_off`: exactly those; orders placed for a new day off are cancelled).

A menu spreadsheet (`.xlsx`, `services.menu_files`) is read into the same structure and
validated by the same models; it is the cafe's menu as it should be (`complete_menus`): the
dishes and combos it does not list become unavailable (never deleted: orders refer to them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from tortoise.transactions import in_transaction

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
    Role,
    User,
)
from services.inputs import field_path, message
from services.ordering import order_total, ordering_lock

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Language = Literal["ru", "en"]


class ImportError_(Exception):
    """The file is wrong; `errors` lists each problem with its place. Nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MenuItemIn(_Strict):
    key: Key
    name: Name
    category: Category
    price: Money = Decimal("0")
    available: bool = True


class ComboIn(_Strict):
    key: Key
    name: Name
    categories: list[Category] = Field(min_length=1)
    price: Money
    available: bool = True

    @field_validator("categories")
    @classmethod
    def _dish_categories(cls, value: list[Category]) -> list[Category]:
        if Category.EXTRA in value:
            raise ValueError("a combo is made of dishes; 'extra' items are ordered on top")
        if len(set(value)) != len(value):
            raise ValueError("each category may appear once")
        return value


class DeadlineIn(_Strict):
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    time: dt.time
    advance_days: int = Field(0, ge=0, le=14)

    @field_validator("time", mode="before")
    @classmethod
    def _clock_time(cls, value: Any) -> Any:
        if isinstance(value, int):
            # YAML 1.1 reads an unquoted 10:00 as the number 600.
            raise ValueError('write the time in quotes, e.g. time: "10:00"')
        if isinstance(value, str):
            for pattern in ("%H:%M", "%H:%M:%S"):  # the second: as JSON dumps a time
                try:
                    return dt.datetime.strptime(value, pattern).time()
                except ValueError:
                    continue
            raise ValueError(f"{value!r} is not a time of day as HH:MM")
        return value


class CafeIn(_Strict):
    key: Key
    name: Name
    active: bool = True
    language: Language = "ru"
    deadlines: list[DeadlineIn] = []
    menu: list[MenuItemIn] = []
    combos: list[ComboIn] = []
    days_off: list[dt.date] | None = None  # None: leave the cafe's days off as they are


class UserIn(_Strict):
    tgid: int = Field(gt=0)
    name: Name
    username: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{3,32}$")] | None = None
    role: Role = Role.EMPLOYEE
    language: Language = "ru"
    active: bool = True


class ExtraIn(_Strict):
    item: Key
    quantity: int = Field(ge=1, le=10)


class OrderIn(_Strict):
    user: int
    cafe: Key
    date: dt.date
    combo: Key
    items: list[Key] = Field(min_length=1)
    extras: list[ExtraIn] = []
    notes: Annotated[str, StringConstraints(max_length=500)] | None = None
    status: OrderStatus = OrderStatus.ACTIVE


class ImportFile(_Strict):
    cafes: list[CafeIn] = []
    users: list[UserIn] = []
    orders: list[OrderIn] = []


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class ImportReport:
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    cafes: list[tuple[str, int]] = field(default_factory=list)  # (key, id)
    cancelled: list[int] = field(default_factory=list)  # orders placed for a new day off

    def count(self, kind: str, outcome: str) -> None:
        tally = self.tallies[kind]
        setattr(tally, outcome, getattr(tally, outcome) + 1)

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated or t.deleted for t in self.tallies.values())


# ---- reading and validating ----------------------------------------------------------


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at `loc` (or of its nearest existing parent)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "enum":
        expected = (
            ", ".join(item.value for item in Category)
            if error["loc"][-1] == "category"
            or (len(error["loc"]) > 1 and error["loc"][-2] == "categories")
            else error["ctx"]["expected"]
        )
        return f"{error['input']!r} is not one of {expected}"
    return message(error)


def parse(text: str) -> ImportFile:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        raise ImportError_([f"not valid YAML/JSON: {error}"]) from None
    if data is None:
        data = {}

    def where(loc: tuple[Any, ...]) -> str:
        line = _line_of(root, loc)
        return f"{'line ' + str(line) + ': ' if line else ''}{field_path(loc) or 'file'}"

    return validate(data, where)


def validate(data: Any, where: Callable[[tuple[Any, ...]], str]) -> ImportFile:
    """Check a file read into the import structure (from YAML, JSON or a spreadsheet):
    `where(loc)` names the place of each problem in the words of the file it came from."""
    try:
        parsed = ImportFile.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{where(item['loc'])}: {_message(item)}" for item in error.errors(include_url=False)
        ]
        raise ImportError_(problems) from None
    _check_unique(parsed)
    return parsed


def _check_unique(data: ImportFile) -> None:
    problems: list[str] = []

    def dupes(kind: str, values: list[Any]) -> None:
        for value, times in Counter(values).items():
            if times > 1:
                problems.append(f"{kind}: {value!r} appears {times} times")

    dupes("cafes[].key", [c.key for c in data.cafes])
    dupes("users[].tgid", [u.tgid for u in data.users])
    for i, cafe in enumerate(data.cafes):
        dupes(f"cafes[{i}].menu[].key", [m.key for m in cafe.menu])
        dupes(f"cafes[{i}].combos[].key", [c.key for c in cafe.combos])
        dupes(f"cafes[{i}].deadlines[].weekdays", [d for dl in cafe.deadlines for d in dl.weekdays])
        dupes(f"cafes[{i}].days_off[]", [d.isoformat() for d in cafe.days_off or []])
    dupes(
        "orders[] (user, cafe, date)", [(o.user, o.cafe, o.date.isoformat()) for o in data.orders]
    )
    if problems:
        raise ImportError_(problems)


def load_file(path: Path) -> ImportFile:
    """A YAML/JSON import file, or a menu spreadsheet (`.xlsx`: one cafe, see
    `services.menu_files`; apply it with `complete_menus=True`)."""
    if path.suffix.lower() == ".xlsx":
        from services.menu_files import read_upload

        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportError_([f"{path}: {error.strerror}"]) from None
        return read_upload(path.name, data, None)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImportError_([f"{path}: {error.strerror}"]) from None
    return parse(text)


# ---- writing ---------------------------------------------------------------------------


async def _upsert(
    model: type, report: ImportReport, kind: str, lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    row = await model.get_or_none(**lookup)
    if row is None:
        report.count(kind, "created")
        return await model.create(**lookup, **values)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        await model.filter(pk=row.pk).update(**changed)
        for name, value in changed.items():
            setattr(row, name, value)
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return row


async def apply(data: ImportFile, *, complete_menus: bool = False) -> ImportReport:
    """Write the whole file in one transaction; on any error nothing is kept.

    `complete_menus`: each cafe's dishes and combos are exactly the file's, those it leaves
    out become unavailable."""
    report = ImportReport()
    async with in_transaction() as conn:
        users = {}
        for u in data.users:
            users[u.tgid] = await _upsert(
                User,
                report,
                "users",
                {"tgid": u.tgid},
                {
                    "name": u.name,
                    "username": u.username,
                    "role": u.role,
                    "language": u.language,
                    "is_active": u.active,
                    "on_roster": True,  # the office's own list: whoever it names is on it
                },
            )
        cafes: dict[str, Cafe] = {}
        for c in data.cafes:
            cafe = await _upsert(
                Cafe,
                report,
                "cafes",
                {"key": c.key},
                {"name": c.name, "is_active": c.active, "language": c.language},
            )
            cafes[c.key] = cafe
            report.cafes.append((cafe.key, cafe.id))
            await _apply_deadlines(cafe, c.deadlines, report)
            for m in c.menu:
                await _upsert(
                    MenuItem,
                    report,
                    "menu items",
                    {"cafe_id": cafe.id, "key": m.key},
                    {
                        "name": m.name,
                        "category": m.category,
                        "price": m.price,
                        "is_available": m.available,
                    },
                )
            for combo in c.combos:
                await _upsert(
                    Combo,
                    report,
                    "combos",
                    {"cafe_id": cafe.id, "key": combo.key},
                    {
                        "name": combo.name,
                        "categories": [str(cat) for cat in combo.categories],
                        "price": combo.price,
                        "is_available": combo.available,
                    },
                )
            if complete_menus:
                await _retire_missing(cafe, c, report)
            if c.days_off is not None:
                await _apply_days_off(conn, cafe, c.days_off, report)
        if data.orders:
            await _apply_orders(data.orders, users, cafes, report)
    return report


async def _retire_missing(cafe: Cafe, c: CafeIn, report: ImportReport) -> None:
    for model, listed, kind in (
        (MenuItem, [m.key for m in c.menu], "menu items"),
        (Combo, [combo.key for combo in c.combos], "combos"),
    ):
        retired = (
            await model.filter(cafe_id=cafe.id, is_available=True)
            .exclude(key__in=listed)
            .update(is_available=False)
        )
        for _ in range(retired):
            report.count(kind, "updated")


async def _apply_days_off(conn: Any, cafe: Cafe, days: list[dt.date], report: ImportReport) -> None:
    """The cafe's days off become exactly `days`; active orders for a new one are cancelled
    (their owners are told by whoever applied the file: `services.menu_admin`)."""
    have = set(await DayOff.filter(cafe_id=cafe.id).values_list("date", flat=True))
    wanted = set(days)
    for day in sorted(have - wanted):
        await DayOff.filter(cafe_id=cafe.id, date=day).delete()
        report.count("days off", "deleted")
    for day in sorted(wanted - have):
        await DayOff.create(cafe_id=cafe.id, date=day)
        report.count("days off", "created")
        report.cancelled.extend(await cancel_orders_for(conn, cafe.id, day))
    for _ in wanted & have:
        report.count("days off", "unchanged")


async def cancel_orders_for(conn: Any, cafe_id: int, day: dt.date) -> list[int]:
    """Cancel every active order of the cafe for `day` (it became a day off); their ids."""
    # Exclusive, as the deadline notification does: an order being written right now is
    # either done before (and cancelled here) or sees the day off and is refused.
    await ordering_lock(conn, cafe_id, day, exclusive=True)
    ids = await Order.filter(cafe_id=cafe_id, date=day, status=OrderStatus.ACTIVE).values_list(
        "id", flat=True
    )
    if ids:
        await Order.filter(id__in=ids).update(status=OrderStatus.CANCELLED)
    return list(ids)


async def _apply_deadlines(cafe: Cafe, deadlines: list[DeadlineIn], report: ImportReport) -> None:
    wanted = {
        WEEKDAYS.index(day): (d.time, d.advance_days) for d in deadlines for day in d.weekdays
    }
    for row in await Deadline.filter(cafe_id=cafe.id):
        if row.weekday not in wanted:
            await row.delete()
            report.count("deadlines", "deleted")
    for weekday, (time, advance_days) in sorted(wanted.items()):
        await _upsert(
            Deadline,
            report,
            "deadlines",
            {"cafe_id": cafe.id, "weekday": weekday},
            {"local_minutes": time.hour * 60 + time.minute, "advance_days": advance_days},
        )


async def _apply_orders(
    orders: list[OrderIn], users: dict[int, User], cafes: dict[str, Cafe], report: ImportReport
) -> None:
    problems: list[str] = []
    menus: dict[int, dict[str, MenuItem]] = {}
    combos: dict[int, dict[str, Combo]] = {}
    for i, o in enumerate(orders):
        where = f"orders[{i}]"
        user = users.get(o.user) or await User.get_or_none(tgid=o.user)
        cafe = cafes.get(o.cafe) or await Cafe.get_or_none(key=o.cafe)
        if user is None:
            problems.append(f"{where}.user: no user with tgid {o.user}")
        if cafe is None:
            problems.append(f"{where}.cafe: no cafe with key {o.cafe!r}")
        if user is None or cafe is None:
            continue
        if cafe.id not in menus:
            menus[cafe.id] = {m.key: m for m in await MenuItem.filter(cafe_id=cafe.id)}
            combos[cafe.id] = {c.key: c for c in await Combo.filter(cafe_id=cafe.id)}
        menu, combo = menus[cafe.id], combos[cafe.id].get(o.combo)
        if combo is None:
            problems.append(f"{where}.combo: cafe {cafe.key!r} has no combo {o.combo!r}")
            continue
        unknown = [k for k in [*o.items, *(e.item for e in o.extras)] if k not in menu]
        if unknown:
            problems.append(f"{where}: cafe {cafe.key!r} has no menu items {', '.join(unknown)}")
            continue
        chosen = sorted(str(menu[k].category) for k in o.items)
        if chosen != sorted(combo.categories):
            problems.append(
                f"{where}.items: combo {combo.key!r} needs one of each of "
                f"{', '.join(combo.categories)}, got {', '.join(chosen)}"
            )
            continue
        not_extra = [e.item for e in o.extras if menu[e.item].category != Category.EXTRA]
        if not_extra:
            problems.append(f"{where}.extras: not 'extra' items: {', '.join(not_extra)}")
            continue
        total = order_total(combo.price, ((menu[e.item].price, e.quantity) for e in o.extras))
        await _upsert_order(o, user, cafe, combo, menu, total, report)
    if problems:
        raise ImportError_(problems)


async def _upsert_order(
    o: OrderIn,
    user: User,
    cafe: Cafe,
    combo: Combo,
    menu: dict[str, MenuItem],
    total: Decimal,
    report: ImportReport,
) -> None:
    lookup = {"user_id": user.id, "cafe_id": cafe.id, "date": o.date}
    values = {"combo_id": combo.id, "notes": o.notes, "total_amount": total, "status": o.status}
    existing = await Order.get_or_none(**lookup)
    items = {menu[k].id for k in o.items}
    extras = {menu[e.item].id: e.quantity for e in o.extras}
    prices = {menu[e.item].id: menu[e.item].price for e in o.extras}
    if existing is not None:
        have_items = set(
            await OrderItem.filter(order_id=existing.id).values_list("menu_item_id", flat=True)
        )
        have_extras = dict(
            await OrderExtra.filter(order_id=existing.id).values_list("menu_item_id", "quantity")
        )
        same_rows = have_items == items and have_extras == extras
        if same_rows and all(getattr(existing, k) == v for k, v in values.items()):
            report.count("orders", "unchanged")
            return
        await Order.filter(id=existing.id).update(**values)
        await OrderItem.filter(order_id=existing.id).delete()
        await OrderExtra.filter(order_id=existing.id).delete()
        order = existing
        report.count("orders", "updated")
    else:
        order = await Order.create(**lookup, **values)
        report.count("orders", "created")
    await OrderItem.bulk_create([OrderItem(order_id=order.id, menu_item_id=i) for i in items])
    await OrderExtra.bulk_create(
        [
            OrderExtra(order_id=order.id, menu_item_id=i, quantity=q, unit_price=prices[i])
            for i, q in extras.items()
        ]
    )
