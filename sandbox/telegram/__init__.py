"""A Telegram Bot API double: a real HTTP server the real aiogram ``Bot`` talks to.

Mocking aiogram's session would skip the part most likely to surprise us in
production: how aiogram serialises requests and turns Telegram's error envelopes
into exceptions. So the double speaks HTTP, answers with Telegram's JSON shapes
and error wording, and keeps just enough state (chats, messages, webhook,
pending updates) to behave like Telegram towards a single bot::

    async with BotAPIServer(DEFAULT_TOKEN) as tg:
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.url))
        bot = Bot(DEFAULT_TOKEN, session=session)
        ...

It runs in the same event loop as the code under test. Every method handler is
synchronous on purpose: with no ``await`` between reading and writing state,
each API call and each fed update is atomic with respect to the others, so no
lock is needed. Public methods must be called from that loop too.

The parts: ``state`` (chats, members, messages, files, commands), the methods by
concern (``messages``, ``chats``, ``files``; ``delivery`` for the webhook and
getUpdates), ``faults``, ``users`` (what people do in their clients), ``wire``
(reading parameters) and ``server`` (the routes, the call log, the wiring). The
payload builders are ``sandbox.updates``: they feed aiogram directly too.
"""

from sandbox.telegram.errors import ApiError, ButtonNotFound, WebhookDeliveryError
from sandbox.telegram.faults import (
    BotBlocked,
    BotKicked,
    ChatNotFound,
    Failure,
    Fault,
    Migrated,
    RetryAfter,
    ServerError,
    Slow,
)
from sandbox.telegram.server import DEFAULT_TOKEN, BotAPIServer, Call
from sandbox.telegram.state import UploadedFile

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotAPIServer",
    "BotBlocked",
    "BotKicked",
    "ButtonNotFound",
    "Call",
    "ChatNotFound",
    "Failure",
    "Fault",
    "Migrated",
    "RetryAfter",
    "ServerError",
    "Slow",
    "UploadedFile",
    "WebhookDeliveryError",
]
