"""The webhook answers 400 for a body that is not an update, and only for that: an error while
an update is handled is aiogram's error path or a logged 500 (which Telegram retries), never
a 400 that says the update was malformed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, WebAppInfo
from aiohttp import web

from bot.webhook import WebhookHandler
from tests.conftest import TOKEN, WEBHOOK_SECRET, free_port

PATH = "/telegram/webhook"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1,
        "date": 1_700_000_000,
        "chat": {"id": 42, "type": "private", "first_name": "Anna"},
        "from": {"id": 42, "is_bot": False, "first_name": "Anna"},
        "text": "hello",
    },
}


async def broken(message: Message) -> None:
    raise ValueError("a bug in a handler")


async def greet(message: Message) -> SendMessage:
    button = InlineKeyboardButton(text="Open", web_app=WebAppInfo(url="https://x.example/app/"))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[button]])
    return message.answer("<b>Hi</b>", reply_markup=keyboard)


@pytest.fixture
async def webhook_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """aiogram's Dispatcher with one handler (`broken` unless the test names another),
    behind our webhook handler."""
    dispatcher = Dispatcher()
    dispatcher.message.register(getattr(request, "param", broken))
    bot = Bot(TOKEN, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    web_app = web.Application()
    handler = WebhookHandler(
        dispatcher=dispatcher, bot=bot, handle_in_background=False, secret_token=WEBHOOK_SECRET
    )
    handler.register(web_app, path=PATH)
    runner = web.AppRunner(web_app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}{PATH}"
    finally:
        await runner.cleanup()  # closes the bot's session too


async def test_a_handler_error_is_a_logged_500(
    webhook_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with (
        aiohttp.ClientSession() as http,
        http.post(webhook_url, json=UPDATE, headers=HEADERS) as r,
    ):
        assert r.status == 500
        assert "not an update" not in await r.text()
    # aiogram logs it as it leaves the dispatcher, aiohttp as it answers 500: both traceback.
    logged = {
        (r.name, repr(r.exc_info[1]))
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.exc_info
    }
    bug = repr(ValueError("a bug in a handler"))
    assert logged == {("aiogram.event", bug), ("aiohttp.server", bug)}


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"update_id": "one"}', b"[" * 30_000, b'{"update_id": ' + b"9" * 5000 + b"}"],
)
async def test_a_body_that_is_not_an_update_is_400_and_reaches_no_handler(
    webhook_url: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    headers = {**HEADERS, "Content-Type": "application/json"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(webhook_url, data=body, headers=headers) as r,
    ):
        assert r.status == 400
        assert await r.text() == "Bad Request: the body is not an update"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("webhook_url", [greet], indirect=True)
async def test_the_answered_method_is_one_json_body(webhook_url: str) -> None:
    """Telegram runs the method in a webhook's answer; a JSON body is one write, where
    aiogram's multipart form was a write per field."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(webhook_url, json=UPDATE, headers=HEADERS) as r,
    ):
        assert r.status == 200
        assert r.content_type == "application/json"
        answer = await r.json()
    assert answer == {
        "method": "sendMessage",
        "chat_id": 42,
        "text": "<b>Hi</b>",
        "parse_mode": "HTML",  # the bot's default, resolved as aiogram's form does
        "reply_markup": {
            "inline_keyboard": [[{"text": "Open", "web_app": {"url": "https://x.example/app/"}}]]
        },
    }
