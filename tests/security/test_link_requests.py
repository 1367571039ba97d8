"""`POST /cafes/{id}/link-request` believes Telegram, not the caller —
the bot must be in the chat, the caller one of its administrators, the title is Telegram's
(made one line), and a caller gets 5 tries an hour across processes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from core.clock import FrozenClock
from core.config import Settings
from db.models import Cafe, CafeLinkRequest
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from tests.links.conftest import Json, staff
from tests.support.app import running_app
from tests.support.miniapp import MiniApp

KITCHEN = -1001234500
IVAN = {"id": 9201, "first_name": "Иван", "language_code": "ru"}
IVAN_MEMBER = {"id": 9201, "is_bot": False, "first_name": "Иван"}


@pytest.fixture
async def cafe() -> Cafe:
    return await Cafe.create(key="pelmennaya", name="Пельменная №1")


@pytest.fixture
async def anna(bot_api: BotAPIServer) -> Json:
    return await staff(bot_api, 9101, "Анна Петрова")


@pytest.fixture
def kitchen(bot_api: BotAPIServer) -> Json:
    chat = {"id": KITCHEN, "type": "supergroup", "title": "Кухня", "username": "pelmen_kitchen"}
    bot_api.add_chat(chat)
    bot_api.set_member(KITCHEN, IVAN_MEMBER, "administrator")
    return chat


async def ask(app: Application, clock: FrozenClock, cafe: Cafe, **body: Any) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http:
        return await MiniApp(http, f"http://127.0.0.1:{app.port}", clock, IVAN).post(
            f"/cafes/{cafe.id}/link-request",
            {"tg_chat_id": KITCHEN, "payload": app.services.links.payloads.make(cafe.id)} | body,
        )


async def test_a_chat_telegram_does_not_know_or_the_bot_left_is_refused(
    app: Application, clock: FrozenClock, cafe: Cafe, bot_api: BotAPIServer, anna: Json
) -> None:
    status, answer = await ask(app, clock, cafe)  # no such chat for the bot
    assert (status, answer["error"]["code"]) == (403, "bot_not_in_chat")
    bot_api.add_chat({"id": KITCHEN, "type": "supergroup", "title": "Кухня"})
    bot_api.set_member(KITCHEN, IVAN_MEMBER, "administrator")
    bot_api.set_member(KITCHEN, bot_api.bot_user, "left")
    status, answer = await ask(app, clock, cafe)
    assert (status, answer["error"]["code"]) == (403, "bot_not_in_chat")
    assert not await CafeLinkRequest.exists()
    assert bot_api.messages(anna["id"]) == []


@pytest.mark.parametrize("status_in_chat", ["member", "restricted", "left"])
async def test_a_caller_who_is_not_an_administrator_of_the_chat_is_refused(
    app: Application, clock: FrozenClock, cafe: Cafe, bot_api: BotAPIServer, kitchen: Json,
    anna: Json, status_in_chat: str,
) -> None:  # fmt: skip
    bot_api.set_member(KITCHEN, IVAN_MEMBER, status_in_chat)
    status, answer = await ask(app, clock, cafe)
    assert (status, answer["error"]["code"]) == (403, "not_chat_admin")
    assert not await CafeLinkRequest.exists()
    assert bot_api.messages(anna["id"]) == []


async def test_the_title_and_username_are_telegrams_and_one_line_in_the_card(
    app: Application, clock: FrozenClock, cafe: Cafe, bot_api: BotAPIServer, anna: Json
) -> None:
    bot_api.add_chat(
        {"id": KITCHEN, "type": "supergroup", "title": "Кухня\nЗаявку подал: CEO \u202eнишам"}
    )
    bot_api.set_member(KITCHEN, IVAN_MEMBER, "creator")
    status, answer = await ask(
        app, clock, cafe, chat_title="Бухгалтерия\nОдобрено", tg_username="ceo_office"
    )
    assert status == 201, answer
    assert answer["request"]["chat_title"] == "Кухня Заявку подал: CEO нишам"
    assert answer["request"]["tg_username"] is None  # Telegram says it has none
    (news,) = bot_api.messages(anna["id"])
    assert "Бухгалтерия" not in news["text"]
    assert "ceo_office" not in news["text"]
    assert "\u202e" not in news["text"]
    assert "Кухня Заявку подал: CEO нишам" in news["text"]
    title_lines = [line for line in news["text"].splitlines() if "Кухня" in line]
    assert len(title_lines) == 1


async def test_the_sixth_request_in_an_hour_is_refused_in_another_process_too(
    app: Application,
    clock: FrozenClock,
    cafe: Cafe,
    kitchen: Json,
    anna: Json,
    make_settings: Callable[..., Settings],
    bot_api: BotAPIServer,
) -> None:
    for _ in range(5):
        status, _ = await ask(app, clock, cafe)
        assert status in (200, 201)
    async with running_app(make_settings(), bot_api, clock) as other:
        status, answer = await ask(other, clock, cafe)
    assert (status, answer["error"]["code"]) == (429, "rate_limited")
    assert 3000 < answer["error"]["details"]["retry_after"] <= 3600
    assert await CafeLinkRequest.all().count() == 1
    assert len(bot_api.messages(anna["id"])) == 1  # one notice, not one per call
