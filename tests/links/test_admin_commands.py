"""Admin commands and the command menus, through the real webhook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from aiogram.types import BotCommandScope, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from core.clock import FrozenClock
from core.config import Settings
from db.models import Cafe, CafeLinkRequest, DeadlineNotification, LinkRequestStatus, Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.links.conftest import Json, staff, texts
from tests.support.app import running_app


@pytest.fixture
async def boss(bot_api: BotAPIServer) -> Json:
    return await staff(bot_api, 9100, "Босс", role=Role.ADMIN)


async def _say(bot_api: BotAPIServer, person: Json, text: str) -> str:
    before = len(bot_api.messages(person["id"]))
    await bot_api.send_text(person["id"], person, text)
    (reply,) = texts(bot_api, person["id"])[before:]
    return reply


async def test_cafes_lists_link_and_notification_state(
    app: Application, bot_api: BotAPIServer, boss: Json, cafe: Cafe
) -> None:
    await Cafe.create(
        key="sushi",
        name="Суши <&>",
        tg_chat_id=-100777,
        tg_username="sushi_chat",
        linked_at=app.clock.now(),
        notifications_enabled=False,
        is_active=False,
    )
    await Cafe.create(key="bowl", name="Bowl", tg_chat_id=-100888, linked_at=app.clock.now())
    sushi = await Cafe.get(key="sushi")
    await CafeLinkRequest.create(
        cafe=sushi,
        tg_chat_id=-100777,
        chat_title="Суши: заказы",
        status=LinkRequestStatus.APPROVED,
        processed_at=app.clock.now(),
    )
    for day, minutes, who in [(7, 5, "Старый"), (8, 20, "Повар <Пётр>"), (6, 50, "Раньше")]:
        await DeadlineNotification.create(
            cafe=sushi,
            date=dt.date(2026, 12, day),
            deadline_at=app.clock.now(),
            status="sent",
            accepted_at=dt.datetime(2026, 12, day - 1, 9, minutes, tzinfo=dt.UTC),
            accepted_by_name=who,
        )
    reply = await _say(bot_api, boss, "/cafes")
    assert reply == (
        "<b>Кафе</b>\n"
        "<b>#1 Пельменная №1</b>\n⛓ не привязано · 🔔 уведомления вкл.\n"
        "✅ списков ещё не принимали\n"
        "<b>#2 Суши &lt;&amp;&gt;</b> (неактивно)\n"
        "🔗 «Суши: заказы» @sushi_chat, с 07.12.2026 11:00 · 🔔 уведомления выкл.\n"
        "✅ список на 08.12.2026 принят 07.12.2026 12:20: Повар &lt;Пётр&gt;\n"
        # No request on record (linked before titles were kept): its id, and no "—".
        "<b>#3 Bowl</b>\n🔗 <code>-100888</code>, с 07.12.2026 11:00 · 🔔 уведомления вкл.\n"
        "✅ списков ещё не принимали"
    )


async def test_a_long_cafe_list_is_split_between_lines(
    app: Application, bot_api: BotAPIServer, boss: Json
) -> None:
    for n in range(60):
        await Cafe.create(key=f"c{n}", name=f"Кафе {n:02} " + "очень длинное название " * 4)
    await bot_api.send_text(boss["id"], boss, "/cafes")
    parts = texts(bot_api, boss["id"])
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    assert "\n".join(parts).count("<b>#") == 60


async def test_notifications_and_unlink(
    app: Application, bot_api: BotAPIServer, boss: Json, cafe: Cafe, kitchen: Json
) -> None:
    await Cafe.filter(id=cafe.id).update(tg_chat_id=kitchen["id"])
    bot_api.add_chat(kitchen)
    assert await _say(bot_api, boss, "/notifications 1 off") == (
        "🔔 Уведомления кафе «Пельменная №1» выключены."
    )
    assert not (await Cafe.get(id=cafe.id)).notifications_enabled
    assert "включены" in await _say(bot_api, boss, "/notifications 1 ON")

    assert (await _say(bot_api, boss, "/unlink 1")).startswith("Кафе «Пельменная №1» отвязано")
    assert (await Cafe.get(id=cafe.id)).tg_chat_id is None
    assert texts(bot_api, kitchen["id"]) == [
        "Этот чат отвязан от кафе «Пельменная №1»: заказы сюда больше не придут."
    ]
    assert (
        await _say(bot_api, boss, "/unlink 1") == "Кафе «Пельменная №1» и так не привязано к чату."
    )
    assert await _say(bot_api, boss, "/unlink 42") == "Кафе #42 не найдено."


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("/notifications", "/notifications ID_кафе on|off"),
        ("/notifications 1", "/notifications ID_кафе on|off"),
        ("/notifications x on", "/notifications ID_кафе on|off"),
        ("/notifications 1 maybe", "/notifications ID_кафе on|off"),
        ("/unlink", "/unlink ID_кафе"),
        ("/unlink 1 2", "/unlink ID_кафе"),
        ("/unlink 99999999999", "/unlink ID_кафе"),
        ("/notifications 1 on please", "/notifications ID_кафе on|off"),
        ("/grant 9201", "/grant TELEGRAM_ID manager|admin"),
        ("/grant 9201 boss", "/grant TELEGRAM_ID manager|admin"),
        ("/grant -5 manager", "/grant TELEGRAM_ID manager|admin"),
        ("/revoke", "/revoke TELEGRAM_ID"),
        ("/link", "/link ID_кафе"),
        ("/link one", "/link ID_кафе"),
    ],
)
async def test_wrong_arguments_get_a_usage_line_and_change_nothing(
    app: Application, bot_api: BotAPIServer, boss: Json, cafe: Cafe, command: str, usage: str
) -> None:
    reply = await _say(bot_api, boss, command)
    assert reply.startswith(("Использование: <code>", "Использование: <code>"))
    assert usage in reply
    await cafe.refresh_from_db()
    assert cafe.notifications_enabled
    assert cafe.tg_chat_id is None


async def test_others_are_refused_politely_by_each_commands_rule_and_nothing_changes(
    app: Application, bot_api: BotAPIServer, anna: Json, cafe: Cafe
) -> None:
    """One rule per action (services.permissions): cafes are managers' business, roles admins'."""
    ivan = updates.user(9201, "Иван")
    await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")
    await Cafe.filter(id=cafe.id).update(tg_chat_id=-100500)
    managers_only = "Это могут только менеджеры и администраторы."
    admins_only = "Эта команда — только для администраторов."
    for command, answer in (
        ("/cafes", managers_only),
        ("/notifications 1 off", managers_only),
        ("/unlink 1", managers_only),
        ("/grant 9201 admin", admins_only),
        ("/revoke 9101", admins_only),
    ):
        assert await _say(bot_api, ivan, command) == answer
    for command in ("/grant 9201 admin", "/revoke 9101"):  # a manager is not an admin
        assert await _say(bot_api, anna, command) == admins_only
    await cafe.refresh_from_db()
    assert cafe.notifications_enabled
    assert cafe.tg_chat_id == -100500
    assert (await User.get(tgid=9201)).role is Role.EMPLOYEE
    assert (await User.get(tgid=9101)).role is Role.MANAGER
    # The manager may what the HTTP API lets managers do.
    assert "Кафе" in await _say(bot_api, anna, "/cafes")
    await _say(bot_api, anna, "/notifications 1 off")
    await cafe.refresh_from_db()
    assert not cafe.notifications_enabled


async def test_grant_and_revoke_change_roles_and_menus(
    app: Application, bot_api: BotAPIServer, boss: Json
) -> None:
    ivan = updates.user(9201, "Иван", language_code="en")
    await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")

    assert await _say(bot_api, boss, "/grant 9201 manager") == "Иван: теперь менеджер."
    assert (await User.get(tgid=9201)).role is Role.MANAGER
    menu = bot_api.calls_to("setMyCommands")[-1]
    assert menu.params["scope"] == {"type": "chat", "chat_id": 9201}
    assert [c["command"] for c in menu.params["commands"]] == [
        "start", "help", "orders", "reminders", "link", "requests", "menus", "report", "today",
        "users", "cafes", "notifications", "unlink",
    ]  # fmt: skip
    assert menu.params["commands"][4]["description"] == "Link for a cafe's chat"  # his language
    # Ivan can now use the manager commands.
    await bot_api.send_text(ivan["id"], ivan, "/requests")
    assert texts(bot_api, ivan["id"])[-1] == "🎉 No requests await a decision."

    assert await _say(bot_api, boss, "/grant 9201 admin") == "Иван: теперь администратор."
    assert await _say(bot_api, boss, "/revoke 9201") == "Иван: теперь сотрудник."
    assert (await User.get(tgid=9201)).role is Role.EMPLOYEE
    assert bot_api.calls_to("deleteMyCommands")[-1].params["scope"] == {
        "type": "chat",
        "chat_id": 9201,
    }

    assert "не найден" in await _say(bot_api, boss, "/grant 424242 manager")
    assert await _say(bot_api, boss, "/revoke 9100") == "Свою роль изменить нельзя."


async def test_admin_ids_stay_admins(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer, clock: FrozenClock, redis
) -> None:
    settings = make_settings(app={"admin_ids": "9100,9300"})
    async with running_app(settings, bot_api, clock):
        root = updates.user(9300, "Root")
        boss = updates.user(9100, "Босс")
        for person in (root, boss):
            await bot_api.send_text(updates.private_chat(person), person, "/start")
        reply = await _say(bot_api, root, "/revoke 9100")
        assert reply == "Босс — администратор из ADMIN_IDS; эту роль меняют в настройках."


async def test_command_menus_are_published_per_scope_at_start(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer, clock: FrozenClock, redis
) -> None:
    await User.create(tgid=9101, name="Анна", role=Role.MANAGER, language="ru")
    await User.create(tgid=9102, name="Dmitry", role=Role.ADMIN, language="en")
    await User.create(tgid=9201, name="Иван")
    settings = make_settings(app={"admin_ids": "9300"})
    async with running_app(settings, bot_api, clock):
        pass
    # A restart (or a second process) publishes the same menus again: nothing changes.
    async with running_app(settings, bot_api, clock) as app:

        async def menu(scope: BotCommandScope, language: str | None = None) -> list[str]:
            commands = await app.bot.get_my_commands(scope=scope, language_code=language)
            return [f"/{c.command} {c.description}" for c in commands]

        everyone = BotCommandScopeAllPrivateChats()
        reminders = "/reminders Напоминания о заказе: /reminders on|off"
        assert await menu(everyone) == [
            "/start Начать и заказать обед",
            "/help Что умеет бот",
            "/orders Мои заказы",
            reminders,
        ]
        assert (await menu(everyone, "en"))[0] == "/start Start and order lunch"
        assert await menu(BotCommandScopeChat(chat_id=9101)) == [
            "/start Начать и заказать обед",
            "/help Что умеет бот",
            "/orders Мои заказы",
            reminders,
            "/link Ссылка для привязки чата кафе",
            "/requests Заявки на привязку чатов",
            "/menus Меню кафе: загрузка, стоп-лист, выходные",
            "/report Отчёт за месяц (.xlsx)",
            "/today Сегодня: заказы и кто ещё не заказал",
            "/users Список офиса и заявки на доступ",
            "/cafes Кафе и их чаты",
            "/notifications Включить или выключить уведомления кафе",
            "/unlink Отвязать чат от кафе",
        ]
        admin = [
            "start",
            "help",
            "orders",
            "reminders",
            "link",
            "requests",
            "menus",
            "report",
            "today",
            "users",
            "cafes",
            "notifications",
            "unlink",
            "grant",
            "revoke",
        ]
        for tgid in (9102, 9300):  # 9300: ADMIN_IDS, no row yet
            names = [line.split()[0] for line in await menu(BotCommandScopeChat(chat_id=tgid))]
            assert names == [f"/{name}" for name in admin]
        assert (await menu(BotCommandScopeChat(chat_id=9102)))[10] == "/cafes Cafes and their chats"
        assert await menu(BotCommandScopeChat(chat_id=9201)) == []  # employees: the default menu
