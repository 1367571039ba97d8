"""The sandbox's world: the demo data of `examples/demo.yaml`, order history from the first day
of the previous month (so `/report`, `/today` and the Mini App's office tab show a real month,
and the recommendations have something to work on), and the Telegram chats the browser UI shows.

Everything is derived from the demo file and the clock, deterministically (a seeded random
generator), so two starts on the same day look the same.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.deadlines import next_open_day
from services.importer import WEEKDAYS, ImportFile, load_file

DEMO_FILE = Path(__file__).resolve().parents[1] / "examples" / "demo.yaml"

# Whose private chats the UI lists, in this order: the admin, the managers, a few employees.
PRIVATE_CHATS = (9001, 9101, 9102, 9201, 9202, 9209)
# Who has history (5+ orders in 30 days: eligible for advice) and who already ordered for
# the next delivery day (so a deadline fired now has something to aggregate). Иван (9201) has
# history but no order for the next day: that one is the visitor's to place.
WITH_HISTORY = (9201, 9202, 9209, 9203)
ORDERED_AHEAD = (9202, 9203, 9204, 9209)
# Someone at each cafe, who adds the bot to the cafe's group and writes there.
CAFE_STAFF = ("Галина", "Тимур", "Тамара", "Рустам", "Вера")
# Colleagues who order now and then: a full office in the monthly report, yet none of them has
# the 5 orders in 30 days that advice needs (the four above stay the ones who get it).
OCCASIONAL = (9101, 9204, 9205, 9206, 9207, 9208)
ADVICE_WINDOW = 30  # days (services.stats)


@dataclass(frozen=True)
class _Rule:  # a `services.deadlines.DeadlineRule` read from the file, not the database
    weekday: int
    local_minutes: int
    advance_days: int


@dataclass(frozen=True)
class Person:
    tgid: int
    first_name: str
    last_name: str | None
    username: str | None
    language: str
    role: str

    def telegram_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.tgid, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        user["language_code"] = self.language
        return user

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass(frozen=True)
class CafeChat:
    key: str
    name: str
    chat_id: int
    staff: Person


@dataclass
class World:
    data: ImportFile
    people: dict[int, Person]
    private: list[Person]
    cafes: list[CafeChat] = field(default_factory=list)


def build_world(now: dt.datetime, tz: dt.tzinfo, demo_file: Path = DEMO_FILE) -> World:
    """The demo file plus generated orders, as of `now`, and the chats to show."""
    demo = load_file(demo_file)
    people = {}
    for user in demo.users:
        first, _, last = user.name.partition(" ")
        people[user.tgid] = Person(
            user.tgid, first, last or None, user.username, user.language, user.role.value
        )
    orders = _history(demo, now, tz) + _ordered_ahead(demo, now, tz)
    # Validated like a file, so a generated order the importer would refuse fails here.
    data = ImportFile.model_validate(
        {**demo.model_dump(), "orders": [*(order.model_dump() for order in demo.orders), *orders]}
    )
    cafes = [
        CafeChat(
            cafe.key,
            cafe.name,
            # Supergroup-shaped ids, as Telegram gives groups that have a link.
            -1009000000001 - index,
            Person(9801 + index, CAFE_STAFF[index % len(CAFE_STAFF)], None, None, "ru", "staff"),
        )
        for index, cafe in enumerate(c for c in demo.cafes if c.active)
    ]
    private = [people[tgid] for tgid in PRIVATE_CHATS if tgid in people]
    return World(data, people, private, cafes)


def _order(rng: random.Random, cafe: Any, tgid: int, day: dt.date) -> dict[str, Any] | None:
    combos = [combo for combo in cafe.combos if combo.available]
    if not combos:
        return None
    combo = rng.choice(combos)
    by_category: dict[str, list[str]] = {}
    for item in cafe.menu:
        if item.available:
            by_category.setdefault(item.category.value, []).append(item.key)
    if not all(category.value in by_category for category in combo.categories):
        return None
    items = [rng.choice(by_category[category.value]) for category in combo.categories]
    extras = by_category.get("extra", [])
    order: dict[str, Any] = {
        "user": tgid,
        "cafe": cafe.key,
        "date": day,
        "combo": combo.key,
        "items": items,
    }
    if extras and rng.random() < 0.4:
        order["extras"] = [{"item": rng.choice(extras), "quantity": rng.randint(1, 2)}]
    return order


def _history(demo: ImportFile, now: dt.datetime, tz: dt.tzinfo) -> list[dict[str, Any]]:
    """Weekday lunches from the first of the previous month until yesterday, a cafe picked per
    day; now and then one cancelled (the report leaves those out)."""
    today = now.astimezone(tz).date()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    recent = today - dt.timedelta(days=ADVICE_WINDOW)
    cafes = [cafe for cafe in demo.cafes if cafe.active]
    orders = []
    for tgid in (*WITH_HISTORY, *OCCASIONAL):
        rng = random.Random(tgid)
        regular = tgid in WITH_HISTORY
        lately = 0
        for back in range((today - start).days, 0, -1):
            day = today - dt.timedelta(days=back)
            if day.weekday() >= 5 or rng.random() < (0.15 if regular else 0.5):
                continue
            if not regular and day > recent:
                if lately >= 4:
                    continue
                lately += 1
            if order := _order(rng, rng.choice(cafes), tgid, day):
                if rng.random() < 0.04:
                    order["status"] = "cancelled"
                orders.append(order)
    return orders


def _ordered_ahead(demo: ImportFile, now: dt.datetime, tz: dt.tzinfo) -> list[dict[str, Any]]:
    """Orders already placed for each cafe's next open day, by a few colleagues."""
    orders = []
    for index, cafe in enumerate(c for c in demo.cafes if c.active):
        rules = [
            _Rule(WEEKDAYS.index(day), rule.time.hour * 60 + rule.time.minute, rule.advance_days)
            for rule in cafe.deadlines
            for day in rule.weekdays
        ]
        upcoming = next_open_day(rules, tz, now)
        if upcoming is None:
            continue
        rng = random.Random(1000 + index)
        for tgid in ORDERED_AHEAD[index % 2 :: 1 + index % 2]:
            if order := _order(rng, cafe, tgid, upcoming[0]):
                order["notes"] = rng.choice([None, None, "без лука", "соус отдельно"])
                orders.append({k: v for k, v in order.items() if v is not None})
    return orders
