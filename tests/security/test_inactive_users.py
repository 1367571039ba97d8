"""A deactivated person keeps no power in the bot — not through a
command, not through a dialog they opened before they were deactivated."""

from __future__ import annotations

import pytest

from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from services.errors import ForbiddenError
from tests.links.conftest import open_request, staff, texts
from tests.support.orders import make_cafe

DISABLED = "Ваша учётная запись отключена. Если это ошибка, обратитесь к офис-менеджеру."


async def test_a_deactivated_manager_gets_no_link_and_cannot_grant(
    app: Application, bot_api: BotAPIServer
) -> None:
    cafe, _, _ = await make_cafe(chat_id=None)
    anna = await staff(bot_api, 9101, "Анна", role=Role.ADMIN)
    await User.create(tgid=9201, name="Иван")
    await User.filter(tgid=9101).update(is_active=False)
    for command in (f"/link {cafe.id}", "/requests", "/grant 9201 manager", "/cafes", "/start"):
        before = len(texts(bot_api, anna["id"]))
        await bot_api.send_text(anna["id"], anna, command)
        assert texts(bot_api, anna["id"])[before:] == [DISABLED], command
    assert (await User.get(tgid=9201)).role is Role.EMPLOYEE
    assert not any("startgroup" in text for text in texts(bot_api, anna["id"]))


async def test_a_dialog_opened_before_deactivation_cannot_complete_a_decision(
    app: Application, bot_api: BotAPIServer
) -> None:
    cafe, _, _ = await make_cafe(chat_id=None)
    bot_api.add_chat(updates.group_chat(-100500, "Пельменная: заказы"))
    request = await open_request(app, cafe, -100500, "Пельменная: заказы")
    anna = await staff(bot_api, 9101, "Анна")
    await bot_api.send_text(anna["id"], anna, "/requests")
    await bot_api.click(anna["id"], f"#{request.id} · {cafe.name} · Пельменная: заказы",
                        from_user=anna)  # fmt: skip
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    await User.filter(tgid=9101).update(is_active=False)  # while she looks at "are you sure?"
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    assert bot_api.calls_to("answerCallbackQuery")[-1].params["text"] == DISABLED
    request = await CafeLinkRequest.get(id=request.id)
    assert request.status is LinkRequestStatus.PENDING
    assert (await Cafe.get(id=cafe.id)).tg_chat_id is None


async def test_the_decision_service_refuses_a_deactivated_manager(app: Application) -> None:
    cafe, _, _ = await make_cafe(chat_id=None)
    request = await open_request(app, cafe, -100500)
    manager = await User.create(tgid=9101, name="Анна", role=Role.MANAGER, is_active=False)
    with pytest.raises(ForbiddenError) as refused:
        await app.services.links.approve(request.id, manager)
    assert refused.value.code == "account_disabled"
    assert (await CafeLinkRequest.get(id=request.id)).status is LinkRequestStatus.PENDING
