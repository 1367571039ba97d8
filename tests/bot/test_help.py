"""Every private message gets an answer: `/help` by role, `/orders`, `/menu`, and a short
"I don't know that — /help" for anything else (never a dialog window re-sent)."""

from __future__ import annotations

from core.clock import FrozenClock
from db.models import Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.support.catalog import load_catalog
from web.api.orders import OrderForm


async def _person(bot_api: BotAPIServer, tgid: int, name: str, role: Role) -> dict:
    await User.create(tgid=tgid, name=name, role=role)
    person = updates.user(tgid, name)
    bot_api.add_chat(updates.private_chat(person), started=True)
    return person


async def _say(bot_api: BotAPIServer, person: dict, text: str) -> str:
    await bot_api.send_text(updates.private_chat(person), person, text)
    return bot_api.messages(person["id"])[-1]["text"]


def _commands(text: str) -> set[str]:
    return {line.split(" ")[0] for line in text.splitlines() if line.startswith("/")}


async def test_help_lists_the_commands_of_each_role(
    app: Application, bot_api: BotAPIServer
) -> None:
    ivan = await _person(bot_api, 701, "Иван", Role.EMPLOYEE)
    anna = await _person(bot_api, 702, "Анна", Role.MANAGER)
    olga = await _person(bot_api, 703, "Ольга", Role.ADMIN)

    employee = await _say(bot_api, ivan, "/help")
    assert _commands(employee) == {"/start", "/help", "/orders", "/reminders"}
    assert "мини-приложении" in employee

    manager = _commands(await _say(bot_api, anna, "/help"))
    assert {"/link", "/requests", "/orders"} <= manager
    assert "/grant" not in manager
    assert {"/cafes", "/menus", "/report", "/today"} <= manager  # as services.permissions has it

    admin = _commands(await _say(bot_api, olga, "/help"))
    assert {"/link", "/requests", "/cafes", "/notifications", "/unlink", "/grant"} <= admin

    # /start tells managers and admins what they can do; employees just get the greeting.
    greeting = await _say(bot_api, anna, "/start")
    assert "Вы — менеджер" in greeting
    assert "/link" in greeting
    assert "/link" not in await _say(bot_api, ivan, "/start")


async def test_free_text_and_unknown_commands_get_a_short_answer(
    app: Application, bot_api: BotAPIServer
) -> None:
    ivan = await _person(bot_api, 711, "Иван", Role.EMPLOYEE)
    assert await _say(bot_api, ivan, "хочу борщ") == "Этого я не знаю. Что я умею — /help"
    assert await _say(bot_api, ivan, "/foo") == "Этого я не знаю. Что я умею — /help"
    menu = bot_api.messages(711)
    await bot_api.send_text(updates.private_chat(ivan), ivan, "/menu")
    (button,) = bot_api.messages(711)[len(menu)]["reply_markup"]["inline_keyboard"][0]
    assert "web_app" in button


async def test_free_text_after_a_dialog_is_not_answered_with_the_dialog(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await _person(bot_api, 721, "Анна", Role.MANAGER)
    window = await _say(bot_api, anna, "/requests")
    assert "Заявок, ожидающих решения, нет" in window
    before = len(bot_api.messages(721))
    assert await _say(bot_api, anna, "спасибо") == "Этого я не знаю. Что я умею — /help"
    assert await _say(bot_api, anna, "/whatever") == "Этого я не знаю. Что я умею — /help"
    assert len(bot_api.messages(721)) == before + 2  # no window re-sent in between


async def test_orders_lists_the_upcoming_orders(
    app: Application, bot_api: BotAPIServer, clock: FrozenClock
) -> None:
    ivan = await _person(bot_api, 731, "Иван", Role.EMPLOYEE)
    assert "нет предстоящих заказов" in await _say(bot_api, ivan, "/orders")
    catalog = await load_catalog()
    user = await User.get(tgid=731)
    await app.services.ordering.place(user, OrderForm.model_validate(catalog.order()).choice())
    text = await _say(bot_api, ivan, "/orders")
    assert "Пельменная №1" in text
    assert "Полный обед" in text
    assert "450,00 ₽" in text
    assert "вт 8 дек." in text  # Tuesday 2026-12-08
    assert "можно изменить до 8 дек. 10:00" in text
    (button,) = bot_api.messages(731)[-1]["reply_markup"]["inline_keyboard"][0]
    assert "web_app" in button
