"""The double as an aiohttp server: routes, the call log, fault injection, and the state,
delivery and method tables of the other modules put together behind one object."""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from sandbox import updates as build
from sandbox.http import LocalHTTPServer
from sandbox.telegram import chats, files, messages
from sandbox.telegram.delivery import Delivery
from sandbox.telegram.errors import ApiError, Json
from sandbox.telegram.events import Events
from sandbox.telegram.faults import Fault, Faults
from sandbox.telegram.state import State
from sandbox.telegram.users import UserActions
from sandbox.telegram.wire import read_request

log = logging.getLogger(__name__)
Handler = Callable[[Json], Any | Awaitable[Any]]

# aiogram derives ``bot.id`` from the token prefix, so keep it equal to bot_id.
DEFAULT_TOKEN = "7000001:AAsandbox-token-for-offline-use-only"


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


class BotAPIServer(UserActions, LocalHTTPServer):
    """Telegram as seen by one bot: identity, chats, messages, webhook, updates."""

    shutdown_timeout = 2.0  # parked long polls are released by stop(); nothing else lingers

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
        self._events = Events()
        self._delivery = Delivery(self._events, functools.partial(self._execute, token))
        self._methods: dict[str, tuple[str, Handler]] = {}
        for name, method in {**messages.METHODS, **chats.METHODS, **files.METHODS}.items():
            # Looked up at each call: reset() replaces the state.
            self.register_method(name, functools.partial(self._on_state, method))
        for name, handler in self._delivery.methods().items():
            self.register_method(name, handler)
        self.reset()

    def _on_state(self, method: Callable[[State, Json], Any], params: Json) -> Any:
        return method(self.state, params)

    # --- lifecycle ------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/bot{token}/{method}", self._handle)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        return app

    async def start(self) -> None:
        await super().start()
        await self._delivery.start()

    async def stop(self) -> None:
        await self._delivery.stop()
        await super().stop()

    def reset(self) -> None:
        """Forget everything but the bot's identity, subscribers and update ids."""
        self.calls: list[Call] = []
        self.state = State(self.bot_user, self._events.emit)
        self._faults = Faults()
        self._delivery.reset()
        self._events.changed()

    def register_method(self, name: str, handler: Handler) -> None:
        """Teach the double another method (handler gets decoded params, returns
        the result or raises ApiError). Telegram method names are case-insensitive."""
        self._methods[name.lower()] = (name, handler)

    # --- setting the scene ------------------------------------------------------

    def add_chat(self, chat: Json, *, started: bool = False) -> Json:
        """Make a chat known. A private chat is reachable only once started,
        because Telegram forbids bots from messaging users first."""
        return self.state.add_chat(chat, started=started)

    def set_member(self, chat_id: int, user: Json, status: str) -> None:
        """Set someone's status in a chat, e.g. to test admin-only commands."""
        self.state.set_member(chat_id, user, status)

    def inject(
        self, method: str, fault: Fault, *, chat_id: int | None = None, times: int | None = 1
    ) -> None:
        """Make the next ``times`` calls (None: all) of ``method`` ("*": any
        method), optionally only those for ``chat_id``, fail with ``fault``."""
        self._faults.add(method, fault, chat_id, times)

    def _take_fault(self, method: str, params: Json) -> Fault | None:
        # A method of its own so a load drill can wrap it with random faults.
        return self._faults.take(method, params)

    # --- what happened ------------------------------------------------------------

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
        return self.state.in_chat(chat_id, include_user=include_user)

    def file_bytes(self, file_id: str) -> bytes:
        """What was sent or uploaded under `file_id` (for tests and the sandbox)."""
        file = self.state.files.get(file_id)
        if file is None:
            raise KeyError(file_id)
        return file.data

    def document_bytes(self, message: Json) -> bytes:
        """The bytes of the document a stored message carries."""
        return self.file_bytes(message["document"]["file_id"])

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
            if not await self._events.wait(deadline):
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
            if not await self._events.wait(deadline):
                texts = [m.get("text") for m in found]
                raise TimeoutError(f"chat {chat_id}: wanted {count} messages, have {texts}")
        return found

    def subscribe(self) -> asyncio.Queue[Json]:
        """Events for a live view: {"type": "message", "action": "sent" |
        "edited" | "deleted", ...}, {"type": "update", "update": ...} and
        {"type": "call", "method": ..., "ok": ..., "params": ...}."""
        return self._events.subscribe()

    def unsubscribe(self, queue: asyncio.Queue[Json]) -> None:
        self._events.unsubscribe(queue)

    # --- updates in, calls out ------------------------------------------------------

    def _accept(self, update: Json) -> Json:
        """Number the update and let the state learn from it."""
        update = copy.deepcopy(update)
        self._delivery.number(update)
        self.state.absorb(update)
        self._events.emit({"type": "update", "update": update})
        return update

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            params = await read_request(request)
        except ValueError:
            body = ApiError(400, "Bad Request: can't parse request body").body()
            return web.json_response(body, status=400)
        info = request.match_info
        status, body = await self._execute(info["token"], info["method"], params)
        return web.json_response(body, status=status)

    async def _download(self, request: web.Request) -> web.Response:
        return files.download(self.state, self.token, request)

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
        self._events.emit(
            {"type": "call", "method": name, "ok": body["ok"], "params": params, "response": body}
        )
        self._events.changed()
        return (200 if body["ok"] else body["error_code"]), body
