"""Telegram's webhook, mounted on the web server's port by the composition root (webhook mode
only): `POST <WEBHOOK_PATH>` feeds updates to the dispatcher."""

from __future__ import annotations

import secrets
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from core.config import Settings


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler, but a secret header with non-ASCII bytes is a wrong secret (401),
    not a TypeError from `secrets.compare_digest` (500), and a body that is not JSON is 400."""

    def verify_secret(self, telegram_secret_token: str, bot: Any) -> bool:
        if not self.secret_token:
            return True
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return secrets.compare_digest(given, self.secret_token.encode())

    async def handle(self, request: web.Request) -> web.Response:
        try:
            return await super().handle(request)
        except (ValueError, RecursionError):  # json.JSONDecodeError, a 5,000-digit number…
            return web.Response(text="Bad Request: the body is not an update", status=400)


def mount_webhook(
    web_app: web.Application, dispatcher: Dispatcher, bot: Bot, settings: Settings
) -> None:
    secret = settings.webhook.secret
    WebhookHandler(
        dispatcher=dispatcher,
        bot=bot,
        # Answer Telegram only after the update was handled: if the process dies midway,
        # Telegram delivers the update again instead of it being lost.
        handle_in_background=False,
        secret_token=secret.get_secret_value() if secret else None,
    ).register(web_app, path=settings.webhook.path)
    setup_application(web_app, dispatcher, bot=bot)
