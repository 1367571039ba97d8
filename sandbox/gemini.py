"""A local HTTP double of the Gemini API (``generateContent`` only).

Why a real HTTP server instead of mocking the SDK: the application talks to Gemini through
the official ``google-genai`` client, and what we need to trust is exactly the layer a mock
would skip — the URL the SDK builds, how it sends the key, how it turns an HTTP error body into
``errors.ClientError``/``errors.ServerError`` and how it parses structured output. Pointing the
real client at this server exercises all of that, offline, deterministically and for free::

    async with GeminiServer() as gemini:
        client = genai.Client(
            api_key="test-key",
            http_options=types.HttpOptions(
                base_url=gemini.url, retry_options=types.HttpRetryOptions(attempts=1)
            ),
        )
        async with client.aio as aio:
            await aio.models.generate_content(model="gemini-2.5-flash", contents="...")

With ``api_key`` set the SDK requests ``POST {base_url}/v1/models/gemini-2.5-flash:generateContent``
(``v1`` is the SDK's default Gemini API version; ``models/`` is added unless the model name
already has it) with the key in the ``x-goog-api-key`` header. Error bodies mirror Google's
``{"error": {"code", "message", "status", "details"}}`` envelope, which the SDK exposes as
``err.code``, ``err.status``, ``err.message`` and (the whole envelope) ``err.details``.

Used by the test-suite and by the offline sandbox, so it imports nothing from pytest.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from aiohttp import web

from sandbox.http import LocalHTTPServer

__all__ = [
    "BadJSON",
    "Call",
    "ErrorFault",
    "Fault",
    "GeminiServer",
    "InvalidKey",
    "Latency",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "Unauthenticated",
    "default_responder",
]

Answer = dict[str, Any] | str
Responder = Callable[[dict[str, Any]], Answer | Awaitable[Answer]]
_TYPE = "type.googleapis.com/google.rpc."


# --------------------------------------------------------------------------- faults


class Fault:
    """Base class of everything :meth:`GeminiServer.inject` accepts."""


class ErrorFault(Fault):
    """An error answer in Google's JSON envelope; the SDK raises it as ``APIError``."""

    def __init__(self, code: int, status: str, message: str, details: list[dict] | None = None):
        self.code, self.status, self.message, self.details = code, status, message, details or []

    def payload(self) -> dict[str, Any]:
        error = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code} {self.status})"


class RateLimited(ErrorFault):
    """429 RESOURCE_EXHAUSTED with a ``RetryInfo`` detail (omitted when ``retry_delay=None``,
    which real quota errors sometimes do — clients must cope with both)."""

    def __init__(self, retry_delay: str | None = "30s"):
        details = [{"@type": _TYPE + "RetryInfo", "retryDelay": retry_delay}] if retry_delay else []
        super().__init__(
            429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", details
        )
        self.retry_delay = retry_delay


class InvalidKey(ErrorFault):
    """400 INVALID_ARGUMENT / ``ErrorInfo.reason == "API_KEY_INVALID"``: what Gemini answers to
    a wrong or revoked key (note: 400, not 401)."""

    MESSAGE = "API key not valid. Please pass a valid API key."

    def __init__(self) -> None:
        details = [
            {
                "@type": _TYPE + "ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
                "metadata": {"service": "generativelanguage.googleapis.com"},
            },
            {"@type": _TYPE + "LocalizedMessage", "locale": "en-US", "message": self.MESSAGE},
        ]
        super().__init__(400, "INVALID_ARGUMENT", self.MESSAGE, details)


class Unauthenticated(ErrorFault):
    """401 UNAUTHENTICATED (bad OAuth credentials rather than a bad API key)."""

    def __init__(self) -> None:
        super().__init__(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential.",
        )


class PermissionDenied(ErrorFault):
    """403 PERMISSION_DENIED (e.g. a suspended key or a project without API access)."""

    def __init__(self, message: str = "The caller does not have permission") -> None:
        super().__init__(403, "PERMISSION_DENIED", message)


