"""Deadline notifications through the whole app (in-process bus): the deadline passes on the
test's clock → the outbox row → `deadline.passed` → the consumer → the cafe chat, once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from redis.asyncio import Redis

from core.clock import FrozenClock
from core.events import Topics
from core.events.memory import InProcessEventBus
from core.metrics import Metrics
from db.models import Cafe, Deadline, DeadlineNotification, NotificationStatus, Role, User
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.telegram import BotAPIServer, BotKicked, RetryAfter, ServerError
from services.notifications.outbox import DeadlineOutbox, deadline_event
from tests.support.events import Recorder
from tests.support.logs import log_lines
from tests.support.orders import GOLDEN, make_cafe, make_golden_orders, make_order

pytestmark = pytest.mark.timeout(60)

TUESDAY = dt.date(2026, 12, 8)
CHAT = -100500
# Orders for Tuesday close on Monday at 10:00 in Moscow (07:00 UTC); the clock fixture's
# Monday 08:00 UTC is after it.
BEFORE = dt.datetime(2026, 12, 7, 6, 59, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 12, 7, 7, 0, 30, tzinfo=dt.UTC)


async def closes_monday_for_tuesday(cafe: Cafe) -> None:
    await Deadline.create(cafe=cafe, weekday=1, local_minutes=10 * 60, advance_days=1)


@pytest.fixture
def chat(bot_api: BotAPIServer) -> int:
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    return CHAT


@pytest.fixture
def fast(app: Application) -> Application:
    """The sender's backoff in milliseconds, so failing paths finish quickly."""
    app.sender.backoff = (0.01, 0.05)
    return app


async def deliver(app: Application) -> None:
    await app.outbox.tick()
    await app.bus.drain()


async def record(cafe: Cafe, day: dt.date = TUESDAY) -> DeadlineNotification:
    return await DeadlineNotification.get(cafe_id=cafe.id, date=day)


async def test_the_deadline_passes_and_the_cafe_gets_its_golden_message_once(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)

    clock.set(BEFORE)
    await deliver(app)
    assert bot_api.messages(chat) == []
    assert not await DeadlineNotification.exists()

    clock.set(AFTER)
    with log_lines() as logs:
        await deliver(app)
        await deliver(app)  # the next tick finds nothing new
    (call,) = bot_api.calls_to("sendMessage", chat_id=chat)
    assert call.params["text"] == GOLDEN
    assert call.params["parse_mode"] == "HTML"

    row = await record(cafe)
    assert row.status == NotificationStatus.SENT
    assert row.orders_count == 2
    assert str(row.total_amount) == "1010.00"
    assert row.message_ids == [m["message_id"] for m in bot_api.messages(chat)]
    assert row.deadline_at == dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)

    sent = [line for line in logs if line["event"] == "deadline notification sent"]
    assert [(line["cafe_id"], line["date"], line["orders_count"], line["telegram_chat_id"])
            for line in sent] == [(cafe.id, "2026-12-08", 2, chat)]  # fmt: skip


