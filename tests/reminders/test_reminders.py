"""Reminders before the deadline, through the real app and the Bot API double: who gets one,
once (two processes, restarts, late ticks), opting out, and their place behind cafe lists."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from core.clock import FrozenClock
from core.config import Settings
from db.models import Cafe, Deadline, Reminder, ReminderStatus, User
from sandbox import updates as build
from sandbox.telegram import BotAPIServer, BotBlocked
from tests.support.app import running_app
from tests.support.orders import make_cafe, make_golden_orders, make_order

pytestmark = pytest.mark.timeout(90)

MONDAY = dt.date(2026, 12, 7)
TUESDAY = dt.date(2026, 12, 8)
# Monday 11:00 in Moscow (08:00 UTC): an hour before the Пельменная's 12:00 deadline.
REMIND_AT = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)

ANNA = build.user(9101, "Анна", language_code="ru")
IVAN = build.user(9201, "Иван", language_code="ru")
JOHN = build.user(9202, "John", language_code="en")
OLGA = build.user(9203, "Ольга", language_code="ru")  # never opened the bot


@pytest.fixture
def reminding(make_settings: Callable[..., Settings]) -> Callable[[], Settings]:
    return lambda: make_settings(app={"reminder_minutes": 60})


async def open_cafes() -> tuple[Cafe, dict, dict]:
    """Пельменная closes at 12:00 for the same day, Green Bowl at 14:00; a third cafe is
    inactive (not listed)."""
    cafe, menu, combos = await make_cafe()
    green, _, _ = await make_cafe("Green Bowl", key="green", chat_id=None)
    shut, _, _ = await make_cafe("Закрыто", key="shut", chat_id=None, is_active=False)
    for weekday in range(7):
        await Deadline.create(cafe=cafe, weekday=weekday, local_minutes=12 * 60)
        await Deadline.create(cafe=green, weekday=weekday, local_minutes=14 * 60)
        await Deadline.create(cafe=shut, weekday=weekday, local_minutes=11 * 60 + 30)
    return cafe, menu, combos


async def start_bot(bot_api: BotAPIServer, person: dict) -> None:
    await bot_api.send_text(build.private_chat(person), person, "/start")


def reminders_to(bot_api: BotAPIServer, person: dict) -> list[dict]:
    return [m for m in bot_api.messages(person["id"]) if "⏰" in m["text"]]


async def test_the_people_without_an_order_get_one_reminder_with_two_processes(
    reminding: Callable[[], Settings], bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> None:
    cafe, menu, combos = await open_cafes()
    clock.set(REMIND_AT - dt.timedelta(minutes=1))
    async with running_app(reminding(), bot_api, clock) as one:
        async with running_app(reminding(), bot_api, clock) as two:
            for person in (ANNA, IVAN, JOHN):
                await start_bot(bot_api, person)
            await User.create(tgid=OLGA["id"], name="Ольга")  # in the office, not in the bot
            ivan = await User.get(tgid=IVAN["id"])
            await make_order(ivan, cafe, MONDAY, combos["light"], [menu["borsch"], menu["olivier"]])

            await asyncio.gather(one.reminders.tick(), two.reminders.tick())
            assert not await Reminder.exists()  # 11:59 before the deadline: not yet

            clock.set(REMIND_AT)
            results = await asyncio.gather(
                one.reminders.tick(), two.reminders.tick(), one.reminders.tick()
            )
            assert sum(r.sent for r in results) == 2
            # A restart (a new process) and later ticks send nothing again.
        async with running_app(reminding(), bot_api, clock) as three:
            clock.advance(dt.timedelta(minutes=20))
            await three.reminders.tick()
            await one.reminders.tick()

    (anna,) = reminders_to(bot_api, ANNA)
    assert anna["text"] == (
        "⏰ Вы ещё не заказали обед на <b>понедельник, 7 декабря</b>.\n"
        "Заказы принимают:\n"
        "• Пельменная №1 — до 12:00\n"
        "• Green Bowl — до 14:00"
    )
    buttons = [b for row in anna["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["🍽 Заказать обед", "🔕 Не напоминать"]
    assert buttons[0]["web_app"]["url"].endswith("/app/")
    (john,) = reminders_to(bot_api, JOHN)
    assert john["text"].startswith("⏰ You have not ordered lunch for <b>Monday, 7 December</b>")
    assert reminders_to(bot_api, IVAN) == []  # he has ordered
    assert bot_api.calls_to("sendMessage", chat_id=OLGA["id"]) == []
    assert await Reminder.filter(status=ReminderStatus.SENT).count() == 2


async def test_opting_out_by_the_button_and_by_the_command(
    reminding: Callable[[], Settings], bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> None:
    await open_cafes()
    clock.set(REMIND_AT)
    async with running_app(reminding(), bot_api, clock) as app:
        for person in (ANNA, IVAN):
            await start_bot(bot_api, person)
        await app.reminders.tick()
        await bot_api.click(ANNA["id"], "🔕 Не напоминать", from_user=ANNA)
        answer = bot_api.calls_to("answerCallbackQuery")[-1]
        assert answer.params["text"] == "Напоминания выключены — /reminders on"
        (edited,) = reminders_to(bot_api, ANNA)
        assert edited["text"].endswith("\n\n🔕 Напоминания выключены — /reminders on")
        markup = [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
        assert markup == ["🍽 Заказать обед"]  # no second "stop"
        assert (await User.get(tgid=ANNA["id"])).reminders_enabled is False

        await bot_api.send_text(IVAN["id"], IVAN, "/reminders off")
        assert bot_api.messages(IVAN["id"])[-1]["text"].startswith("🔕 Напоминания выключены")
        await bot_api.send_text(IVAN["id"], IVAN, "/reminders")
        assert "выключены" in bot_api.messages(IVAN["id"])[-1]["text"]

        # Tuesday's reminder goes to nobody: both turned them off.
        clock.set(REMIND_AT + dt.timedelta(days=1))
        result = await app.reminders.tick()
        assert (result.created, result.sent) == (0, 0)

        await bot_api.send_text(ANNA["id"], ANNA, "/reminders on")
        assert "включены" in bot_api.messages(ANNA["id"])[-1]["text"]
        clock.set(REMIND_AT + dt.timedelta(days=2))
        assert (await app.reminders.tick()).sent == 1
    assert len(reminders_to(bot_api, ANNA)) == 2
    assert len(reminders_to(bot_api, IVAN)) == 1  # only Monday's, before he turned them off


async def test_a_late_scheduler_never_reminds_about_a_closed_day(
    reminding: Callable[[], Settings], bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> None:
    await open_cafes()
    clock.set(REMIND_AT)
    async with running_app(reminding(), bot_api, clock) as app:
        await start_bot(bot_api, ANNA)
        await app.reminders.service.create_due()  # due, but the sending process stalls…
        clock.set(dt.datetime(2026, 12, 7, 11, 0, 1, tzinfo=dt.UTC))  # …past 14:00 Moscow
        result = await app.reminders.tick()
        assert result.sent == 0  # and Tuesday's reminder is not due before Tuesday 11:00
    assert reminders_to(bot_api, ANNA) == []
    row = await Reminder.get()
    assert (row.status, row.reason) == (ReminderStatus.SKIPPED, "deadline_passed")


async def test_someone_who_blocked_the_bot_is_marked_and_skipped_next_time(
    reminding: Callable[[], Settings], bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> None:
    await open_cafes()
    clock.set(REMIND_AT)
    async with running_app(reminding(), bot_api, clock) as app:
        await start_bot(bot_api, ANNA)
        bot_api.inject("sendMessage", BotBlocked(), chat_id=ANNA["id"])
        assert (await app.reminders.tick()).failed == 1
        assert (await User.get(tgid=ANNA["id"])).blocked_at is not None
        calls = len(bot_api.calls_to("sendMessage", chat_id=ANNA["id"]))
        clock.set(REMIND_AT + dt.timedelta(days=1))
        assert (await app.reminders.tick()).created == 0
        assert len(bot_api.calls_to("sendMessage", chat_id=ANNA["id"])) == calls
        # Coming back (/start) turns them on again.
        await start_bot(bot_api, ANNA)
        clock.set(REMIND_AT + dt.timedelta(days=2))
        assert (await app.reminders.tick()).sent == 1


async def test_a_burst_of_500_reminders_does_not_delay_the_cafe_list(
    reminding: Callable[[], Settings], bot_api: BotAPIServer, clock: FrozenClock, redis: Redis
) -> None:
    """500 reminders and a cafe's deadline in the same minute, the real rate limiter on: the
    list goes out at once, and no reminder overtakes it."""
    green, _, _ = await make_cafe("Green Bowl", key="green", chat_id=None)
    await Deadline.create(cafe=green, weekday=0, local_minutes=12 * 60)  # reminders at 11:00
    # The golden cafe closes Tuesday's orders on Monday at 11:00 Moscow: the same minute.
    golden = await make_golden_orders(TUESDAY, chat_id=-100777)
    await Deadline.create(cafe=golden, weekday=1, local_minutes=11 * 60, advance_days=1)
    bot_api.add_chat(build.group_chat(-100777, "Пельменная: заказы"))
    people = [
        User(tgid=50_000 + n, name=f"Сотрудник {n}", started_at=REMIND_AT) for n in range(500)
    ]
    await User.bulk_create(people)
    for person in people:
        bot_api.add_chat(build.private_chat(build.user(person.tgid, person.name)), started=True)

    clock.set(REMIND_AT - dt.timedelta(seconds=30))  # 10:59:30: nothing due yet
    async with running_app(reminding(), bot_api, clock) as app:
        clock.set(REMIND_AT + dt.timedelta(seconds=5))
        burst = asyncio.create_task(app.reminders.tick())
        # Wait for the burst to fill the rate limit.
        async with asyncio.timeout(30):
            while _reminders_sent(bot_api) < 40:
                await asyncio.sleep(0.02)
        since = len(bot_api.calls)
        started = time.monotonic()
        await app.outbox.tick()
        await app.bus.drain()
        took = time.monotonic() - started
        (listing,) = bot_api.calls_to("sendMessage", chat_id=-100777)
        overtaking = [
            call
            for call in bot_api.calls[since:]
            if call.method == "sendMessage" and call.at < listing.at and call.ok
            and call.params["chat_id"] > 0
        ]  # fmt: skip
        sent_by_then = _reminders_sent(bot_api)
        burst.cancel()
        with pytest.raises(asyncio.CancelledError):
            await burst
    # The measure that does not depend on the machine's load: while the list waited for its
    # slot, no reminder took one — only sends already past the limiter when the list came
    # (one per sender task) may land before it. At the cafe's priority, dozens do.
    assert len(overtaking) <= 8, f"{len(overtaking)} reminders went out before the cafe's list"
    assert took < 10.0, f"the cafe's list took {took:.2f} s"  # a backstop, not the measure
    assert sent_by_then < 500  # the burst was still going on


def _reminders_sent(bot_api: BotAPIServer) -> int:
    return sum(
        1
        for call in bot_api.calls_to("sendMessage")
        if call.ok and call.params["chat_id"] >= 50_000 and "⏰" in call.params["text"]
    )