class ServerError(ErrorFault):
    """5xx: 500 INTERNAL, 503 UNAVAILABLE ("model is overloaded") or 504 DEADLINE_EXCEEDED."""

    _KINDS: ClassVar[dict[int, tuple[str, str]]] = {
        500: ("INTERNAL", "An internal error has occurred. Please retry or report the issue."),
        503: ("UNAVAILABLE", "The model is overloaded. Please try again later."),
        504: ("DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
    }

    def __init__(self, status: int = 500) -> None:
        if status not in self._KINDS:
            raise ValueError(f"ServerError status must be one of {sorted(self._KINDS)}")
        super().__init__(status, *self._KINDS[status])


@dataclass(frozen=True)
class Latency(Fault):
    """Delay the answer by ``seconds``, then answer normally (to test timeouts)."""

    seconds: float


@dataclass(frozen=True)
class BadJSON(Fault):
    """200 OK whose text is not JSON: models do this; ``response.parsed`` is then ``None``."""

    text: str = "not json at all"


# --------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class Call:
    """One request as the server saw it. ``at`` is ``time.monotonic()`` on arrival, so tests
    can measure request rates and back-off spacing; ``body`` is ``None`` if it wasn't JSON."""

    api_key: str | None
    model: str
    version: str
    body: Any
    at: float
    status: int


@dataclass
class _Injection:
    fault: Fault
    key: str | None
    remaining: int | None


# --------------------------------------------------------------------------- default answer

_ORDERS_RE = re.compile(r"Всего заказов:\s*(\d+)")
_BULLET_RE = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s*")


def _prompt_text(body: dict[str, Any]) -> str:
    return "\n".join(
        part.get("text", "")
        for content in body.get("contents") or []
        for part in content.get("parts") or []
    )


def _dish_to_try(prompt: str) -> str | None:
    """First item under (or after the colon of) a line that says what to try ("попроб…")."""
    lines = prompt.splitlines()
    for i, line in enumerate(lines):
        if "попроб" not in line.lower():
            continue
        inline = line.partition(":")[2].strip()
        candidates = [inline.split(",")[0]] if inline else lines[i + 1 :]
        for raw in candidates:
            dish = _BULLET_RE.sub("", raw).strip().strip("«»\"'.;")
            if dish:
                return dish.split(" — ")[0].split(" (")[0].strip()
    return None


def _orders_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "заказ"
    return "заказа" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "заказов"


def default_responder(body: dict[str, Any]) -> dict[str, Any]:
    """A deterministic, plausible Russian nutrition advice derived from the prompt, so demos
    look real: it echoes "Всего заказов: N" and a dish listed as one to try, if present."""
    prompt = _prompt_text(body)
    orders = _ORDERS_RE.search(prompt)
    dish = _dish_to_try(prompt)
    summary = "Рацион в целом сбалансирован, но в нём маловато овощей и клетчатки."
    if orders:
        n = int(orders.group(1))
        summary = f"За период вы сделали {n} {_orders_word(n)}. " + summary
    return {
        "summary": summary,
        "tips": [
            "Добавляйте к обеду салат из свежих овощей — это клетчатка и витамины.",
            f"Попробуйте «{dish}» — хороший способ разнообразить меню."
            if dish
            else "Чередуйте мясо с рыбой и бобовыми — так проще получить нужный белок.",
            "Пейте воду вместо сладких напитков и не пропускайте обед, чтобы не переедать вечером.",
        ],
    }


# --------------------------------------------------------------------------- server


class GeminiServer(LocalHTTPServer):
    """aiohttp server answering ``POST /{version}/models/{model}:generateContent``.

    * ``valid_keys``: when set, any other key gets :class:`InvalidKey` (faults aren't consumed).
    * ``latency``: seconds added to every answer.
    * ``responder(body) -> dict | str`` (may be async) produces the model text; dicts are
      JSON-dumped. Defaults to :func:`default_responder`.
    * :meth:`inject` queues faults; every call, faulted or not, lands in :attr:`calls`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        valid_keys: set[str] | None = None,
        latency: float = 0.0,
        responder: Responder | None = None,
    ) -> None:
        super().__init__(host, port)
        self.valid_keys = valid_keys
        self.latency = latency
        self.responder: Responder = responder or default_responder
        self.calls: list[Call] = []
        self._injections: list[_Injection] = []

    # lifecycle -------------------------------------------------------------

    shutdown_timeout = 0.5

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{version}/models/{model}:generateContent", self._generate)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        return app

    # faults & recording ----------------------------------------------------

    def inject(self, fault: Fault, *, key: str | None = None, times: int | None = 1) -> None:
        """Make the next ``times`` calls (``None`` = all) — only those with api key ``key``
        when given — answer with ``fault``. Key-specific faults win over global ones; within
        each group the oldest injection is used first."""
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        self._injections.append(_Injection(fault, key, times))

    def calls_for_key(self, key: str) -> list[Call]:
        return [c for c in self.calls if c.api_key == key]

    def reset(self) -> None:
        """Forget recorded calls and pending faults (settings like ``latency`` stay)."""
        self.calls.clear()
        self._injections.clear()

    def _take_fault(self, key: str | None) -> Fault | None:
        matching = [i for i in self._injections if i.key is not None and i.key == key]
        matching += [i for i in self._injections if i.key is None]
        if not matching:
            return None
        inj = matching[0]
        if inj.remaining is not None:
            inj.remaining -= 1
            if inj.remaining == 0:
                self._injections.remove(inj)
        return inj.fault

    # handlers --------------------------------------------------------------

    async def _generate(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        version = request.match_info["version"]
        model = request.match_info["model"]
        key = request.headers.get("x-goog-api-key") or request.query.get("key")
        try:
            body = json.loads(await request.read())
        except ValueError:
            body = None

        fault: Fault | None
        if not key:
            fault = PermissionDenied(
                "Method doesn't allow unregistered callers (callers without established "
                "identity). Please use API Key or other form of API consumer identity."
            )
        elif self.valid_keys is not None and key not in self.valid_keys:
            fault = InvalidKey()
        elif not isinstance(body, dict):
            fault = ErrorFault(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        else:
            fault = self._take_fault(key)

        delay = self.latency + (fault.seconds if isinstance(fault, Latency) else 0.0)
        if isinstance(fault, ErrorFault):
            status, payload = fault.code, fault.payload()
        else:
            try:
                text = fault.text if isinstance(fault, BadJSON) else await self._respond(body)
                status, payload = 200, self._success(model, body, text)
            except Exception as exc:  # a broken responder should look like a backend error
                status, payload = 500, ErrorFault(500, "INTERNAL", repr(exc)).payload()

        self.calls.append(Call(key, model, version, body, at, status))
        if delay > 0:
            await asyncio.sleep(delay)
        return web.json_response(payload, status=status)

    async def _respond(self, body: dict[str, Any]) -> str:
        result = self.responder(body)
        if inspect.isawaitable(result):
            result = await result
        return result if isinstance(result, str) else json.dumps(result, ensure_ascii=False)

    @staticmethod
    def _success(model: str, body: dict[str, Any], text: str) -> dict[str, Any]:
        prompt_tokens = max(1, len(_prompt_text(body)) // 4)
        answer_tokens = max(1, len(text) // 4)
        return {
            "candidates": [
                {
                    "content": {"role": "model", "parts": [{"text": text}]},
                    "finishReason": "STOP",
                    "index": 0,
                }
            ],
            "usageMetadata": {
                "promptTokenCount": prompt_tokens,
                "candidatesTokenCount": answer_tokens,
                "totalTokenCount": prompt_tokens + answer_tokens,
            },
            "modelVersion": model,
        }

    @staticmethod
    async def _not_found(request: web.Request) -> web.Response:
        error = ErrorFault(404, "NOT_FOUND", f"Method not found: {request.method} {request.path}")
        return web.json_response(error.payload(), status=404)
