"""The office roster in the bot: a stranger is told to ask their office
manager and, with SIGNUP=approval, may request access; managers decide in the `/users`
dialog, first decision wins; the requester is told either way."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from db.models import AccessRequest, AccessRequestStatus, Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from services.users import roster
from tests.links.conftest import buttons, staff, texts
from tests.roster.conftest import STRANGER

NOT_REGISTERED = "вас пока нет в списке"


async def stranger_writes(bot_api: BotAPIServer, text: str = "/start") -> None:
    bot_api.add_chat(updates.private_chat(STRANGER), started=True)
    await bot_api.send_text(STRANGER["id"], STRANGER, text)


async def test_a_stranger_is_sent_to_the_office_manager_and_gets_nothing_else(
    app: Application, bot_api: BotAPIServer
) -> None:
    for command in ("/start", "/orders", "/help", "/reminders off", "привет", "/users"):
        await stranger_writes(bot_api, command)
    replies = bot_api.messages(STRANGER["id"])
    assert len(replies) == 6
    for reply in replies:
        assert NOT_REGISTERED in reply["text"]
        assert buttons(reply) == ["🙋 Запросить доступ"]
    assert bot_api.calls_to("setChatMenuButton") == []  # no Mini App behind the menu button
    user = await User.get(tgid=STRANGER["id"])
    assert (user.on_roster, user.reminders_enabled) == (False, True)  # /reminders off ignored
    assert not await roster().filter(id=user.id).exists()


async def test_an_access_request_approved_in_the_dialog(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    await stranger_writes(bot_api)
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)
    # The prompt becomes the answer (the button is gone: nobody asks twice by accident).
    (prompt,) = bot_api.messages(STRANGER["id"])
    assert prompt["text"].startswith("📨 Заявка отправлена менеджерам")
    assert buttons(prompt) == []
    (request,) = await AccessRequest.all()
    (notice,) = bot_api.messages(anna["id"])
    assert f"Заявка #{request.id}" in notice["text"]
    assert "Пётр Новиков (@petya, id <code>9301</code>)" in notice["text"]

    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    assert "Добавить Пётр Новиков в список офиса?" in texts(bot_api, anna["id"])[-1]
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    assert (
        "✅ Пётр Новиков в списке офиса; ему (ей) отправлено сообщение."
        in texts(bot_api, anna["id"])[-1]
    )
    told = bot_api.messages(STRANGER["id"])[-1]
    assert told["text"].startswith("✅ Готово: Анна Петрова добавил(а) вас в список офиса.")
    assert told["reply_markup"]["inline_keyboard"][0][0]["text"] == "🍽 Заказать обед"
    assert (await User.get(tgid=STRANGER["id"])).on_roster

    await bot_api.send_text(STRANGER["id"], STRANGER, "/start")
    assert bot_api.messages(STRANGER["id"])[-1]["text"].startswith("Привет, Пётр Новиков! 👋")


async def test_a_rejected_requester_is_told_and_may_ask_again_a_day_later(
    app: Application, bot_api: BotAPIServer, clock
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    await stranger_writes(bot_api)
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)
    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    await bot_api.click(anna["id"], "❌ Отклонить", from_user=anna)
    await bot_api.click(anna["id"], "❌ Да, отклонить", from_user=anna)
    assert (
        "❌ Заявка отклонена; Пётр Новиков получил(а) сообщение." in texts(bot_api, anna["id"])[-1]
    )
    assert texts(bot_api, STRANGER["id"])[-1].startswith("❌ Заявку на доступ отклонили.")
    assert not (await User.get(tgid=STRANGER["id"])).on_roster

    await stranger_writes(bot_api)  # a new prompt with the button
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)
    alert = bot_api.calls_to("answerCallbackQuery")[-1].params
    assert alert["text"] == "Заявку отклонили; запросить доступ снова можно позже."
    assert await AccessRequest.all().count() == 1

    clock.advance(dt.timedelta(days=1, minutes=1))
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)
    assert await AccessRequest.filter(status=AccessRequestStatus.PENDING).count() == 1


async def test_pressing_request_twice_at_once_makes_one_request_and_one_notice(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    await stranger_writes(bot_api)
    await stranger_writes(bot_api)  # two prompts, two buttons
    first, second = bot_api.messages(STRANGER["id"])
    data = first["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await asyncio.gather(
        bot_api.press(STRANGER["id"], first["message_id"], data, from_user=STRANGER),
        bot_api.press(STRANGER["id"], second["message_id"], data, from_user=STRANGER),
    )
    assert await AccessRequest.all().count() == 1
    assert len(bot_api.messages(anna["id"])) == 1
    answers = sorted(m["text"][:1] for m in bot_api.messages(STRANGER["id"]))
    assert answers == ["⏳", "📨"]


async def test_two_managers_decide_at_once_and_the_first_decision_stands(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    boris = await staff(bot_api, 9102, "Борис", role=Role.ADMIN)
    await stranger_writes(bot_api)
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)
    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    await bot_api.click(boris["id"], "Открыть заявку", from_user=boris)
    await bot_api.click(boris["id"], "❌ Отклонить", from_user=boris)
    await asyncio.gather(
        bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna),
        bot_api.click(boris["id"], "❌ Да, отклонить", from_user=boris),
    )
    request = await AccessRequest.get().prefetch_related("decided_by")
    results = {texts(bot_api, anna["id"])[-1][:2], texts(bot_api, boris["id"])[-1][:2]}
    assert "⚡" in "".join(results)  # the loser learns who was faster
    winner, loser = (anna, boris) if request.status is AccessRequestStatus.APPROVED else (
        boris, anna)  # fmt: skip
    assert request.decided_by.tgid == winner["id"]
    assert f"уже {'одобрена' if winner is anna else 'отклонена'}" in texts(bot_api, loser["id"])[-1]
    assert (await User.get(tgid=STRANGER["id"])).on_roster is (winner is anna)
    assert len(texts(bot_api, STRANGER["id"])) == 2  # the prompt, and one decision


async def test_users_lists_the_roster_and_pending_requests_for_managers_only(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    ivan = await staff(bot_api, 9201, "Иван", role=Role.EMPLOYEE)
    await User.create(tgid=9202, name="Мария")
    await stranger_writes(bot_api)
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)

    await bot_api.send_text(ivan["id"], ivan, "/users")
    assert texts(bot_api, ivan["id"]) == ["Это могут только менеджеры и администраторы."]

    await bot_api.send_text(anna["id"], anna, "/users")
    window = bot_api.messages(anna["id"])[-1]
    assert (
        "👥 <b>Список офиса</b>: 3 человека, из них менеджеров и администраторов: 1."
        in (window["text"])
    )
    assert "по заявке, которую одобряет менеджер (SIGNUP=approval)" in window["text"]
    assert "Заявок на доступ ждут решения: 1" in window["text"]
    request = await AccessRequest.get()
    assert f"#{request.id} · Пётр Новиков · @petya" in buttons(window)


async def test_a_manager_whose_account_was_disabled_decides_nothing(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    await stranger_writes(bot_api)
    await bot_api.click(STRANGER["id"], "🙋 Запросить доступ", from_user=STRANGER)
    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    await User.filter(tgid=9101).update(is_active=False)
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    assert (await AccessRequest.get()).status is AccessRequestStatus.PENDING
    assert not (await User.get(tgid=STRANGER["id"])).on_roster


async def test_cafe_staff_in_their_group_are_not_asked_to_register(
    app: Application, bot_api: BotAPIServer
) -> None:
    """The roster is the office's: a cafe's group chat works for people who are not on it."""
    group = updates.group_chat(-100500, "Пельменная: заказы")
    bot_api.add_chat(group)
    await bot_api.send_text(group, STRANGER, "/start@lunch_test_bot")
    (reply,) = bot_api.messages(-100500)
    assert NOT_REGISTERED not in reply["text"]


@pytest.mark.parametrize("signup", ["closed"])
async def test_with_signup_closed_there_is_no_button(
    app: Application, bot_api: BotAPIServer, signup: str
) -> None:
    await stranger_writes(bot_api)
    (reply,) = bot_api.messages(STRANGER["id"])
    assert NOT_REGISTERED in reply["text"]
    assert "Запросить доступ" not in reply["text"]
    assert buttons(reply) == []


@pytest.mark.parametrize("signup", ["open"])
async def test_with_signup_open_whoever_opens_the_bot_is_on_the_roster(
    app: Application, bot_api: BotAPIServer, signup: str
) -> None:
    group = updates.group_chat(-100500, "Пельменная: заказы")
    bot_api.add_chat(group)
    await bot_api.send_text(group, STRANGER, "/start@lunch_test_bot")
    assert not (await User.get(tgid=STRANGER["id"])).on_roster  # a cafe's group is not the bot
    await stranger_writes(bot_api)
    assert bot_api.messages(STRANGER["id"])[0]["text"].startswith("Привет, Пётр Новиков! 👋")
    assert (await User.get(tgid=STRANGER["id"])).on_roster


@pytest.mark.parametrize("signup", ["closed"])
async def test_admin_ids_grant_and_the_import_put_people_on_the_roster(
    make_settings, bot_api: BotAPIServer, clock, redis, signup: str
) -> None:
    from tests.support.app import running_app

    settings = make_settings(app={"signup": signup, "admin_ids": "9100"})
    async with running_app(settings, bot_api, clock) as application:
        boss = updates.user(9100, "Босс")
        bot_api.add_chat(updates.private_chat(boss), started=True)
        await bot_api.send_text(9100, boss, "/start")
        assert bot_api.messages(9100)[0]["text"].startswith("Привет, Босс! 👋")
        await stranger_writes(bot_api)
        await bot_api.send_text(9100, boss, f"/grant {STRANGER['id']} manager")
        assert (await User.get(tgid=STRANGER["id"])).on_roster
        assert application.services.users.is_member(await User.get(tgid=9100))
