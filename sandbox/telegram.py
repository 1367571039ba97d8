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
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import inspect
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp import web

from sandbox import updates as build
from sandbox.http import LocalHTTPServer

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

log = logging.getLogger(__name__)
Json = dict[str, Any]
Handler = Callable[[Json], Any | Awaitable[Any]]


# aiogram derives ``bot.id`` from the token prefix, so keep it equal to bot_id.
DEFAULT_TOKEN = "7000001:AAsandbox-token-for-offline-use-only"

# aiogram sends strings raw and everything else JSON-encoded, so "123" is an int
# unless the parameter is textual by nature (a message text may well be "123").
_TEXT_PARAMS = frozenset(
    (
        "text caption parse_mode url secret_token ip_address inline_message_id "
        "callback_query_id inline_query_id shipping_query_id pre_checkout_query_id "
        "business_connection_id message_effect_id language_code title description "
        "short_description name custom_title question explanation emoji sticker_set_name "
        "game_short_name start_parameter payload currency provider_token first_name last_name "
        "phone_number vcard address error_message gift_id photo document video audio "
        "animation voice video_note sticker thumbnail"
    ).split()
)
_MESSAGE_KINDS = ("message", "channel_post", "business_message")
_EDITED_KINDS = ("edited_message", "edited_channel_post")
# What Telegram delivers when allowed_updates was never set or set to [].
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_NOOP_METHODS = (
    "sendChatAction setMyName setMyDescription setMyShortDescription setChatMenuButton "
    "setMyDefaultAdministratorRights"
).split()
_HTML_TAGS = frozenset(
    (
        "b strong i em u ins s strike del span tg-spoiler a tg-emoji tg-time code pre blockquote"
    ).split()
)
_HTML_TAG = re.compile(r"""<(/?)([^\s<>/"']*)(?:"[^"]*"|'[^']*'|[^<>"'])*>|<""")
_MAX_TEXT = 4096


