"""Asking Gemini for one person's advice, through the key pool, with our own retry policy.

The SDK is told to make exactly one HTTP attempt per call (`HttpRetryOptions(attempts=1)`):
whether and where to try again depends on the answer, and only the pool knows the keys.

- 429 → the key cools down for the `retryDelay` Gemini asks for; the request moves to the next
  key at once. When every key is cooling down, the request waits for the first one to come
  back (if that is within a minute).
- 401, 403, or 400 with reason API_KEY_INVALID → the key is marked invalid; next key at once.
- 5xx, network errors, timeouts → exponential backoff with jitter, then another attempt (on a
  key this request has not tried, when there is one).
- Any other 4xx is our mistake (a wrong model name, a bad request): no retry.
- An answer that is not valid advice (not JSON, no summary, not 2–3 tips) is asked for once
  more; a second one fails the request.

At most `ATTEMPTS` tries per request for the waiting kinds. Every key used up, rate-limited
for long or invalid → `KeyPoolExhausted`; anything else that ends without advice →
`RecommendationFailed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import ssl
import sys
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)
from yarl import URL

from core.config import GeminiSettings
from core.logging import get_logger
from core.metrics import Metrics
from services.recommendations.key_pool import KeyPool, KeyPoolExhausted, Slot
from services.recommendations.prompt import Advice, build_prompt, generation_config
from services.stats import OrderStats

if TYPE_CHECKING:
    from google import genai
    from google.genai import errors, types

log = get_logger(__name__)

ATTEMPTS = 3  # per request, counting the first, for 5xx/network errors and cooling keys
ANSWER_ATTEMPTS = 2  # an invalid answer is asked for once more
MAX_COOLDOWN_WAIT = 60.0  # seconds; longer than that and the pool counts as exhausted
REQUEST_TIMEOUT_MS = 60_000  # generous: a thinking model takes its time
INVALID_KEY_REASON = "API_KEY_INVALID"
DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/"  # the SDK's, for the proxy
READ_BUFSIZE = 2**22  # the SDK's own aiohttp sessions read with this buffer


class RecommendationFailed(Exception):
    """No advice for this person this time (the message says why; it names no key)."""


class _Transient(Exception):
    """A failure that says nothing about the key: worth another attempt after a pause."""


class Advisor:
    def __init__(
        self, settings: GeminiSettings, pool: KeyPool, metrics: Metrics, *, backoff: float = 1.0
    ) -> None:
        self.settings = settings
        self.pool = pool
        self.metrics = metrics
        self._backoff = wait_exponential_jitter(initial=backoff, max=30, jitter=backoff)
        self._config: types.GenerateContentConfig | None = None
        self._tls: ssl.SSLContext | None = None
        self._sdk: asyncio.Future[tuple[types.GenerateContentConfig, ssl.SSLContext]] | None = None
        self._clients: dict[str, genai.client.AsyncClient] = {}
        self._http: aiohttp.ClientSession | None = None

    @property
    def enabled(self) -> bool:
        return len(self.pool) > 0

    async def prepare(self) -> None:
        """Load the SDK, once per process, off the event loop (the batch starts this beside
        its statistics query)."""
        if self._config is not None:
            return
        if self._sdk is None:
            self._sdk = asyncio.ensure_future(asyncio.to_thread(_load_sdk))
        try:
            self._config, self._tls = await asyncio.shield(self._sdk)
        except Exception:
            self._sdk = None  # the next call tries again
            raise

    async def advise(self, stats: OrderStats) -> Advice:
        await self.prepare()
        prompt = build_prompt(stats)
        tried: set[str] = set()
        for attempt in range(1, ANSWER_ATTEMPTS + 1):
            text = await self._ask(prompt, tried)
            try:
                return Advice.model_validate_json(text)
            except ValidationError as error:
                self.metrics.gemini_errors.labels("invalid_answer").inc()
                log.warning(
                    "gemini answer rejected",
                    tgid=stats.tgid,
                    attempt=attempt,
                    error=error.errors(include_input=False, include_url=False)[0]["msg"],
                )
        raise RecommendationFailed(f"Gemini gave no valid advice in {ANSWER_ATTEMPTS} answers")

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
        http, self._http = self._http, None
        if http is not None:
            await http.close()  # the clients leave a session they were given open

    # ---- one answer, whatever it takes ---------------------------------------------

    async def _ask(self, prompt: str, tried: set[str]) -> str:
        retrying = AsyncRetrying(
            retry=retry_if_exception(_worth_waiting),
            stop=stop_after_attempt(ATTEMPTS),
            wait=self._wait,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._ask_any_key(prompt, tried)
        except _Transient as error:
            raise RecommendationFailed(str(error)) from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, KeyPoolExhausted) and error.retry_after is not None:
            log.info("every gemini key is cooling down, waiting", seconds=error.retry_after)
            return error.retry_after
        delay = self._backoff(state)
        log.warning("gemini request failed, retrying", retry_in=round(delay, 2), error=str(error))
        return delay

    async def _ask_any_key(self, prompt: str, tried: set[str]) -> str:
        from google.genai import errors

        while True:  # each refusal takes a key out, so this ends with an answer or exhaustion
            slot = await self.pool.acquire(avoid=tried)
            tried.add(slot.key_hash)
            self.metrics.gemini_requests.labels(slot.key_hash).inc()
            try:
                response = await self._client(slot).models.generate_content(
                    model=self.settings.model, contents=prompt, config=self._config
                )
            except errors.APIError as error:
                await self._refused(slot, error)
                continue
            except (aiohttp.ClientError, TimeoutError) as error:
                self.metrics.gemini_errors.labels("network").inc()
                raise _Transient(f"Gemini unreachable: {type(error).__name__}") from None
            return response.text or ""

    async def _refused(self, slot: Slot, error: errors.APIError) -> None:
        """Deal with an error answer: returns when another key should be tried now."""
        code = error.code or 0
        self.metrics.gemini_errors.labels("5xx" if code >= 500 else str(code)).inc()
        if code == 429:
            await self.pool.rate_limited(slot.key_hash, _retry_delay(error))
        elif code in (401, 403) or (code == 400 and _reason(error) == INVALID_KEY_REASON):
            await self.pool.invalid(slot.key_hash, f"{code} {error.status}")
        elif code >= 500:
            raise _Transient(f"Gemini answered {code} {error.status}") from None
        else:
            raise RecommendationFailed(
                f"Gemini refused the request: {code} {error.status}: {error.message}"
            ) from None

    def _client(self, slot: Slot) -> genai.client.AsyncClient:
        """One client per key, made on first use (each holds its own connection pool)."""
        client = self._clients.get(slot.key_hash)
        if client is None:
            from google import genai
            from google.genai import types

            base_url = self.settings.base_url
            # One TLS context for every client: left to itself, each client builds three,
            # a quarter of a second on the event loop, holding up every request in flight.
            options = types.HttpOptions(
                base_url=str(base_url) if base_url is not None else None,
                timeout=REQUEST_TIMEOUT_MS,
                retry_options=types.HttpRetryOptions(attempts=1),
                client_args={"verify": self._tls},
                async_client_args={"verify": self._tls, "ssl": self._tls},
                aiohttp_client=self._session(),
            )
            client = genai.Client(api_key=slot.api_key.get_secret_value(), http_options=options).aio
            self._clients[slot.key_hash] = client
        return client

    def _session(self) -> aiohttp.ClientSession:
        """The one aiohttp session every key's client sends through (the key travels in a
        header, so they can share its connections).

        Ours rather than the SDK's: the SDK's trusts the environment, which in aiohttp costs
        two trips to a worker thread on every request (the proxy variables, ~/.netrc); with
        many requests in flight those hops queue behind the event loop and the GIL, and each
        answer waits longer to become the next request. The proxy is read from the
        environment once instead; ~/.netrc is not read (the key authenticates, not a login)."""
        if self._http is None or self._http.closed:
            base_url = self.settings.base_url
            url = URL(str(base_url) if base_url is not None else DEFAULT_BASE_URL)
            proxy, proxy_auth = None, None
            with contextlib.suppress(LookupError):  # none set, or NO_PROXY names the host
                proxy, proxy_auth = get_env_proxy_for_url(url)
            self._http = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0),  # `concurrency` is the limit
                proxy=proxy,
                proxy_auth=proxy_auth,
                read_bufsize=READ_BUFSIZE,
            )
        return self._http


def _load_sdk() -> tuple[types.GenerateContentConfig, ssl.SSLContext]:
    """google-genai takes a second to import, a tenth of the process's start-up (bench/
    results.md): it is imported when advice is first needed, in a worker thread so the event
    loop keeps serving meanwhile. Until then only type annotations name it. The TLS context
    is the one the SDK would build for aiohttp (certifi's roots unless SSL_CERT_FILE/_DIR).

    The import leaves a great many objects that live as long as the process: the first
    time, they are frozen out of the garbage collector as the start-up's are
    (lunchbot.app.settle_heap). Left in, they bring a full collection into the batch that
    follows, with every request in flight held up, and every later one walks them again;
    here the batch is waiting for the SDK anyway."""
    first = "google.genai" not in sys.modules
    collecting = first and gc.isenabled()
    if collecting:
        gc.disable()  # one collection after the import, not one in its middle as well
    try:
        importlib.import_module("google.genai")
    finally:
        if collecting:
            gc.enable()
    if first:
        gc.collect()
        gc.freeze()
    import certifi  # google-genai's own dependency, for its default roots

    tls = ssl.create_default_context(
        cafile=os.environ.get("SSL_CERT_FILE", certifi.where()),
        capath=os.environ.get("SSL_CERT_DIR"),
    )
    return generation_config(), tls


def _worth_waiting(error: BaseException) -> bool:
    if isinstance(error, KeyPoolExhausted):
        return error.retry_after is not None and error.retry_after <= MAX_COOLDOWN_WAIT
    return isinstance(error, _Transient)


def _details(error: errors.APIError, type_suffix: str) -> dict[str, Any]:
    """A google.rpc detail of the error body, found by its `@type` (never by position)."""
    body = error.details if isinstance(error.details, dict) else {}
    for detail in body.get("error", {}).get("details", []) or []:
        if isinstance(detail, dict) and str(detail.get("@type", "")).endswith(type_suffix):
            return detail
    return {}


def _reason(error: errors.APIError) -> str | None:
    return _details(error, "ErrorInfo").get("reason")


def _retry_delay(error: errors.APIError) -> float | None:
    """RetryInfo's `retryDelay` ("30s", "1.5s") in seconds, if Gemini said."""
    raw = str(_details(error, "RetryInfo").get("retryDelay", ""))
    try:
        return float(raw.removesuffix("s"))
    except ValueError:
        return None
