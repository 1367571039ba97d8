""" "✅ Принято" under the cafe's list: accepted once (by one press, by two people at once, never
twice), the managers told; and one alert when nobody accepts in time, even with two processes."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import pytest

from core.clock import FrozenClock
from core.config import Settings
from db.models import DeadlineNotification, Role
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.telegram import BotAPIServer
from services.notifications.outbox import deadline_event
from tests.links.conftest import Json, staff, texts
from tests.support.app import running_app
from tests.support.orders import GOLDEN, make_golden_orders

pytestmark = pytest.mark.timeout(90)

TUESDAY = dt.date(2026, 12, 8)
CHAT = -100500
SENT_AT = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)  # the clock fixture: 11:00 in Moscow


@pytest.fixture
def chat(bot_api: BotAPIServer) -> int:
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    return CHAT


@pytest.fixture
async def anna(bot_api: BotAPIServer) -> Json:
    return await staff(bot_api, 9101, "Анна Петрова", role=Role.MANAGER)


def cook(tgid: int = 555, name: str = "Пётр") -> Json:
    return build.user(tgid, name, "Повар")


async def send_list(app: Application) -> DeadlineNotification:
    cafe = await make_golden_orders(TUESDAY, chat_id=CHAT)
    await app.bus.publish(app.topics.deadlines, deadline_event(cafe.id, TUESDAY, SENT_AT))
    await app.bus.drain()
    return await DeadlineNotification.get(cafe_id=cafe.id, date=TUESDAY)


def button_data(message: Json) -> str:
    (row,) = message["reply_markup"]["inline_keyboard"]
    (button,) = row
    assert button["text"] == "✅ Принято"
    return button["callback_data"]


def answers(bot_api: BotAPIServer) -> list[str | None]:
    return [call.params.get("text") for call in bot_api.calls_to("answerCallbackQuery")]


async def test_the_list_carries_the_button_and_one_press_accepts_it(
    app: Application, bot_api: BotAPIServer, chat: int, anna: Json
) -> None:
    record = await send_list(app)
    (sent,) = bot_api.messages(chat)
    assert sent["text"] == GOLDEN.format(date="08.12.2026")
    data = button_data(sent)

    await bot_api.click(chat, "✅ Принято", from_user=cook())
    (edited,) = bot_api.messages(chat)
    assert edited["text"] == GOLDEN + "\n\n✅ Принято: Пётр Повар, 07.12.2026 11:00"
    assert "reply_markup" not in edited  # the button is gone
    assert texts(bot_api, anna["id"]) == [
        "✅ Кафе «Пельменная «У Васи» &amp; Co» приняло заказ на 08.12.2026: "
        "Пётр Повар, 07.12.2026 11:00."
    ]
    row = await DeadlineNotification.get(id=record.id)
    assert (row.accepted_by_tgid, row.accepted_by_name) == (555, "Пётр Повар")

    # A second press (a stale client still showing the button) changes nothing.
    await bot_api.feed_update(build.callback_query_update(cook(556, "Ольга"), sent, data))
    assert bot_api.messages(chat)[0]["text"] == edited["text"]
    assert len(texts(bot_api, anna["id"])) == 1
    assert answers(bot_api)[-1] == "Уже принято: Пётр Повар, 07.12.2026 11:00."
    assert (await DeadlineNotification.get(id=record.id)).accepted_by_tgid == 555


async def test_two_people_pressing_at_once_accept_it_once(
    app: Application, bot_api: BotAPIServer, chat: int, anna: Json
) -> None:
    await send_list(app)
    (sent,) = bot_api.messages(chat)
    data = button_data(sent)
    await asyncio.gather(
        *(
            bot_api.feed_update(build.callback_query_update(cook(600 + n, f"Повар{n}"), sent, data))
            for n in range(2)
        )
    )
    assert len(bot_api.calls_to("editMessageText", chat_id=chat)) == 1
    assert len(texts(bot_api, anna["id"])) == 1
    assert sorted(str(a) for a in answers(bot_api)) == sorted(
        ["Спасибо! Заказ принят.", f"Уже принято: {(await _who())}, 07.12.2026 11:00."]
    )


async def _who() -> str | None:
    return (await DeadlineNotification.get()).accepted_by_name


async def test_an_old_list_replaced_by_a_new_one_cannot_be_accepted(
    app: Application, bot_api: BotAPIServer, chat: int, anna: Json
) -> None:
    record = await send_list(app)
    (old,) = bot_api.messages(chat)
    await app.outbox.fire(record.cafe_id, TUESDAY, force=True)  # type: ignore[attr-defined]
    await app.bus.drain()
    assert len(bot_api.messages(chat)) == 2
    await bot_api.feed_update(build.callback_query_update(cook(), old, button_data(old)))
    assert answers(bot_api)[-1] == "Этот список устарел: кафе отправлен новый."
    assert (await DeadlineNotification.get(id=record.id)).accepted_at is None
    assert texts(bot_api, anna["id"]) == []


async def test_nobody_accepts_and_the_managers_get_one_alert_from_two_processes(
    app: Application,
    clock: FrozenClock,
    bot_api: BotAPIServer,
    chat: int,
    anna: Json,
    make_settings: Callable[..., Settings],
) -> None:
    await send_list(app)
    clock.set(SENT_AT + dt.timedelta(minutes=29))
    await app.ack_tick()
    assert texts(bot_api, anna["id"]) == []

    clock.set(SENT_AT + dt.timedelta(minutes=31))
    async with running_app(make_settings(), bot_api, clock) as second:
        await asyncio.gather(app.ack_tick(), second.ack_tick(), app.ack_tick())
        await second.ack_tick()
        # The second app's own start-up tick may be the one that claimed the row and is still
        # sending: wait for the alert, then it must be the only one.
        await bot_api.wait_for_messages(anna["id"], 1, timeout=30)
        assert texts(bot_api, anna["id"]) == [
            "⏰ Кафе «Пельменная «У Васи» &amp; Co» не подтвердило заказ на 08.12.2026: список "
            "отправлен в 07.12.2026 11:00, прошло 31 мин. Стоит позвонить в кафе."
        ]
        # Accepting late is still fine (the webhook now reaches the second process), and
        # alerts nothing more.
        await bot_api.click(chat, "✅ Принято", from_user=cook())
        await app.ack_tick()
        assert len(texts(bot_api, anna["id"])) == 2


async def test_an_accepted_list_is_never_alerted(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer, chat: int, anna: Json
) -> None:
    await send_list(app)
    await bot_api.click(chat, "✅ Принято", from_user=cook())
    clock.set(SENT_AT + dt.timedelta(hours=2))
    await app.ack_tick()
    assert len(texts(bot_api, anna["id"])) == 1  # the acceptance, no alert


@pytest.mark.parametrize("timeout", [0])
async def test_the_alert_can_be_turned_off(
    make_settings: Callable[..., Settings],
    clock: FrozenClock,
    bot_api: BotAPIServer,
    chat: int,
    anna: Json,
    timeout: int,
) -> None:
    async with running_app(
        make_settings(app={"ack_timeout_minutes": timeout}), bot_api, clock
    ) as app:
        await send_list(app)
        clock.set(SENT_AT + dt.timedelta(hours=2))
        await app.ack_tick()
    assert texts(bot_api, anna["id"]) == []