async def test_no_orders_no_message_and_the_record_says_why(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe, _, _ = await make_cafe(chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    await deliver(app)
    assert bot_api.calls_to("sendMessage") == []
    row = await record(cafe)
    assert (row.status, row.skip_reason) == (NotificationStatus.SKIPPED, "no_orders")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [({"notifications_enabled": False}, "notifications_off"), ({"chat_id": None}, "not_linked")],
)
async def test_an_unlinked_or_silenced_cafe_is_skipped(
    app: Application, bot_api: BotAPIServer, chat: int, fields: dict, reason: str
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await Cafe.filter(id=cafe.id).update(
        **{"tg_chat_id" if k == "chat_id" else k: v for k, v in fields.items()}
    )
    await closes_monday_for_tuesday(cafe)
    await deliver(app)
    assert bot_api.calls_to("sendMessage") == []
    row = await record(cafe)
    assert (row.status, row.skip_reason, row.orders_count) == ("skipped", reason, 2)


async def test_two_schedulers_ticking_together_make_one_record_and_one_event(
    redis: Redis, clock: FrozenClock, settings
) -> None:
    cafe, _, _ = await make_cafe()
    await closes_monday_for_tuesday(cafe)
    topics = Topics("twin")
    recorders, outboxes = [], []
    for _ in range(2):
        bus = InProcessEventBus(topics, Metrics(), redis)
        recorder = Recorder()
        bus.subscribe(topics.deadlines, topics.group("notifications"), recorder)
        await bus.start()
        recorders.append(recorder)
        outboxes.append((bus, DeadlineOutbox(bus, topics, clock, settings.tz)))
    results = await asyncio.gather(*(outbox.tick() for _, outbox in outboxes))
    for bus, _ in outboxes:
        await bus.drain()
        await bus.stop()
    assert sum(r.created for r in results) == 1
    assert sum(r.published for r in results) == 1
    events = [e for r in recorders for e in r.events]
    assert events == [
        {
            "type": "deadline.passed",
            "cafe_id": cafe.id,
            "date": "2026-12-08",
            "timestamp": "2026-12-07T07:00:00Z",
        }
    ]
    assert await DeadlineNotification.filter(cafe_id=cafe.id).count() == 1


async def test_a_deadline_missed_while_down_is_caught_up_the_same_day(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    clock.set(dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC))  # 23:00 in Moscow, 13 h late
    await deliver(app)
    assert len(bot_api.messages(chat)) == 1
    # Yesterday's deadlines are not caught up: a stale list would only confuse the cafe.
    other, _, _ = await make_cafe("Вчерашнее", key="yesterday", chat_id=None)
    await Deadline.create(cafe=other, weekday=0, local_minutes=10 * 60, advance_days=1)  # Sun
    await deliver(app)
    assert not await DeadlineNotification.exists(cafe_id=other.id)


async def test_the_same_event_twice_is_one_message(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    await deliver(app)
    event = deadline_event(cafe.id, TUESDAY, AFTER)
    for _ in range(2):
        await app.bus.publish(app.topics.deadlines, event, key=str(cafe.id))
    await app.bus.drain()
    assert len(bot_api.calls_to("sendMessage", chat_id=chat)) == 1


async def test_retry_after_is_waited_and_the_message_still_goes_once(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    bot_api.inject("sendMessage", RetryAfter(1), chat_id=chat)
    await deliver(app)
    calls = bot_api.calls_to("sendMessage", chat_id=chat)
    assert [c.ok for c in calls] == [False, True]
    assert calls[1].at - calls[0].at >= 1.0
    assert len(bot_api.messages(chat)) == 1


async def test_a_server_error_then_success(
    fast: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    bot_api.inject("sendMessage", ServerError(), chat_id=chat)
    await deliver(fast)
    assert [c.ok for c in bot_api.calls_to("sendMessage", chat_id=chat)] == [False, True]
    assert (await record(cafe)).status == NotificationStatus.SENT


async def test_a_kicked_bot_clears_the_link_tells_the_managers_and_dead_letters(
    fast: Application, bot_api: BotAPIServer, chat: int
) -> None:
    manager = await User.create(tgid=501, name="Мария", role=Role.MANAGER)
    bot_api.add_chat(build.private_chat(build.user(manager.tgid, "Мария")), started=True)
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    bot_api.inject("sendMessage", BotKicked(), chat_id=chat)
    await deliver(fast)

    await cafe.refresh_from_db()
    assert cafe.tg_chat_id is None
    (alert,) = bot_api.messages(manager.tgid)
    assert "Пельменная" in alert["text"]
    row = await record(cafe)
    assert row.status == NotificationStatus.FAILED
    assert "chat gone" in row.last_error
    (letter,) = await fast.bus.dead_letters(fast.topics.deadlines)
    assert letter.event["cafe_id"] == cafe.id
    assert "kicked" in letter.error


async def test_a_permanent_failure_goes_to_the_dlq_with_the_reason_and_can_be_replayed(
    fast: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    bot_api.inject("sendMessage", ServerError(), chat_id=chat, times=None)
    await deliver(fast)
    row = await record(cafe)
    assert row.status == NotificationStatus.FAILED
    assert "after 6 attempts" in row.last_error
    (letter,) = await fast.bus.dead_letters(fast.topics.deadlines)
    assert letter.error == row.last_error
    assert bot_api.messages(chat) == []

    bot_api._faults.clear()  # Telegram is back
    assert await fast.bus.replay_dead_letters(fast.topics.deadlines) == (1, 0)
    await fast.bus.drain()
    assert len(bot_api.messages(chat)) == 1
    assert (await record(cafe)).status == NotificationStatus.SENT


async def test_a_malformed_event_is_dead_lettered_and_the_next_one_delivered(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    assert isinstance(app.bus, InProcessEventBus)
    for raw in (b"not json", b'{"type": "deadline.passed", "cafe_id": "x", "date": "soon"}'):
        await app.bus.publish_raw(app.topics.deadlines, raw)
    await app.bus.publish(app.topics.deadlines, {"type": "deadline.passed", "cafe_id": 999999,
                                                 "date": "2026-12-08"})  # fmt: skip
    await app.bus.publish(app.topics.deadlines, deadline_event(cafe.id, TUESDAY, AFTER))
    await app.bus.drain()
    letters = await app.bus.dead_letters(app.topics.deadlines)
    # Several events are handled at once: the letters of independent events keep no order.
    assert sorted(letter.error.split(":")[0] for letter in letters) == [
        "malformed event",
        "malformed event",
        "unknown cafe 999999",
    ]
    assert len(bot_api.messages(chat)) == 1


async def test_a_migrated_group_gets_the_message_and_keeps_the_link(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    supergroup = -1001234567890
    bot_api.add_chat(build.group_chat(supergroup, "Пельменная: заказы", type="supergroup"))
    bot_api.state.migrated[chat] = supergroup
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    await deliver(app)
    assert len(bot_api.messages(supergroup)) == 1
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id == supergroup
    assert (await record(cafe)).tg_chat_id == supergroup


async def test_a_200_order_cafe_gets_several_parts_in_order_with_nothing_lost(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    cafe, menu, combos = await make_cafe(chat_id=chat)
    for i in range(200):
        user = await User.create(tgid=10_000 + i, name=f"Сотрудник {i:03}")
        await make_order(
            user, cafe, TUESDAY, combos["full"], [menu["borsch"], menu["olivier"], menu["kotleta"]],
            extras=[(menu["mors"], 1)], notes=f"заметка {i}",
        )  # fmt: skip
    # The deadline comes last: the app's own 30 s tick must not catch the cafe half-filled.
    await closes_monday_for_tuesday(cafe)
    await deliver(app)
    texts = [m["text"] for m in bot_api.messages(chat)]
    assert len(texts) > 1
    assert all(len(text) <= 4096 for text in texts)
    assert texts[0].startswith("📋 Пельменная №1 — Заказ на 08.12.2026")
    assert texts[-1].endswith("Итого: 200 заказов, 114\u00a0000,00 ₽")
    joined = "\n".join(texts)
    names = [line for line in joined.splitlines() if line.startswith("👤 ")]
    assert names == [f"👤 Сотрудник {i:03}:" for i in range(200)]
    assert (await record(cafe)).message_ids == [m["message_id"] for m in bot_api.messages(chat)]


async def test_a_consumer_taking_over_sends_only_the_missing_parts(
    app: Application, bot_api: BotAPIServer, chat: int
) -> None:
    """A consumer that crashed after part 1 of several left the row `sending` with one id."""
    cafe, menu, combos = await make_cafe(chat_id=chat)
    for i in range(120):
        user = await User.create(tgid=10_000 + i, name=f"Сотрудник {i:03}")
        await make_order(user, cafe, TUESDAY, combos["full"], [menu["borsch"]], notes="x" * 30)
    await DeadlineNotification.create(
        cafe=cafe, date=TUESDAY, deadline_at=AFTER, status=NotificationStatus.SENDING,
        message_ids=[777], tg_chat_id=chat,
    )  # fmt: skip
    await closes_monday_for_tuesday(cafe)  # last: the app's own tick finds the row as it is
    await app.bus.publish(app.topics.deadlines, deadline_event(cafe.id, TUESDAY, AFTER))
    await app.bus.drain()
    texts = [m["text"] for m in bot_api.messages(chat)]
    assert len(texts) >= 1
    assert not texts[0].startswith("📋")  # the header went out before the crash
    assert texts[-1].startswith(("👤", "━")) or "Итого" in texts[-1]
    assert (await record(cafe)).message_ids[0] == 777


async def test_an_event_the_broker_lost_is_published_again_five_minutes_later(
    app: Application, clock: FrozenClock, bot_api: BotAPIServer, chat: int
) -> None:
    cafe = await make_golden_orders(TUESDAY, chat_id=chat)
    await closes_monday_for_tuesday(cafe)
    # Published, then lost by the broker: nobody will deliver this event.
    await DeadlineNotification.create(
        cafe=cafe,
        date=TUESDAY,
        deadline_at=dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC),
        status=NotificationStatus.PUBLISHED,
        published_at=clock.now(),
    )
    await deliver(app)
    assert bot_api.messages(chat) == []
    clock.advance(dt.timedelta(minutes=6))
    await deliver(app)
    await deliver(app)
    assert len(bot_api.messages(chat)) == 1
    assert (await record(cafe)).status == NotificationStatus.SENT
