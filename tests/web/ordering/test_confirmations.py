"""The order confirmation in the employee's private chat: one message per (person, cafe,
date), edited on every change, on cancelling and when the cafe's list goes out."""

from __future__ import annotations

import datetime as dt

from core.clock import FrozenClock
from db.models import Cafe, OrderConfirmation
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.telegram import BotAPIServer
from tests.support.catalog import Catalog
from tests.support.miniapp import IVAN as IVAN_APP
from tests.support.miniapp import MiniApp

CAFE_CHAT = -100500
IVAN = build.user(IVAN_APP["id"], IVAN_APP["first_name"], IVAN_APP["last_name"])


def confirmations(bot_api: BotAPIServer, tgid: int) -> list[dict]:
    return [m for m in bot_api.messages(tgid) if "🏪" in m["text"]]


async def test_place_change_twice_cancel_is_one_message_edited_each_time(
    app: Application, bot_api: BotAPIServer, ivan: MiniApp, catalog: Catalog
) -> None:
    await bot_api.send_text(build.private_chat(IVAN), IVAN, "/start")
    ids = catalog.items
    status, order = await ivan.post(
        "/orders", catalog.order(extras={"mors": 2}, notes="без <лука>")
    )
    assert status == 201
    await app.confirmations.drain()
    (message,) = confirmations(bot_api, IVAN["id"])
    assert message["text"] == (
        "✅ <b>Заказ принят</b>\n"
        "🏪 Пельменная №1 · вторник, 8 декабря\n"
        "\n"
        "• Полный обед: Борщ, Оливье, Котлета по-киевски\n"
        "• Морс клюквенный ×2\n"
        "📝 без &lt;лука&gt;\n"
        "\n"
        "Итого: <b>690,00 ₽</b>\n"
        "Изменить или отменить можно до 10:00, 8 декабря."
    )

    await ivan.patch(f"/orders/{order['id']}", {"extras": []})
    await app.confirmations.drain()
    await ivan.patch(
        f"/orders/{order['id']}",
        {"combo_id": catalog.combos["light"], "items": [ids["solyanka"], ids["olivier"]]},
    )
    await app.confirmations.drain()
    (message,) = confirmations(bot_api, IVAN["id"])
    assert message["text"].startswith("✏️ <b>Заказ изменён</b>")
    assert "• Лёгкий: Солянка, Оливье\n" in message["text"]
    assert "Морс" not in message["text"]
    assert "Итого: <b>320,00 ₽</b>" in message["text"]

    await ivan.delete(f"/orders/{order['id']}")
    await app.confirmations.drain()
    (message,) = confirmations(bot_api, IVAN["id"])
    assert message["text"].startswith("❌ <b>Заказ отменён</b>")
    assert "Изменить" not in message["text"]

    sent = [
        c for c in bot_api.calls_to("sendMessage", chat_id=IVAN["id"]) if "🏪" in c.params["text"]
    ]
    assert len(sent) == 1
    edits = bot_api.calls_to("editMessageText", chat_id=IVAN["id"])
    assert len(edits) == 3
    assert {c.params["message_id"] for c in edits} == {message["message_id"]}
    assert await OrderConfirmation.all().count() == 1


async def test_someone_who_never_started_the_bot_gets_nothing_and_nothing_fails(
    app: Application, bot_api: BotAPIServer, ivan: MiniApp, catalog: Catalog
) -> None:
    status, order = await ivan.post("/orders", catalog.order())
    assert status == 201
    status, _ = await ivan.patch(f"/orders/{order['id']}", {"notes": "позже"})
    assert status == 200
    await app.confirmations.drain()
    assert bot_api.calls_to("sendMessage", chat_id=IVAN["id"]) == []
    assert bot_api.calls_to("editMessageText") == []


async def test_the_cafe_list_going_out_marks_the_message_sent(
    app: Application, bot_api: BotAPIServer, ivan: MiniApp, catalog: Catalog, clock: FrozenClock
) -> None:
    bot_api.add_chat(build.group_chat(CAFE_CHAT, "Пельменная: заказы"))
    await Cafe.filter(id=catalog.cafes["pelmennaya"]).update(tg_chat_id=CAFE_CHAT)
    await bot_api.send_text(build.private_chat(IVAN), IVAN, "/start")
    assert (await ivan.post("/orders", catalog.order()))[0] == 201
    await app.confirmations.drain()

    clock.set(dt.datetime(2026, 12, 8, 7, 0, 5, tzinfo=dt.UTC))  # Tuesday 10:00:05 Moscow
    await app.outbox.tick()
    await app.bus.drain()
    await app.confirmations.drain()
    assert len(bot_api.messages(CAFE_CHAT)) == 1
    (message,) = confirmations(bot_api, IVAN["id"])
    assert message["text"].startswith("📨 <b>Отправлено в кафе</b>")
    assert message["text"].endswith("📨 Отправлено в кафе 10:00.")
    assert "Изменить" not in message["text"]
