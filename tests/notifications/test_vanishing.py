"""Orders that must not vanish: a cafe with orders and no working chat is alerted before and
at the deadline; a deadline fired by hand too early is refused (and an early skip leaves the
real deadline its work); a list already sent gets follow-ups for later changes; a deadline
moved later reopens the day."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from core.clock import FrozenClock
from core.config import Settings
from db.models import Cafe, DeadlineNotification, NotificationStatus, Role, User
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.telegram import BotAPIServer
from services.errors import ConflictError
from services.importer import apply, parse
from tests.support.app import running_app
from tests.support.catalog import CATALOG, Catalog, load_catalog
from web.api.orders import OrderChanges, OrderForm

pytestmark = pytest.mark.timeout(120)

TUESDAY = dt.date(2026, 12, 8)
CHAT = -100777
# Пельменная's Tuesday closes at 10:00 Moscow, 07:00 UTC.
HALF_AN_HOUR_BEFORE = dt.datetime(2026, 12, 8, 6, 30, tzinfo=dt.UTC)
JUST_AFTER = dt.datetime(2026, 12, 8, 7, 0, 10, tzinfo=dt.UTC)


async def _manager(bot_api: BotAPIServer, tgid: int = 9101) -> int:
    await User.create(tgid=tgid, name="Анна Петрова", role=Role.MANAGER)
    bot_api.add_chat(build.private_chat(build.user(tgid, "Анна")), started=True)
    return tgid


async def _order(app: Application, catalog: Catalog, tgid: int, name: str, **choice) -> int:
    user = await User.create(tgid=tgid, name=name)
    view = await app.services.ordering.place(
        user, OrderForm.model_validate(catalog.order(**choice)).choice()
    )
    return view.order.id


async def _link(catalog: Catalog, bot_api: BotAPIServer) -> None:
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    await Cafe.filter(id=catalog.cafes["pelmennaya"]).update(
        tg_chat_id=CHAT, linked_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    )


async def _deliver(app: Application) -> None:
    await app.outbox.tick()
    await app.bus.drain()


def _texts(bot_api: BotAPIServer, chat_id: int) -> list[str]:
    return [m["text"] for m in bot_api.messages(chat_id)]


async def test_managers_hear_once_before_the_deadline_across_two_processes(
    app: Application,
    settings: Settings,
    clock: FrozenClock,
    bot_api: BotAPIServer,
    make_settings,
) -> None:
    catalog = await load_catalog()
    anna = await _manager(bot_api)
    for n in range(4):
        await _order(app, catalog, 500 + n, f"Сотрудник {n}")

    await app.alerts.before_deadlines()  # Monday 11:00: a day ahead, too early to say
    assert _texts(bot_api, anna) == []

    clock.set(HALF_AN_HOUR_BEFORE)
    async with running_app(make_settings(), bot_api, clock) as second:
        counts = await asyncio.gather(
            app.alerts.before_deadlines(), second.alerts.before_deadlines()
        )
        await second.alerts.before_deadlines()
    # (the second app's own start-up tick may have been the one to tell them)
    assert sum(counts) <= 1
    (alert,) = _texts(bot_api, anna)
    assert "«Пельменная №1»: 4 заказа на 08.12.2026" in alert
    assert "/link 1" in alert


async def test_a_deadline_skipped_with_orders_alerts_the_managers(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer
) -> None:
    catalog = await load_catalog()
    anna = await _manager(bot_api)
    await _link(catalog, bot_api)
    await _order(app, catalog, 501, "Иван")
    await Cafe.filter(id=catalog.cafes["pelmennaya"]).update(notifications_enabled=False)
    clock.set(JUST_AFTER)
    await _deliver(app)
    await _deliver(app)  # the next tick alerts no more
    row = await DeadlineNotification.get(cafe_id=catalog.cafes["pelmennaya"], date=TUESDAY)
    assert (row.status, row.skip_reason, row.orders_count) == ("skipped", "notifications_off", 1)
    (alert,) = _texts(bot_api, anna)
    assert "1 заказ на 08.12.2026 не отправлен" in alert
    assert "/notifications 1 on" in alert


async def test_an_early_fire_is_refused_and_an_early_skip_leaves_the_deadline_its_work(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer
) -> None:
    catalog = await load_catalog()
    await _link(catalog, bot_api)
    cafe_id = catalog.cafes["pelmennaya"]

    with pytest.raises(ConflictError, match="open until 2026-12-08 10:00"):
        await app.outbox.fire(cafe_id, TUESDAY)
    assert not await DeadlineNotification.exists()

    forced = await app.outbox.fire(cafe_id, TUESDAY, force=True)  # no orders yet: skipped
    await app.bus.drain()
    await forced.refresh_from_db()
    assert forced.status == NotificationStatus.SKIPPED

    await _order(app, catalog, 501, "Иван Сидоров")  # ordering is still open
    clock.set(JUST_AFTER)
    await _deliver(app)
    (listing,) = _texts(bot_api, CHAT)
    assert "Иван Сидоров" in listing
    await forced.refresh_from_db()
    assert forced.status == NotificationStatus.SENT


async def test_changes_after_a_sent_list_reach_the_cafe(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer
) -> None:
    catalog = await load_catalog()
    await _link(catalog, bot_api)
    order_id = await _order(app, catalog, 501, "Иван Сидоров")
    await app.outbox.fire(catalog.cafes["pelmennaya"], TUESDAY, force=True)
    await app.bus.drain()
    assert len(_texts(bot_api, CHAT)) == 1

    ivan = await User.get(tgid=501)
    await app.services.ordering.change(
        ivan,
        order_id,
        OrderChanges.model_validate(
            {"extras": [{"menu_item_id": catalog.items["mors"], "quantity": 2}]}
        ).edit(),
    )
    await _order(app, catalog, 502, "Мария Кузнецова", combo="light", items=("borsch", "olivier"))
    await app.services.ordering.cancel(ivan, order_id)

    _, changed, placed, cancelled = _texts(bot_api, CHAT)
    assert changed.startswith("✏️ Изменение в заказе на 08.12.2026 — Пельменная №1:")
    assert "Иван Сидоров" in changed
    assert "Морс клюквенный ×2" in changed
    assert "Новый заказ" in placed
    assert "Мария Кузнецова" in placed
    assert "Итого теперь: 2 заказа," in placed
    assert "Иван Сидоров: заказ отменён" in cancelled
    assert "Итого теперь: 1 заказ" in cancelled

    clock.set(JUST_AFTER)
    await _deliver(app)
    assert len(_texts(bot_api, CHAT)) == 4  # the deadline sends no second list


async def test_a_deadline_moved_later_reopens_the_day_and_delivers_then(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer
) -> None:
    catalog = await load_catalog()
    await _link(catalog, bot_api)
    clock.set(JUST_AFTER)
    await _deliver(app)  # 10:00 passed with no orders
    row = await DeadlineNotification.get(cafe_id=catalog.cafes["pelmennaya"], date=TUESDAY)
    assert row.skip_reason == "no_orders"

    # The cafe takes orders until 12:00 today after all.
    await apply(
        parse(
            CATALOG.replace(
                '{weekdays: [mon, tue, wed, thu, fri], time: "10:00"}',
                '{weekdays: [mon, tue, wed, thu, fri], time: "12:00"}',
                1,
            )
        )
    )
    await _order(app, catalog, 501, "Иван Сидоров")
    clock.set(dt.datetime(2026, 12, 8, 9, 0, 10, tzinfo=dt.UTC))
    await _deliver(app)
    (listing,) = _texts(bot_api, CHAT)
    assert "Иван Сидоров" in listing
    await row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
