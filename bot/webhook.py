"""Telegram's webhook, mounted on the web server's port by the composition root (webhook mode
only): `POST <WEBHOOK_PATH>` feeds updates to the dispatcher."""

from __future__ import annotations

import secrets
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile, Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from aiohttp.payload import BytesPayload, Payload

from core.config import Settings


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler, but a secret header with non-ASCII bytes is a wrong secret (401),
    not a TypeError from `secrets.compare_digest` (500), and a body that is not an update
    (not JSON, or JSON no `Update` validates) is 400.

    Only the body's decoding and validation answer 400: an error raised while the update is
    handled or its answer written is aiogram's and aiohttp's to report (the error router, or
    a 500 with its traceback logged), never passed off as Telegram's fault — Telegram does not
    redeliver an update it was told is malformed."""

    def verify_secret(self, telegram_secret_token: str, bot: Any) -> bool:
        if not self.secret_token:
            return True
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return secrets.compare_digest(given, self.secret_token.encode())

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        # aiogram's own, with the update validated here rather than in the dispatcher, so
        # the 400 covers the body and nothing after it.
        try:
            body = await request.json(loads=bot.session.json_loads)
            update = Update.model_validate(body, context={"bot": bot})
        except (ValueError, RecursionError):  # JSONDecodeError, ValidationError, 5,000 digits…
            return web.Response(text="Bad Request: the body is not an update", status=400)
        result = await self.dispatcher.feed_webhook_update(bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    def _build_response_writer(
        self, bot: Bot, result: TelegramMethod[TelegramType] | None
    ) -> Payload:
        """The method the handler returned (the `/start` greeting…), as one JSON body, which
        Telegram takes as well as a form. aiogram writes a multipart form, part by part: a
        socket write per part, a cost every update pays. A method that
        uploads a file still goes as aiogram's form, the only way to carry the file."""
        if not result:
            return super()._build_response_writer(bot, result)
        files: dict[str, InputFile] = {}
        fields: dict[str, Any] = {"method": result.__api_method__}
        for key, value in result.model_dump(warnings=False).items():
            prepared = bot.session.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None:
                fields[key] = prepared
        if files:
            return super()._build_response_writer(bot, result)
        return BytesPayload(
            bot.session.json_dumps(fields).encode(), content_type="application/json"
        )


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
