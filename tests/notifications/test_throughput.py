"""The pipeline's own speed, with the rate limiter off: N cafes reach their deadline at once →
every chat gets its message, once. Prints the figures (`pytest -s -k throughput
tests/notifications`); the assertions are about what the cafes see, the speed lives in bench/."""

from __future__ import annotations

import secrets
import time
from decimal import Decimal

import pytest

from core.clock import FrozenClock
from db.models import Cafe, Category, Combo, Deadline, MenuItem, Order, OrderItem, User
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.kafka import TansuBroker
from sandbox.telegram import BotAPIServer
from tests.notifications.test_delivery import TUESDAY
from tests.support.app import running_app

pytestmark = pytest.mark.timeout(240)

CAFES = 200
ORDERS = 5


async def many_cafes(bot_api: BotAPIServer) -> list[int]:
    """CAFES linked cafes whose Tuesday closes Monday 10:00 Moscow, ORDERS orders each."""
    chats = [-(1_000_000 + i) for i in range(CAFES)]
    await Cafe.bulk_create(
        [Cafe(key=f"c{i}", name=f"Кафе {i}", tg_chat_id=chat) for i, chat in enumerate(chats)]
    )
    cafes = await Cafe.all().order_by("id")
    await Deadline.bulk_create(
        [Deadline(cafe=c, weekday=1, local_minutes=600, advance_days=1) for c in cafes]
    )
    await MenuItem.bulk_create(
        [MenuItem(cafe=c, key="soup", name="Борщ", category=Category.SOUP) for c in cafes]
    )
    await Combo.bulk_create(
        [Combo(cafe=c, key="c", name="Суп", categories=["soup"], price=Decimal(300)) for c in cafes]
    )
    items = {m.cafe_id: m for m in await MenuItem.all()}  # type: ignore[attr-defined]
    combos = {c.cafe_id: c for c in await Combo.all()}  # type: ignore[attr-defined]
    await User.bulk_create([User(tgid=5000 + i, name=f"Сотрудник {i}") for i in range(ORDERS)])
    users = await User.all()
    await Order.bulk_create(
        [
            Order(user=u, cafe=c, date=TUESDAY, combo=combos[c.id], total_amount=Decimal(300))
            for c in cafes
            for u in users
        ]
    )
    await OrderItem.bulk_create(
        [OrderItem(order=o, menu_item=items[o.cafe_id]) for o in await Order.all()]  # type: ignore[attr-defined]
    )
    for chat in chats:
        bot_api.add_chat(build.group_chat(chat, f"Чат {chat}"))
    return chats


async def run_pipeline(app: Application, bot_api: BotAPIServer, chats: list[int]) -> None:
    app.sender.limiter = None  # our own speed: Telegram's limits are the benchmark's business
    started = time.perf_counter()
    await app.outbox.tick()
    first = None
    for chat in chats:
        await bot_api.wait_for_messages(chat, 1, timeout=180)
        first = first or time.perf_counter() - started
    elapsed = time.perf_counter() - started
    await app.bus.drain()
    assert all(len(bot_api.messages(chat)) == 1 for chat in chats)
    print(
        f"\n{type(app.bus).__name__}: {CAFES} cafes x {ORDERS} orders: first message after "
        f"{first * 1000:.0f} ms, all in {elapsed:.2f} s = {CAFES / elapsed:.1f} notifications/s"
    )


async def test_throughput_in_process(
    app: Application, bot_api: BotAPIServer, clock: FrozenClock
) -> None:
    chats = await many_cafes(bot_api)
    await run_pipeline(app, bot_api, chats)


async def test_throughput_kafka(
    make_settings, bot_api: BotAPIServer, clock: FrozenClock, kafka: TansuBroker
) -> None:
    chats = await many_cafes(bot_api)
    settings = make_settings(
        kafka={
            "broker_url": kafka.bootstrap_servers,
            "topic_prefix": f"t{secrets.token_hex(4)}",
            "session_timeout_ms": 2000,
        }
    )

    def no_limits(app: Application) -> None:
        app.sender.limiter = None  # before the start-up tick

    async with running_app(settings, bot_api, clock, setup=no_limits) as app:
        await run_pipeline(app, bot_api, chats)
