"""`/start` in a private chat, through the real webhook, dispatcher and Bot API session."""

from __future__ import annotations

from collections.abc import Callable

from core.config import Settings
from db.models import User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer, Failure
from tests.conftest import TOKEN
from tests.support.app import running_app


async def test_start_greets_a_new_user_in_russian_and_remembers_them(
    app: Application, bot_api: BotAPIServer
) -> None:
    anna = updates.user(501, "Анна", "Петрова", username="anna", language_code="ru")
    await bot_api.send_text(updates.private_chat(anna), anna, "/start")
    (message,) = bot_api.messages(501)
    assert message["text"].startswith("Привет, Анна Петрова! 👋")
    # MINI_APP_URL defaults to the server's own /app/ when WEBHOOK_BASE_URL is set.
    (row,) = message["reply_markup"]["inline_keyboard"]
    assert row == [
        {"text": "🍽 Заказать обед", "web_app": {"url": f"{app.settings.webhook.base_url}app/"}}
    ]
    user = await User.get(tgid=501)
    assert (user.name, user.username, user.language) == ("Анна Петрова", "anna", "ru")


async def test_english_speakers_are_greeted_in_english(
    app: Application, bot_api: BotAPIServer
) -> None:
    john = updates.user(502, "John", language_code="en-GB")
    await bot_api.send_text(updates.private_chat(john), john, "/start")
    (message,) = bot_api.messages(502)
    assert message["text"].startswith("Hi, John! 👋")


async def test_names_are_html_escaped(app: Application, bot_api: BotAPIServer) -> None:
    mallory = updates.user(503, "<b>Mal</b> & co")
    await bot_api.send_text(updates.private_chat(mallory), mallory, "/start")
    (message,) = bot_api.messages(503)
    assert "&lt;b&gt;Mal&lt;/b&gt; &amp; co" in message["text"]
    assert message["parse_mode"] == "HTML"


async def test_long_polling_without_a_mini_app(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer, redis, clock
) -> None:
    """Polling mode: updates come through getUpdates; no public URL means no Mini App button."""
    settings = make_settings(telegram={"mode": "polling"}, webhook={"base_url": None})
    async with running_app(settings, bot_api, clock):
        ivan = updates.user(506, "Иван")
        await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")
        (message,) = await bot_api.wait_for_messages(506, 1, timeout=10)
    assert bot_api.calls_to("deleteWebhook")
    assert message["text"].startswith("Привет, Иван!")
    assert "Мини-приложение пока не подключено" in message["text"]
    assert "reply_markup" not in message
    assert bot_api.calls_to("setChatMenuButton") == []


async def test_the_mini_app_button_when_configured(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer, redis, clock
) -> None:
    settings = make_settings(app={"mini_app_url": "https://lunch.example.com/app/"})
    async with running_app(settings, bot_api, clock):
        ivan = updates.user(504, "Иван")
        await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")
    (message,) = bot_api.messages(504)
    (row,) = message["reply_markup"]["inline_keyboard"]
    assert row == [
        {"text": "🍽 Заказать обед", "web_app": {"url": "https://lunch.example.com/app/"}}
    ]


async def test_the_chat_menu_button_opens_the_mini_app_in_the_users_language(
    app: Application, bot_api: BotAPIServer
) -> None:
    john = updates.user(507, "John", language_code="en")
    await bot_api.send_text(updates.private_chat(john), john, "/start")
    (call,) = bot_api.calls_to("setChatMenuButton", chat_id=507)
    assert call.params["menu_button"] == {
        "type": "web_app",
        "text": "Lunch",
        "web_app": {"url": f"{app.settings.webhook.base_url}app/"},
    }


async def test_the_greeting_stands_when_the_menu_button_fails(
    app: Application, bot_api: BotAPIServer
) -> None:
    bot_api.inject("setChatMenuButton", Failure(400, "Bad Request: BUTTON_URL_INVALID"))
    ivan = updates.user(508, "Иван")
    await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")
    (message,) = bot_api.messages(508)  # the greeting, and no error message after it
    assert message["text"].startswith("Привет, Иван!")
    assert not app.metrics.registry.get_sample_value("lunchbot_telegram_update_errors_total")


async def test_a_wrong_webhook_secret_is_refused_and_nothing_runs(
    app: Application, bot_api: BotAPIServer, app_url: str
) -> None:
    import aiohttp

    eve = updates.user(505, "Eve")
    update = updates.message_update(updates.private_chat(eve), eve, "/start")
    async with aiohttp.ClientSession() as http:
        for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
            async with http.post(
                f"{app_url}{app.settings.webhook.path}", json=update, headers=headers
            ) as response:
                assert response.status == 401
    assert bot_api.calls_to("sendMessage") == []
    assert await User.filter(tgid=505).count() == 0
    assert TOKEN  # the double and the app share the token; the secret is what differs