class ApiError(Exception):
    """A Telegram error answer. Handlers raise it so validation can bail out at
    any depth, and injected faults reuse the exact same envelope."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    def body(self) -> Json:
        body: Json = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class WebhookDeliveryError(RuntimeError):
    """The bot's webhook could not be reached; Telegram would retry later, but
    in a test that is nearly always a wiring bug worth failing loudly on."""


class ButtonNotFound(LookupError):
    pass


# --- faults -----------------------------------------------------------------


class Fault:
    """A way for a method to misbehave, worded exactly like Telegram, because
    aiogram and bot code branch on status codes, parameters and descriptions."""

    delay: float = 0.0

    def error(self) -> ApiError | None:
        return None


@dataclass(frozen=True)
class RetryAfter(Fault):
    seconds: int = 1

    def error(self) -> ApiError:
        return ApiError(
            429, f"Too Many Requests: retry after {self.seconds}", {"retry_after": self.seconds}
        )


@dataclass(frozen=True)
class ChatNotFound(Fault):
    def error(self) -> ApiError:
        return ApiError(400, "Bad Request: chat not found")


@dataclass(frozen=True)
class BotKicked(Fault):
    def error(self) -> ApiError:
        return ApiError(403, "Forbidden: bot was kicked from the group chat")


@dataclass(frozen=True)
class BotBlocked(Fault):
    def error(self) -> ApiError:
        return ApiError(403, "Forbidden: bot was blocked by the user")


@dataclass(frozen=True)
class ServerError(Fault):
    status: int = 500

    def error(self) -> ApiError:
        return ApiError(self.status, HTTPStatus(self.status).phrase)


@dataclass(frozen=True)
class Slow(Fault):
    """Answers normally, late: for client timeouts and concurrency races."""

    seconds: float = 1.0

    @property
    def delay(self) -> float:  # type: ignore[override]
        return self.seconds


@dataclass(frozen=True)
class Migrated(Fault):
    new_chat_id: int

    def error(self) -> ApiError:
        return ApiError(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": self.new_chat_id},
        )


@dataclass(frozen=True)
class Failure(Fault):
    """Any other error Telegram might return."""

    status: int
    description: str
    parameters: Json | None = None

    def error(self) -> ApiError:
        return ApiError(self.status, self.description, self.parameters)


@dataclass
class _Injection:
    method: str  # lower-cased; "*" matches every method
    fault: Fault
    chat_id: int | None
    remaining: int | None


# --- records ----------------------------------------------------------------


@dataclass
class Call:
    """One request as the double understood it, kept even when it failed so
    tests can count retries. ``at`` is monotonic (for intervals), ``wall`` is
    epoch time (for humans)."""

    method: str
    params: Json
    token: str
    at: float
    wall: float
    response: Json

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")


@dataclass
class UploadedFile:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _decode(key: str, raw: Any) -> Any:
    if not isinstance(raw, str) or key in _TEXT_PARAMS:
        return raw
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        return raw
    return raw if isinstance(value, str) else value


async def _read_params(request: web.Request) -> Json:
    params: Json = {key: _decode(key, value) for key, value in request.query.items()}
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.json()  # JSON bodies are already typed
        if isinstance(body, dict):
            params.update(body)
        return params
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            params[key] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            params[key] = _decode(key, value)
    return params


def _update_type(update: Json) -> str:
    return next((key for key in update if key != "update_id"), "")


def _inline(markup: Any) -> Json | None:
    # Message.reply_markup only ever carries inline keyboards; reply keyboards
    # are accepted by sendMessage but never echoed back.
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


def _public(message: Json) -> Json:
    """The stored message minus what only the double keeps (raw parse_mode,
    non-inline keyboards), i.e. what Telegram would return."""
    shown = {key: value for key, value in message.items() if key != "parse_mode"}
    shown.pop("reply_markup", None)
    if markup := _inline(message.get("reply_markup")):
        shown["reply_markup"] = markup
    return shown


def _check_text(text: Any, parse_mode: Any) -> None:
    """Reject what Telegram rejects, so unescaped user input in HTML templates
    (a cafe called "<Fish & Chips>") fails in tests rather than in production."""
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    visible = text
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        stack: list[str] = []
        for match in _HTML_TAG.finditer(text):
            at = len(text[: match.start()].encode())
            closing, name = match.group(1), (match.group(2) or "").lower()
            if match.group() == "<":
                problem = f"Unclosed start tag at byte offset {at}"
            elif name not in _HTML_TAGS:
                kind = "end" if closing else "start"
                problem = f'Unsupported {kind} tag "{match.group(2)}" at byte offset {at}'
            elif not closing:
                stack.append(name)
                continue
            elif not stack:
                problem = f"Unexpected end tag at byte offset {at}"
            elif stack[-1] != name:
                problem = (
                    f'Unmatched end tag at byte offset {at}, expected "</{stack[-1]}>", '
                    f'found "</{name}>"'
                )
            else:
                stack.pop()
                continue
            raise ApiError(400, f"Bad Request: can't parse entities: {problem}")
        if stack:
            raise ApiError(
                400,
                "Bad Request: can't parse entities: "
                f'Can\'t find end tag corresponding to start tag "{stack[-1]}"',
            )
        visible = html.unescape(_HTML_TAG.sub("", text))
    if len(visible.encode("utf-16-le")) // 2 > _MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")


def _now() -> int:
    return int(time.time())


class BotAPIServer(LocalHTTPServer):
    """Telegram as seen by one bot: identity, chats, messages, webhook, updates."""

    def __init__(
        self,
        token: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_id: int = 7000001,
        bot_username: str = "lunch_test_bot",
        bot_name: str = "Lunch bot",
    ) -> None:
        self.token = token
        super().__init__(host, port)
        self.bot_user = build.user(
            bot_id, bot_name, username=bot_username, language_code=None, is_bot=True
        )
        self._client: aiohttp.ClientSession | None = None
        self._closing = False
        self._changed = asyncio.Event()
        self._subscribers: list[asyncio.Queue[Json]] = []
        # Survives reset(): a poller that confirmed offset N must still see
        # updates fed after a reset, exactly as Telegram never reuses ids.
        self._next_update_id = 1
        self._poll_generation = 0
        self._methods: dict[str, tuple[str, Handler]] = {}
        handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "editMessageText": lambda p: self._edit(p, text=True),
            "editMessageReplyMarkup": lambda p: self._edit(p, text=False),
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": lambda p: True,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": lambda p: self._commands.get(self._commands_key(p), []),
            "close": lambda p: True,
            "logOut": lambda p: True,
        }
        handlers.update(dict.fromkeys(_NOOP_METHODS, lambda p: True))
        for name, handler in handlers.items():
            self.register_method(name, handler)
        self.reset()

    # --- lifecycle ------------------------------------------------------------

    shutdown_timeout = 2.0  # parked long polls are released by stop(); nothing else lingers

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/bot{token}/{method}", self._handle)
        app.router.add_post("/bot{token}/{method}", self._handle)
        return app

    async def start(self) -> None:
        await super().start()
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self._closing = False

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._client is not None:
            await self._client.close()
            self._client = None
        await super().stop()

    def reset(self) -> None:
        """Forget everything but the bot's identity, subscribers and update ids."""
        self.calls: list[Call] = []
        self._chats: dict[int, Json] = {}
        self._users: dict[int, Json] = {}
        self._started: set[int] = set()
        self._members: dict[tuple[int, int], str] = {}  # includes the bot's own status
        self._migrated: dict[int, int] = {}
        self._messages: dict[int, dict[int, Json]] = {}
        self._last_message_id: dict[int, int] = {}
        self._faults: list[_Injection] = []
        self._webhook: Json = {}
        self._queue: list[Json] = []
        self._allowed_updates: list[str] | None = None
        self._commands: dict[tuple[str, str], list[Json]] = {}
        self._documents: dict[str, UploadedFile] = {}  # file_id -> what was uploaded
        self._notify()

    def register_method(self, name: str, handler: Handler) -> None:
        """Teach the double another method (handler gets decoded params, returns
        the result or raises ApiError). Telegram method names are case-insensitive."""
        self._methods[name.lower()] = (name, handler)

    # --- chats ------------------------------------------------------------------

    def add_chat(self, chat: Json, *, started: bool = False) -> Json:
        """Make a chat known. A private chat is reachable only once started,
        because Telegram forbids bots from messaging users first."""
        stored = self._chats[chat["id"]] = {**self._chats.get(chat["id"], {}), **chat}
        if started and chat["type"] == "private":
            self._started.add(chat["id"])
        return dict(stored)

    def set_member(self, chat_id: int, user: Json, status: str) -> None:
        """Set someone's status in a chat, e.g. to test admin-only commands."""
        self._users[user["id"]] = user
        self._members[(chat_id, user["id"])] = status

    def _chat(self, chat_id: Any) -> Json:
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        found = None
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            found = next(
                (c for c in self._chats.values() if c.get("username", "").lower() == name), None
            )
        elif isinstance(chat_id, int):
            found = self._chats.get(chat_id)
        if found is None:
            raise ApiError(400, "Bad Request: chat not found")
        return found

    def _writable_chat(self, chat_id: Any) -> Json:
        """The chat, if the bot may post there right now; otherwise Telegram's error."""
        chat = self._chat(chat_id)
        cid, kind = chat["id"], chat["type"]
        if cid in self._migrated:
            raise Migrated(self._migrated[cid]).error()
        status = self._members.get((cid, self.bot_user["id"]))
        if kind == "private":
            if status == "kicked":
                raise BotBlocked().error()
            if cid not in self._started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        elif status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        return chat

    # --- recording ----------------------------------------------------------------

    def calls_to(self, method: str, **param_filters: Any) -> list[Call]:
        method = method.lower()
        return [
            call
            for call in self.calls
            if call.method.lower() == method
            and all(call.params.get(key) == value for key, value in param_filters.items())
        ]

    def messages(self, chat_id: int, *, include_user: bool = False) -> list[Json]:
        """Current state of the chat (edits applied, deletions gone), oldest first.
        Only the bot's messages by default: that is what tests assert on."""
        bot_id = self.bot_user["id"]
        stored = sorted(self._messages.get(chat_id, {}).values(), key=lambda m: m["message_id"])
        return [
            copy.deepcopy(m)
            for m in stored
            if include_user or m.get("from", {}).get("id") == bot_id
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> Call:
        """First matching call from index ``since`` on, waiting if there is none
        yet; calls made before waiting began count, so nothing is missed.
        Pass ``since=len(double.calls)`` to only look at new ones."""
        deadline = asyncio.get_running_loop().time() + timeout
        seen = since
        while True:
            for call in self.calls[seen:]:
                if call.method.lower() == method.lower() and (predicate is None or predicate(call)):
                    return call
            seen = max(since, len(self.calls))
            if not await self._wait_change(deadline):
                made = [c.method for c in self.calls[since:]]
                raise TimeoutError(f"no matching {method} call within {timeout}s; calls: {made}")

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,
    ) -> list[Json]:
        """Wait until the bot has at least ``count`` messages in the chat."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found := self.messages(chat_id)) < count:
            if not await self._wait_change(deadline):
                texts = [m.get("text") for m in found]
                raise TimeoutError(f"chat {chat_id}: wanted {count} messages, have {texts}")
        return found

    async def _wait_change(self, deadline: float) -> bool:
        """Sleep until state changes or the deadline passes; False on timeout."""
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), remaining)
        return True

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # --- live listeners -------------------------------------------------------

    def subscribe(self) -> asyncio.Queue[Json]:
        """Events for a live view: {"type": "message", "action": "sent" |
        "edited" | "deleted", ...}, {"type": "update", "update": ...} and
        {"type": "call", "method": ..., "ok": ..., "params": ...}."""
        queue: asyncio.Queue[Json] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Json]) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(queue)

    def _emit(self, event: Json) -> None:
        for queue in self._subscribers:
            queue.put_nowait(event)

    # --- faults -----------------------------------------------------------------

    def inject(
        self, method: str, fault: Fault, *, chat_id: int | None = None, times: int | None = 1
    ) -> None:
        """Make the next ``times`` calls (None: all) of ``method`` ("*": any
        method), optionally only those for ``chat_id``, fail with ``fault``."""
        self._faults.append(_Injection(method.lower(), fault, chat_id, times))

    def _take_fault(self, method: str, params: Json) -> Fault | None:
        for injection in self._faults:
            if injection.method not in ("*", method.lower()):
                continue
            if injection.chat_id is not None and params.get("chat_id") != injection.chat_id:
                continue
            if injection.remaining is not None:
                injection.remaining -= 1
                if injection.remaining <= 0:
                    self._faults.remove(injection)
            return injection.fault
        return None

    # --- HTTP -----------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            params = await _read_params(request)
        except ValueError:
            body = ApiError(400, "Bad Request: can't parse request body").body()
            return web.json_response(body, status=400)
        info = request.match_info
        status, body = await self._execute(info["token"], info["method"], params)
        return web.json_response(body, status=status)

    async def _execute(self, token: str, method: str, params: Json) -> tuple[int, Json]:
        at, wall = time.monotonic(), time.time()
        name, handler = self._methods.get(method.lower(), (method, None))
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if fault := self._take_fault(name, params):
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if error := fault.error():
                    raise error
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
            body: Json = {"ok": True, "result": result}
        except ApiError as exc:
            body = exc.body()
        except Exception as exc:  # a bug in the double must not look like a hang
            log.exception("BotAPIServer crashed on %s", name)
            body = ApiError(500, f"Internal Server Error: double crashed: {exc!r}").body()
        self.calls.append(Call(name, params, token, at, wall, body))
        self._emit(
            {"type": "call", "method": name, "ok": body["ok"], "params": params, "response": body}
        )
        self._notify()
        return (200 if body["ok"] else body["error_code"]), body

    # --- methods ------------------------------------------------------------------

    def _get_me(self, params: Json) -> Json:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _set_webhook(self, params: Json) -> bool:
        if not params.get("url"):  # Telegram treats an empty url as "remove"
            return self._delete_webhook(params)
        keys = ("url", "secret_token", "max_connections", "ip_address")
        self._webhook = {key: params[key] for key in keys if key in params}
        if "allowed_updates" in params:
            self._allowed_updates = params["allowed_updates"] or None
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _delete_webhook(self, params: Json) -> bool:
        self._webhook = {}
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: Json) -> Json:
        info = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        info.update({k: v for k, v in self._webhook.items() if k != "secret_token"})
        if not self._webhook:
            info["pending_update_count"] = len(self._queue)
        if self._allowed_updates:
            info["allowed_updates"] = self._allowed_updates
        return info

    def _allowed(self, update: Json) -> bool:
        kind = _update_type(update)
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed_updates

    async def _get_updates(self, params: Json) -> list[Json]:
        """Long polling as Telegram does it: ``offset`` confirms (and forgets)
        everything before it, a newer poll terminates an older one with 409."""
        if self._webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self._allowed_updates = params["allowed_updates"] or None
        offset = params.get("offset") or 0
        if offset > 0:
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        elif offset < 0:
            self._queue = self._queue[offset:]
        limit = min(max(params.get("limit") or 100, 1), 100)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # wakes an older poll so it can be terminated
        deadline = asyncio.get_running_loop().time() + (params.get("timeout") or 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            self._queue = [u for u in self._queue if self._allowed(u)]
            if self._queue or self._closing:
                return copy.deepcopy(self._queue[:limit])
            if not await self._wait_change(deadline):
                return []

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _store(self, message: Json, action: str) -> None:
        """Messages are replaced, never mutated, so events already queued for
        subscribers keep showing the state they announced."""
        cid, mid = message["chat"]["id"], message["message_id"]
        self._messages.setdefault(cid, {})[mid] = message
        event = {"type": "message", "action": action, "chat_id": cid, "message_id": mid}
        self._emit({**event, "message": message})

    def _send_message(self, params: Json) -> Json:
        chat = self._writable_chat(params.get("chat_id"))
        _check_text(params.get("text"), params.get("parse_mode"))
        message: Json = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": dict(chat),
            "date": _now(),
            "text": params["text"],
        }
        for key in ("parse_mode", "entities", "link_preview_options", "reply_markup"):
            if key in params:
                message[key] = params[key]
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if original := self._messages.get(chat["id"], {}).get(reply_to):
            message["reply_to_message"] = _public(
                {k: v for k, v in original.items() if k != "reply_to_message"}
            )
        self._store(message, "sent")
        return _public(message)

    # --- sendDocument (issue 18: the monthly report; issue 17 adds its own file methods) ----

    def _send_document(self, params: Json) -> Json:
        """A document upload (multipart: `document=attach://<field>`, the file in that field)
        or a re-send by file_id. The bytes are kept: `document_bytes(message)` reads them."""
        chat = self._writable_chat(params.get("chat_id"))
        ref = params.get("document")
        if isinstance(ref, str) and ref.startswith("attach://"):
            ref = params.get(ref.removeprefix("attach://"))
        if isinstance(ref, UploadedFile):
            upload = ref
            file_id = f"doc-{len(self._documents) + 1}"
            self._documents[file_id] = upload
        elif isinstance(ref, str) and ref in self._documents:
            file_id, upload = ref, self._documents[ref]
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        if params.get("caption"):
            _check_text(params["caption"], params.get("parse_mode"))
        message: Json = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": dict(chat),
            "date": _now(),
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": upload.filename,
                "mime_type": upload.content_type,
                "file_size": len(upload.data),
            },
        }
        for key in ("caption", "parse_mode", "reply_markup"):
            if key in params:
                message[key] = params[key]
        self._store(message, "sent")
        return _public(message)

    def document_bytes(self, message: Json) -> bytes:
        """The bytes of the document a stored message carries."""
        return self._documents[message["document"]["file_id"]].data

    def document(self, file_id: str) -> UploadedFile | None:
        return self._documents.get(file_id)

    def _edit(self, params: Json, *, text: bool) -> Json | bool:
        """Edits return the edited Message (aiogram-dialog depends on that),
        except for inline-mode messages, where Telegram returns just true."""
        if params.get("inline_message_id"):
            return True
        chat = self._writable_chat(params.get("chat_id"))
        old = self._messages.get(chat["id"], {}).get(params.get("message_id"))
        if old is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if old.get("from", {}).get("id") != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        new = {k: v for k, v in old.items() if k != "reply_markup"}
        if text:
            if "text" not in old:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            _check_text(params.get("text"), params.get("parse_mode"))
            for key in ("parse_mode", "entities", "link_preview_options"):
                new.pop(key, None)
                if key in params:
                    new[key] = params[key]
            new["text"] = params["text"]
        # Omitting reply_markup removes the inline keyboard, as in Telegram.
        if markup := _inline(params.get("reply_markup")):
            new["reply_markup"] = markup

        def content(m: Json) -> tuple[Any, ...]:
            keys = ("text", "parse_mode", "entities")
            return (*(m.get(k) for k in keys), _inline(m.get("reply_markup")))

        if content(new) == content(old):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        new["edit_date"] = _now()
        self._store(new, "edited")
        return _public(new)

    def _delete_message(self, params: Json) -> bool:
        chat = self._writable_chat(params.get("chat_id"))
        message = self._messages.get(chat["id"], {}).pop(params.get("message_id"), None)
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        event = {"type": "message", "action": "deleted", "chat_id": chat["id"]}
        self._emit({**event, "message_id": message["message_id"], "message": message})
        return True

    def _delete_messages(self, params: Json) -> bool:
        for message_id in params.get("message_ids") or []:
            with contextlib.suppress(ApiError):  # Telegram skips missing ones silently
                self._delete_message({**params, "message_id": message_id})
        return True

    def _get_chat(self, params: Json) -> Json:
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return {
            **self._chat(params.get("chat_id")),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys((*gifts, "gifts_from_channels"), True),
        }

    def _get_chat_member(self, params: Json) -> Json:
        cid = self._chat(params.get("chat_id"))["id"]
        user_id = params.get("user_id")
        if user_id == self.bot_user["id"]:
            user = self.bot_user
        elif (user := self._users.get(user_id)) is None:
            raise ApiError(400, "Bad Request: user not found")
        return build.chat_member(user, self._members.get((cid, user_id), "member"))

    @staticmethod
    def _commands_key(params: Json) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get("language_code") or ""

    def _set_my_commands(self, params: Json) -> bool:
        self._commands[self._commands_key(params)] = params.get("commands") or []
        return True

    def _delete_my_commands(self, params: Json) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    # --- feeding updates ------------------------------------------------------

    async def feed_update(self, update: Json) -> int | None:
        """Deliver an update the way Telegram would: POST it to the webhook if
        one is set (returns the HTTP status), else queue it for getUpdates
        (returns None; also None when allowed_updates filters it out)."""
        return await self._dispatch(self._accept(update))

    async def send_text(self, chat: Json | int, from_user: Json, text: str) -> Json:
        """A user types ``text``; returns the update as fed."""
        if isinstance(chat, int):
            if chat not in self._chats:
                raise LookupError(f"chat {chat} is unknown; add_chat() it or pass the chat dict")
            chat = self._chats[chat]
        update = self._accept(build.message_update(chat, from_user, text))
        await self._deliver(update)
        return update

    async def click(self, chat_id: int, button_text: str, *, from_user: Json) -> Json:
        """A user presses the inline button labelled ``button_text`` on the
        newest bot message carrying one; returns the callback_query update."""
        available: dict[int, list[str]] = {}
        for stored in reversed(self.messages(chat_id)):
            markup = _inline(stored.get("reply_markup")) or {}
            buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
            available[stored["message_id"]] = [b.get("text", "") for b in buttons]
            for button in buttons:
                if button.get("text") == button_text and "callback_data" in button:
                    data = button["callback_data"]
                    update = self._accept(
                        build.callback_query_update(from_user, _public(stored), data)
                    )
                    await self._deliver(update)
                    return update
        raise ButtonNotFound(
            f"no inline button {button_text!r} with callback_data in chat {chat_id}; "
            f"buttons by message id, newest first: {available or 'no bot messages'}"
        )

    async def press(
        self, chat_id: int, message_id: int, callback_data: str, *, from_user: Json
    ) -> Json:
        """A user presses the button with ``callback_data`` on one message (the sandbox's UI
        knows which message was clicked, unlike a test naming a label)."""
        stored = self._messages.get(chat_id, {}).get(message_id)
        markup = _inline((stored or {}).get("reply_markup")) or {}
        buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
        if stored is None or not any(b.get("callback_data") == callback_data for b in buttons):
            raise ButtonNotFound(
                f"no button with callback_data {callback_data!r} on message {message_id} "
                f"in chat {chat_id}"
            )
        update = self._accept(
            build.callback_query_update(from_user, _public(stored), callback_data)
        )
        await self._deliver(update)
        return update

    async def open_startgroup(self, chat_id: int, payload: str, *, from_user: Json) -> None:
        """What a Telegram client does when ``from_user`` opens ``t.me/<bot>?startgroup=<payload>``
        and picks this group: the bot joins (``my_chat_member``), then the client sends
        ``/start@<bot> <payload>`` in the group on the user's behalf."""
        chat = self._chat(chat_id)
        status = self._members.get((chat["id"], self.bot_user["id"]), "left")
        if status in ("left", "kicked"):
            joined = build.my_chat_member_update(chat, from_user, self.bot_user, status, "member")
            await self._deliver(self._accept(joined))
        text = f"/start@{self.bot_user['username']}" + (f" {payload}" if payload else "")
        await self.send_text(chat, from_user, text)

    def _accept(self, update: Json) -> Json:
        """Number the update, learn the chats and users it mentions and apply
        its side effects (started chats, membership, migration)."""
        update = copy.deepcopy(update)
        update.setdefault("update_id", self._next_update_id)
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        kind = _update_type(update)
        body = update.get(kind)
        if not isinstance(body, dict):
            return update
        chat = body.get("chat") or (body.get("message") or {}).get("chat")
        if kind in _MESSAGE_KINDS and chat:
            if "message_id" not in body:
                body["message_id"] = self._next_message_id(chat["id"])
            last = self._last_message_id.get(chat["id"], 0)
            self._last_message_id[chat["id"]] = max(last, body["message_id"])
            body.setdefault("date", _now())
        self._learn(update)
        if chat and chat.get("type") == "private":
            self._started.add(chat["id"])
        if kind in ("my_chat_member", "chat_member"):
            member = body["new_chat_member"]
            self._members[(body["chat"]["id"], member["user"]["id"])] = member["status"]
        if kind in _MESSAGE_KINDS and chat:
            self._messages.setdefault(chat["id"], {})[body["message_id"]] = body
            if new_id := body.get("migrate_to_chat_id"):
                self._migrated[chat["id"]] = new_id
                title = chat.get("title")
                self._chats.setdefault(new_id, build.group_chat(new_id, title, type="supergroup"))
            if old_id := body.get("migrate_from_chat_id"):
                self._migrated[old_id] = chat["id"]
        elif (
            kind in _EDITED_KINDS
            and chat
            and body.get("message_id") in self._messages.get(chat["id"], {})
        ):
            self._messages[chat["id"]][body["message_id"]] = body
        self._emit({"type": "update", "update": update})
        return update

    def _learn(self, value: Any, key: str = "") -> None:
        if isinstance(value, list):
            for item in value:
                self._learn(item, key)
            return
        if not isinstance(value, dict):
            return
        if key in ("chat", "sender_chat") and "id" in value and "type" in value:
            self.add_chat(value)
        elif key in ("from", "user") and "id" in value and "is_bot" in value:
            self._users[value["id"]] = value
        for child_key, child in value.items():
            self._learn(child, child_key)

    async def _deliver(self, update: Json) -> None:
        """Like feed_update, for the user-action helpers: a webhook that does not answer
        200 is an error the caller must see, not a silently dropped click."""
        status = await self._dispatch(update)
        if status is not None and status != 200:
            raise WebhookDeliveryError(f"update {update['update_id']}: webhook answered {status}")

    async def _dispatch(self, update: Json) -> int | None:
        if not self._webhook:
            self._queue.append(update)
            self._notify()
            return None
        if not self._allowed(update):
            return None
        return await self._post_webhook(update)

    async def _post_webhook(self, update: Json) -> int:
        if self._client is None:
            raise RuntimeError("start() the server before feeding updates to a webhook")
        url = self._webhook["url"]
        secret = self._webhook.get("secret_token")
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        try:
            async with self._client.post(url, json=update, headers=headers) as response:
                if response.status == 200:
                    await self._run_webhook_reply(response)
                else:
                    self._webhook["last_error_date"] = _now()
                    self._webhook["last_error_message"] = (
                        f"Wrong response from the webhook: {response.status} {response.reason}"
                    )
                return response.status
        except aiohttp.ClientError as exc:
            self._webhook["last_error_date"] = _now()
            self._webhook["last_error_message"] = f"Connection failed: {exc}"
            raise WebhookDeliveryError(f"update {update['update_id']} -> {url}: {exc}") from exc

    async def _run_webhook_reply(self, response: aiohttp.ClientResponse) -> None:
        """A webhook may answer with a method call in its body (aiogram does
        when handle_in_background=False); Telegram executes it, so we do too."""
        params: Json = {}
        if response.content_type == "multipart/form-data":
            reader = aiohttp.MultipartReader(response.headers, response.content)
            while (part := await reader.next()) is not None:
                if isinstance(part, aiohttp.BodyPartReader) and part.name:
                    if part.filename:
                        data = bytes(await part.read())
                        params[part.name] = UploadedFile(part.filename, "", data)
                    else:
                        params[part.name] = _decode(part.name, await part.text())
        elif response.content_type == "application/json":
            body = await response.json()
            params = body if isinstance(body, dict) else {}
        if method := params.pop("method", None):
            await self._execute(self.token, method, params)
