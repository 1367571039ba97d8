"""The Gemini double, exercised through the real google-genai async client."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

import aiohttp
import pydantic
import pytest
from google import genai
from google.genai import errors, types

from sandbox.gemini import (
    BadJSON,
    GeminiServer,
    InvalidKey,
    Latency,
    PermissionDenied,
    RateLimited,
    ServerError,
    Unauthenticated,
)

MODEL = "gemini-2.5-flash"
PROMPT = (
    "Проанализируй питание сотрудника за месяц.\n"
    "Всего заказов: 12\n"
    "Блюда, которые стоит попробовать:\n"
    "- Суп том ям\n"
    "- Боул с киноа\n"
)


class Advice(pydantic.BaseModel):
    summary: str
    tips: list[str]


JSON_CONFIG = types.GenerateContentConfig(
    response_mime_type="application/json", response_schema=Advice
)


@pytest.fixture
async def gemini() -> AsyncIterator[GeminiServer]:
    async with GeminiServer() as server:
        yield server


@pytest.fixture
async def make_client(
    gemini: GeminiServer,
) -> AsyncIterator[Callable[..., genai.client.AsyncClient]]:
    clients: list[genai.client.AsyncClient] = []

    def make(key: str = "key-1", **http: object) -> genai.client.AsyncClient:
        options = types.HttpOptions(
            base_url=gemini.url,
            # One attempt = one HTTP request per call; the app owns its retry policy.
            retry_options=types.HttpRetryOptions(attempts=1),
            **http,
        )
        clients.append(genai.Client(api_key=key, http_options=options).aio)
        return clients[-1]

    yield make
    for client in clients:
        await client.aclose()


async def ask(client: genai.client.AsyncClient, model: str = MODEL, prompt: str = PROMPT):
    return await client.models.generate_content(model=model, contents=prompt, config=JSON_CONFIG)


def detail(err: errors.APIError, type_suffix: str) -> dict:
    """``err.details`` is the whole ``{"error": {...}}`` body; the google.rpc details are in
    ``err.details["error"]["details"]`` — find them by ``@type``, never by index."""
    return next(
        d for d in err.details["error"].get("details", []) if d["@type"].endswith(type_suffix)
    )


async def test_structured_success_and_recording(gemini, make_client):
    client = make_client("key-1")
    response = await ask(client)

    assert isinstance(response.parsed, Advice)
    assert Advice.model_validate_json(response.text) == response.parsed
    assert "12 заказов" in response.parsed.summary
    assert any("Суп том ям" in tip for tip in response.parsed.tips)
    assert len(response.parsed.tips) == 3
    assert response.usage_metadata.total_token_count > 0
    assert response.candidates[0].finish_reason == types.FinishReason.STOP

    (call,) = gemini.calls
    assert (call.api_key, call.model, call.version, call.status) == ("key-1", MODEL, "v1", 200)
    assert call.body["contents"][0]["parts"][0]["text"] == PROMPT
    assert call.body["generationConfig"]["responseMimeType"] == "application/json"


async def test_models_prefix_hits_same_route(gemini, make_client):
    await ask(make_client(), model=f"models/{MODEL}")
    assert gemini.calls[0].model == MODEL


async def test_custom_responder(gemini, make_client):
    gemini.responder = lambda body: {"summary": "ok", "tips": []}
    assert (await ask(make_client())).parsed == Advice(summary="ok", tips=[])


@pytest.mark.parametrize(
    ("fault", "error_cls", "code", "status"),
    [
        (RateLimited(), errors.ClientError, 429, "RESOURCE_EXHAUSTED"),
        (InvalidKey(), errors.ClientError, 400, "INVALID_ARGUMENT"),
        (Unauthenticated(), errors.ClientError, 401, "UNAUTHENTICATED"),
        (PermissionDenied(), errors.ClientError, 403, "PERMISSION_DENIED"),
        (ServerError(), errors.ServerError, 500, "INTERNAL"),
        (ServerError(503), errors.ServerError, 503, "UNAVAILABLE"),
    ],
    ids=repr,
)
async def test_error_faults(gemini, make_client, fault, error_cls, code, status):
    gemini.inject(fault)
    with pytest.raises(error_cls) as info:
        await ask(make_client())
    assert (info.value.code, info.value.status) == (code, status)
    assert info.value.message == fault.message
    assert [c.status for c in gemini.calls] == [code]  # retries off: exactly one request


async def test_rate_limit_retry_delay(gemini, make_client):
    gemini.inject(RateLimited("17s"))
    with pytest.raises(errors.ClientError) as info:
        await ask(make_client())
    assert detail(info.value, "RetryInfo")["retryDelay"] == "17s"


async def test_invalid_key_reason_and_valid_keys(gemini, make_client):
    gemini.valid_keys = {"good"}
    with pytest.raises(errors.ClientError) as info:
        await ask(make_client("bad"))
    assert info.value.code == 400
    assert detail(info.value, "ErrorInfo")["reason"] == "API_KEY_INVALID"
    assert (await ask(make_client("good"))).parsed is not None


async def test_per_key_injection_and_times(gemini, make_client):
    a, b = make_client("a"), make_client("b")
    gemini.inject(ServerError(503), key="a", times=2)

    assert (await ask(b)).parsed is not None
    for _ in range(2):
        with pytest.raises(errors.ServerError):
            await ask(a)
    assert (await ask(a)).parsed is not None  # times=2 used up

    assert [c.status for c in gemini.calls_for_key("a")] == [503, 503, 200]
    assert [c.status for c in gemini.calls_for_key("b")] == [200]


async def test_forever_injection_and_reset(gemini, make_client):
    client = make_client()
    gemini.inject(RateLimited(), times=None)
    for _ in range(3):
        with pytest.raises(errors.ClientError):
            await ask(client)
    gemini.reset()
    assert gemini.calls == []
    assert (await ask(client)).parsed is not None


async def test_latency_fault_and_client_timeout(gemini, make_client):
    gemini.inject(Latency(0.3))
    started = time.monotonic()
    assert (await ask(make_client())).parsed is not None
    assert time.monotonic() - started >= 0.3

    # HttpOptions.timeout is in milliseconds; expiry surfaces as a plain TimeoutError.
    gemini.inject(Latency(2))
    with pytest.raises(TimeoutError):
        await ask(make_client(timeout=200))


async def test_global_latency(gemini, make_client):
    gemini.latency = 0.2
    started = time.monotonic()
    await ask(make_client())
    assert time.monotonic() - started >= 0.2


async def test_bad_json(gemini, make_client):
    gemini.inject(BadJSON())
    response = await ask(make_client())
    assert response.text == "not json at all"
    assert response.parsed is None  # the SDK swallows the parse error: check for None


async def test_key_in_query_and_unknown_route(gemini):
    async with aiohttp.ClientSession(gemini.url) as http:
        body = {"contents": [{"role": "user", "parts": [{"text": "Всего заказов: 1"}]}]}
        async with http.post(f"/v1beta/models/{MODEL}:generateContent?key=q", json=body) as r:
            assert r.status == 200
            text = (await r.json())["candidates"][0]["content"]["parts"][0]["text"]
            assert "1 заказ." in text
        async with http.get("/v1/models") as r:
            assert (r.status, (await r.json())["error"]["status"]) == (404, "NOT_FOUND")
    assert (gemini.calls[0].api_key, gemini.calls[0].version) == ("q", "v1beta")
