"""Telling managers and admins: everyone reachable is told, in their language."""

from __future__ import annotations

from db.models import Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer


async def test_managers_are_told_in_their_language_and_strangers_skipped(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = await User.create(tgid=9101, name="Анна", role=Role.MANAGER, language="ru")
    dmitry = await User.create(tgid=9102, name="Dmitry", role=Role.MANAGER, language="en")
    await User.create(tgid=9103, name="Never started", role=Role.ADMIN, language="ru")
    await User.create(tgid=9201, name="Employee", role=Role.EMPLOYEE, language="ru")
    for user in (anna, dmitry):
        bot_api.add_chat(updates.private_chat(updates.user(user.tgid, user.name)), started=True)

    reached = await app.notifier.managers("start-open-app")

    assert reached == 2
    assert [m["text"] for m in bot_api.messages(9101)] == ["🍽 Заказать обед"]
    assert [m["text"] for m in bot_api.messages(9102)] == ["🍽 Order lunch"]
    assert bot_api.calls_to("sendMessage", chat_id=9201) == []
    # The admin who never opened the bot was tried (Telegram refused) and skipped.
    (refused,) = bot_api.calls_to("sendMessage", chat_id=9103)
    assert not refused.ok
