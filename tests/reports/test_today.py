"""`/today`: the next delivery date per cafe, who has not ordered, and "Remind them" once."""

from __future__ import annotations

import datetime as dt

import pytest

from db.models import Deadline, User
from lunchbot.app import Application
from sandbox import updates as build
from sandbox.telegram import BotAPIServer
from tests.links.conftest import Json, texts
from tests.support.orders import make_cafe, make_order

pytestmark = pytest.mark.timeout(90)

TUESDAY = dt.date(2026, 12, 8)  # the clock: Monday 11:00 in Moscow, Monday's orders closed


async def weekdays_at_ten(cafe) -> None:  # type: ignore[no-untyped-def]
    for weekday in range(5):
        await Deadline.create(cafe=cafe, weekday=weekday, local_minutes=10 * 60)


async def person(bot_api: BotAPIServer, tgid: int, name: str, **fields) -> Json:  # type: ignore[no-untyped-def]
    await User.create(tgid=tgid, name=name, **fields)
    tg = build.user(tgid, name)
    bot_api.add_chat(build.private_chat(tg), started=True)
    return tg


async def test_today_shows_each_cafe_and_who_has_not_ordered_and_reminds_them_once(
    app: Application, bot_api: BotAPIServer, anna: Json
) -> None:
    pel, menu, combos = await make_cafe()
    sushi, smenu, scombos = await make_cafe("Суши <бар>", key="sushi", chat_id=None)
    await weekdays_at_ten(pel)
    await weekdays_at_ten(sushi)
    ivan = await person(bot_api, 9201, "Иван")
    petr = await person(bot_api, 9202, "Пётр", language="en")
    olga = await person(bot_api, 9203, "Ольга")
    await person(bot_api, 9204, "Уволенный", is_active=False)
    ivan_row = await User.get(tgid=ivan["id"])
    await make_order(ivan_row, pel, TUESDAY, combos["light"], [menu["borsch"], menu["olivier"]],
                     extras=[(menu["mors"], 1)])  # fmt: skip
    await make_order(ivan_row, sushi, TUESDAY, scombos["light"],
                     [smenu["borsch"], smenu["olivier"]])  # fmt: skip
    # Monday's orders (closed) do not count for Tuesday.
    await make_order(await User.get(tgid=olga["id"]), pel, dt.date(2026, 12, 7), combos["light"],
                     [menu["borsch"], menu["olivier"]])  # fmt: skip

    await bot_api.send_text(anna["id"], anna, "/today")
    (reply,) = bot_api.messages(anna["id"])
    assert reply["text"] == (
        "<b>📅 Заказы на 08.12.2026</b>: 2 заказа, 760,00 ₽\n\n"
        "🍽 <b>Пельменная №1</b> — 1 заказ, 440,00 ₽\n"
        "   ⏰ заказ до 08.12.2026 10:00 · 🔗 чат привязан · 🔔 вкл.\n\n"
        "🍽 <b>Суши &lt;бар&gt;</b> — 1 заказ, 320,00 ₽\n"
        "   ⏰ заказ до 08.12.2026 10:00 · ⛓ чат не привязан · 🔔 вкл.\n\n"
        "🙋 <b>Ещё не заказали (3)</b>: Анна Петрова, Ольга, Пётр"
    )

    await bot_api.click(anna["id"], "🔔 Напомнить им", from_user=anna)
    assert texts(bot_api, olga["id"]) == [
        "🍽 Вы ещё не заказали обед на 08.12.2026. Успейте до 08.12.2026 10:00."
    ]
    assert texts(bot_api, petr["id"]) == [
        "🍽 You have not ordered lunch for 12/8/26 yet. Order by 12/8/26 10:00\u202fAM."
    ]
    assert texts(bot_api, ivan["id"]) == []  # he has ordered
    assert texts(bot_api, anna["id"])[-1] == "Напоминание отправлено: 3."

    # A second press (or another manager's) the same day sends nothing.
    sent = len(bot_api.calls_to("sendMessage"))
    await bot_api.click(anna["id"], "🔔 Напомнить им", from_user=anna)
    assert len(bot_api.calls_to("sendMessage")) == sent
    answer = bot_api.calls_to("answerCallbackQuery")[-1]
    assert answer.params["text"] == "Сегодня уже напоминали — второй раз не отправляем."


async def test_at_most_thirty_names_then_how_many_more(
    app: Application, bot_api: BotAPIServer, anna: Json, ivan_employee: Json
) -> None:
    pel, _, _ = await make_cafe()
    await weekdays_at_ten(pel)
    await User.bulk_create([User(tgid=20000 + i, name=f"Сотрудник {i:02}") for i in range(33)])
    await bot_api.send_text(anna["id"], anna, "/today")
    text = bot_api.messages(anna["id"])[0]["text"]
    missing = text.split("Ещё не заказали (35)</b>: ")[1]
    assert missing.endswith(" и ещё 5")
    assert len(missing.removesuffix(" и ещё 5").split(", ")) == 30
    # Employees are refused.
    await bot_api.send_text(ivan_employee["id"], ivan_employee, "/today")
    assert texts(bot_api, ivan_employee["id"]) == ["Это могут только менеджеры и администраторы."]
