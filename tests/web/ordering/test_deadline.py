"""The deadline, to the second, in the office's time zone: before it orders are placed,
changed and cancelled; from it on, all three are a 409 that says when ordering closed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from core.clock import FrozenClock
from core.config import Settings
from db.models import Order
from tests.support.catalog import TUESDAY, Catalog
from tests.support.miniapp import MiniApp

SECOND = timedelta(seconds=1)


@pytest.fixture(params=["Europe/Moscow", "Asia/Vladivostok", "America/New_York"])
def settings(request: pytest.FixtureRequest, make_settings: Callable[..., Settings]) -> Settings:
    """The app runs in each of these zones (+3, +10, and -5 with DST)."""
    return make_settings(app={"timezone": request.param})


def local(settings: Settings, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(settings.app.timezone))


async def test_one_second_before_the_deadline_is_in_time_one_after_is_not(
    ivan: MiniApp, maria: MiniApp, catalog: Catalog, clock: FrozenClock, settings: Settings
) -> None:
    deadline = local(settings, 2026, 12, 8, 10, 0)  # Tuesday 10:00 in TIMEZONE
    clock.set(deadline - SECOND)
    status, order = await ivan.post("/orders", catalog.order())
    assert status == 201, order
    assert order["deadline"] == deadline.isoformat()

    clock.set(deadline + SECOND)
    status, body = await maria.post("/orders", catalog.order())
    assert status == 409
    assert body["error"]["code"] == "deadline_passed"
    assert body["error"]["details"] == {"deadline": deadline.isoformat()}
    assert "10:00" in body["error"]["message"]
    assert await Order.all().count() == 1


async def test_changes_and_cancels_stop_at_the_deadline_too(
    ivan: MiniApp, catalog: Catalog, clock: FrozenClock, settings: Settings
) -> None:
    deadline = local(settings, 2026, 12, 8, 10, 0)
    clock.set(deadline - timedelta(hours=1))
    _, order = await ivan.post("/orders", catalog.order())
    path = f"/orders/{order['id']}"

    clock.set(deadline - SECOND)
    status, changed = await ivan.patch(path, {"notes": "в последний момент"})
    assert (status, changed["editable"]) == (200, True)

    clock.set(deadline)  # the deadline itself is too late
    for status, body in [await ivan.patch(path, {"notes": "поздно"}), await ivan.delete(path)]:
        assert (status, body["error"]["code"]) == (409, "deadline_passed")
    status, after = await ivan.get(path)
    assert (after["notes"], after["status"], after["editable"]) == (
        "в последний момент",
        "active",
        False,
    )


async def test_advance_days_close_the_day_before(
    ivan: MiniApp, catalog: Catalog, clock: FrozenClock, settings: Settings
) -> None:
    """Green Bowl: Friday's orders close on Thursday at 18:00."""
    friday = catalog.order(
        cafe="green-bowl", date="2026-12-11", combo="soup-salad", items=("tom-yam", "cezar")
    )
    deadline = local(settings, 2026, 12, 10, 18, 0)
    clock.set(deadline - SECOND)
    status, order = await ivan.post("/orders", friday)
    assert status == 201, order
    assert order["deadline"] == deadline.isoformat()
    clock.set(deadline + SECOND)
    assert (await ivan.delete(f"/orders/{order['id']}"))[0] == 409
    status, cafes = await ivan.get("/cafes")
    green_bowl = next(c for c in cafes["cafes"] if c["name"] == "Green Bowl")
    assert green_bowl["next_order_date"] == "2026-12-14"  # Monday


async def test_the_days_are_the_offices_days(
    ivan: MiniApp, catalog: Catalog, clock: FrozenClock, settings: Settings
) -> None:
    """At 23:30 in TIMEZONE on Monday, Tuesday is tomorrow and Monday is not in the past
    yet, whatever the date in UTC."""
    clock.set(local(settings, 2026, 12, 7, 23, 30))
    status, body = await ivan.post("/orders", catalog.order(date="2026-12-07"))
    assert (status, body["error"]["code"]) == (409, "deadline_passed")
    status, body = await ivan.post("/orders", catalog.order(date="2026-12-06"))
    assert (status, body["error"]["code"]) == (422, "date_in_past")
    assert (await ivan.post("/orders", catalog.order(date=TUESDAY)))[0] == 201


@pytest.mark.parametrize("settings", ["Europe/Moscow"], indirect=True)
async def test_an_order_in_flight_at_the_deadline_is_waited_for_or_refused(
    ivan: MiniApp, catalog: Catalog, clock: FrozenClock, database_url: str
) -> None:
    """What the deadline notification relies on: once it holds the exclusive ordering lock
    of a (cafe, date), an order write still under way waits for it, then finds the
    deadline passed. Nothing slips in after the orders were read."""
    deadline = datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    clock.set(deadline - SECOND)
    notifier = await asyncpg.connect(database_url)
    try:
        transaction = notifier.transaction()
        await transaction.start()
        key = (catalog.cafes["pelmennaya"], date(2026, 12, 8).toordinal())
        await notifier.execute("SELECT pg_advisory_xact_lock($1, $2)", *key)
        placing = asyncio.create_task(ivan.post("/orders", catalog.order()))
        await _wait_until_someone_waits_for(notifier, key)
        clock.set(deadline)  # the notifier reads the orders, sends them, commits
        await transaction.commit()
        status, body = await placing
    finally:
        await notifier.close()
    assert (status, body["error"]["code"]) == (409, "deadline_passed")
    assert await Order.all().count() == 0


async def _wait_until_someone_waits_for(conn: asyncpg.Connection, key: tuple[int, int]) -> None:
    async with asyncio.timeout(10):
        while not await conn.fetchval(
            """SELECT count(*) FROM pg_locks
               WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objid = $2
                 AND objsubid = 2
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """,
            *key,
        ):
            await asyncio.sleep(0.01)
