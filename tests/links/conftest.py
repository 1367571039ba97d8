"""People, a cafe and its group chat for the links tests."""

from __future__ import annotations

from typing import Any

import pytest

from db.models import Cafe, CafeLinkRequest, Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from services.links import ChatRef

BOT = "lunch_test_bot"  # the double's bot username
Json = dict[str, Any]


async def staff(
    bot_api: BotAPIServer, tgid: int, name: str, role: Role = Role.MANAGER, language: str = "ru"
) -> Json:
    """A manager or admin who has opened the bot, as Telegram sends them in updates."""
    await User.create(tgid=tgid, name=name, role=role, language=language)
    person = updates.user(tgid, name, language_code=language)
    bot_api.add_chat(updates.private_chat(person), started=True)
    return person


def texts(bot_api: BotAPIServer, chat_id: int) -> list[str]:
    return [m["text"] for m in bot_api.messages(chat_id)]


def buttons(message: Json) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def ask_to_link(
    bot_api: BotAPIServer, chat: Json, person: Json, payload: str, *, mention: bool = True
) -> str:
    """`/start@bot <payload>` in `chat`; returns the bot's reply."""
    command = f"/start@{BOT}" if mention else "/start"
    before = len(bot_api.messages(chat["id"]))
    await bot_api.send_text(chat, person, f"{command} {payload}")
    replies = bot_api.messages(chat["id"])[before:]
    assert len(replies) == 1, replies
    return replies[0]["text"]


def payload_for(app: Application, cafe: Cafe) -> str:
    return app.services.links.payloads.make(cafe.id)


async def open_request(
    app: Application, cafe: Cafe, chat_id: int, title: str | None = None
) -> CafeLinkRequest:
    """A pending request as the group's `/start <payload>` would open it (nobody told)."""
    result = await app.services.links.request_link(
        payload_for(app, cafe), ChatRef(chat_id, title), None
    )
    assert result.request is not None
    return result.request


async def pending(cafe: Cafe) -> list[CafeLinkRequest]:
    return await CafeLinkRequest.filter(cafe_id=cafe.id, status="pending")


@pytest.fixture
async def cafe() -> Cafe:
    return await Cafe.create(key="pelmennaya", name="Пельменная №1")


@pytest.fixture
async def anna(bot_api: BotAPIServer) -> Json:
    return await staff(bot_api, 9101, "Анна Петрова")


@pytest.fixture
async def dmitry(bot_api: BotAPIServer) -> Json:
    return await staff(bot_api, 9102, "Dmitry Ivanov", language="en")


@pytest.fixture
def kitchen() -> Json:
    """The cafe's group: the bot has been added to it."""
    return updates.group_chat(
        -1001234500, "Пельменная — кухня", username="pelmen_kitchen", type="supergroup"
    )


@pytest.fixture
def cook() -> Json:
    """Cafe staff: not one of ours."""
    return updates.user(7001, "Повар", "Иванов", username="cook")
