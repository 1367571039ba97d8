"""What a Gemini error answer does to the request and to the key, through the real SDK."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from pydantic import BaseModel
from redis.asyncio import Redis

from sandbox.gemini import (
    BadJSON,
    ErrorFault,
    GeminiServer,
    InvalidKey,
    PermissionDenied,
    RateLimited,
    ServerError,
    Unauthenticated,
    default_responder,
)
from services.recommendations.advisor import RecommendationFailed
from services.recommendations.key_pool import KeyPoolExhausted, key_hash
from services.recommendations.prompt import Advice, build_prompt
from services.stats import OrderStats
from tests.conftest import free_port
from tests.support.processes import PROCESS_TIMEOUT

A, B, C = "key-alpha-0001", "key-bravo-0002", "key-charlie-03"
STATS = OrderStats(
    tgid=9201,
    orders=7,
    category_counts={"soup": 4, "main": 3},
    unique_dishes=5,
    dishes_available=9,
    untried=("Том ям", "Цезарь"),
)
# What the double answers to this prompt when nothing goes wrong.
EXPECTED = Advice.model_validate(
    default_responder({"contents": [{"parts": [{"text": build_prompt(STATS)}]}]})
)


def metric(advisor, name: str, **labels: str) -> float:
    return advisor.metrics.registry.get_sample_value(name, labels) or 0.0


async def test_the_prompt_and_structured_output(make_advisor, gemini: GeminiServer) -> None:
    advisor = make_advisor([A], model="gemini-test-model")
    assert await advisor.advise(STATS) == EXPECTED
    (call,) = gemini.calls
    assert call.model == "gemini-test-model"
    prompt = call.body["contents"][0]["parts"][0]["text"]
    assert "Статистика за 30 дней:" in prompt
    assert "- Всего заказов: 7" in prompt
    assert "- Распределение по категориям: супы — 57.1% (4), основные блюда — 42.9% (3)" in prompt
    assert "- Уникальных блюд: 5 из 9" in prompt
    assert "- Ещё не попробованные блюда из меню: Том ям, Цезарь" in prompt
    assert "английском" not in prompt
    config = call.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert set(config["responseSchema"]["required"]) == {"summary", "tips"}
    assert metric(advisor, "lunchbot_gemini_requests_total", key=key_hash(A)) == 1


async def test_every_request_carries_the_same_schema(make_advisor, gemini: GeminiServer) -> None:
    """The schema is made once (the SDK asks for it on every request and edits what it gets):
    the second request sends exactly what the first did, and what pydantic itself makes."""
    advisor = make_advisor([A])
    assert await advisor.advise(STATS) == EXPECTED
    assert await advisor.advise(STATS) == EXPECTED
    first, second = (call.body["generationConfig"] for call in gemini.calls)
    assert first == second
    assert Advice.model_json_schema() == BaseModel.model_json_schema.__func__(Advice)
    assert Advice.model_json_schema() is not Advice.model_json_schema()


async def test_429_moves_to_the_next_key_and_rests_the_first(
    make_advisor, gemini: GeminiServer, redis: Redis
) -> None:
    advisor = make_advisor([A, B])
    gemini.inject(RateLimited("17s"), key=A)

    assert await advisor.advise(STATS) == EXPECTED
    assert await advisor.advise(STATS) == EXPECTED

    assert [(c.api_key, c.status) for c in gemini.calls] == [(A, 429), (B, 200), (B, 200)]
    # The 17 s cooldown, read back a moment (seconds, on a loaded machine) after it was set.
    assert 10_000 < await redis.pttl(f"gemini:cooldown:key:{key_hash(A)}") <= 17_000
    assert await redis.get("gemini:current_key") == key_hash(B)
    (entry,) = await redis.lrange("gemini:rotation_log", 0, -1)
    assert entry.endswith(f"{key_hash(A)}->{key_hash(B)} rate_limited")
    assert metric(advisor, "lunchbot_gemini_errors_total", code="429") == 1
    assert metric(advisor, "lunchbot_gemini_rotations_total", reason="rate_limited") == 1


async def test_every_key_cooling_down_briefly_is_waited_for(
    make_advisor, gemini: GeminiServer
) -> None:
    advisor = make_advisor([A, B])
    gemini.inject(RateLimited("1s"), key=A)
    gemini.inject(RateLimited("1s"), key=B)

    started = time.monotonic()
    assert await advisor.advise(STATS) == EXPECTED
    assert time.monotonic() - started >= 0.9
    assert [c.status for c in gemini.calls] == [429, 429, 200]


async def test_a_long_rate_limit_on_every_key_is_exhaustion(
    make_advisor, gemini: GeminiServer
) -> None:
    advisor = make_advisor([A, B])
    gemini.inject(RateLimited("3600s"), times=None)
    with pytest.raises(KeyPoolExhausted, match=r"2 rate-limited") as info:
        await advisor.advise(STATS)
    assert info.value.retry_after is not None
    assert info.value.retry_after > 3500
    assert len(gemini.calls) == 2


@pytest.mark.parametrize(
    ("fault", "code"),
    [(InvalidKey(), "400"), (Unauthenticated(), "401"), (PermissionDenied(), "403")],
    ids=["400-API_KEY_INVALID", "401", "403"],
)
async def test_a_refused_key_is_marked_invalid_and_never_used_again(
    make_advisor, gemini: GeminiServer, redis: Redis, fault, code: str
) -> None:
    advisor = make_advisor([A, B])
    gemini.inject(fault, key=A, times=None)

    for _ in range(3):
        assert await advisor.advise(STATS) == EXPECTED
    again = make_advisor([A, B])  # another process knows too
    assert await again.advise(STATS) == EXPECTED

    assert len(gemini.calls_for_key(A)) == 1
    assert len(gemini.calls_for_key(B)) == 4
    assert await redis.smembers("gemini:invalid_keys") == {key_hash(A)}
    assert metric(advisor, "lunchbot_gemini_errors_total", code=code) == 1
    assert metric(advisor, "lunchbot_gemini_rotations_total", reason="invalid") == 1


async def test_every_key_invalid_is_exhaustion(make_advisor, gemini: GeminiServer) -> None:
    gemini.valid_keys = {"some-other-key"}
    advisor = make_advisor([A, B])
    with pytest.raises(KeyPoolExhausted, match=r"\(2 keys: 2 invalid\)"):
        await advisor.advise(STATS)
    assert len(gemini.calls) == 2


@pytest.mark.parametrize("keys", [[A], [A, B, C]], ids=["one-key", "three-keys"])
async def test_server_errors_are_retried_with_backoff(
    make_advisor, gemini: GeminiServer, keys: list[str]
) -> None:
    advisor = make_advisor(keys, backoff=0.2)
    gemini.inject(ServerError(500), times=2)

    assert await advisor.advise(STATS) == EXPECTED

    first, second, third = gemini.calls
    assert [c.status for c in gemini.calls] == [500, 500, 200]
    assert second.at - first.at >= 0.2
    assert third.at - second.at >= 0.4
    # One attempt per key while there are untried keys; the only key otherwise.
    assert [c.api_key for c in gemini.calls] == (keys if len(keys) == 3 else keys * 3)
    assert metric(advisor, "lunchbot_gemini_errors_total", code="5xx") == 2


async def test_server_errors_past_the_attempts_fail_the_request(
    make_advisor, gemini: GeminiServer
) -> None:
    advisor = make_advisor([A, B])
    gemini.inject(ServerError(503), times=None)
    with pytest.raises(RecommendationFailed, match="503 UNAVAILABLE"):
        await advisor.advise(STATS)
    assert len(gemini.calls) == 3


async def test_an_unreachable_gemini_is_retried_then_fails(make_advisor) -> None:
    advisor = make_advisor([A], base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(RecommendationFailed, match="Gemini unreachable"):
        await advisor.advise(STATS)
    assert metric(advisor, "lunchbot_gemini_errors_total", code="network") == 3


async def test_another_client_error_is_not_retried(make_advisor, gemini: GeminiServer) -> None:
    advisor = make_advisor([A, B])
    gemini.inject(ErrorFault(400, "INVALID_ARGUMENT", "Unknown name 'foo'"))
    with pytest.raises(RecommendationFailed, match="Unknown name 'foo'"):
        await advisor.advise(STATS)
    assert len(gemini.calls) == 1


@pytest.mark.parametrize(
    "answer",
    [
        BadJSON(),
        {"summary": "ok", "tips": ["only one"]},
        {"summary": " ", "tips": ["a", "b"]},
        {"summary": "ok", "tips": ["a", "b", "c", "d"]},
        {"summary": "ok", "tips": ["a", ""]},
    ],
    ids=["not-json", "one-tip", "blank-summary", "four-tips", "empty-tip"],
)
async def test_an_invalid_answer_is_asked_for_once_more(
    make_advisor, gemini: GeminiServer, answer
) -> None:
    advisor = make_advisor([A])
    if isinstance(answer, BadJSON):
        gemini.inject(answer)
    else:
        gemini.responder = lambda body: answer if len(gemini.calls) == 0 else EXPECTED.model_dump()

    assert await advisor.advise(STATS) == EXPECTED
    assert len(gemini.calls) == 2
    assert metric(advisor, "lunchbot_gemini_errors_total", code="invalid_answer") == 1


async def test_two_invalid_answers_fail_the_request(make_advisor, gemini: GeminiServer) -> None:
    advisor = make_advisor([A])
    gemini.inject(BadJSON(), times=None)
    with pytest.raises(RecommendationFailed, match="no valid advice in 2 answers"):
        await advisor.advise(STATS)
    assert len(gemini.calls) == 2


async def test_english_readers_are_answered_in_english(make_advisor, gemini) -> None:
    advisor = make_advisor([A])
    await advisor.advise(OrderStats(tgid=9202, language="en", orders=5))
    prompt = gemini.calls[0].body["contents"][0]["parts"][0]["text"]
    assert prompt.rstrip().endswith("Ответь на английском языке.")
    assert "не попробованные" not in prompt  # nothing untried to suggest


def test_the_sdk_is_not_imported_at_start_up() -> None:
    """google-genai is a tenth of the start-up time; the process loads it for the first advice."""
    code = "import sys, lunchbot.app; print('google.genai' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=PROCESS_TIMEOUT,
    )
    assert out.stdout.strip() == "False"
