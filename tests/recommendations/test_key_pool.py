"""The key pool: limits that hold across processes, rotation, and keys that never leak."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from redis.asyncio import Redis

from sandbox.gemini import GeminiServer
from services.recommendations.key_pool import KeyPoolExhausted, key_hash
from services.stats import OrderStats

KEYS = ["key-alpha-0001", "key-bravo-0002", "key-charlie-03"]
STATS = OrderStats(tgid=9201, orders=7, category_counts={"soup": 4, "main": 3}, unique_dishes=5)


async def test_no_key_serves_more_than_its_limit_with_two_processes(
    make_advisor, gemini: GeminiServer, redis: Redis
) -> None:
    gemini.latency = 0.05  # so that the requests really overlap
    first, second = make_advisor(KEYS, limit=5), make_advisor(KEYS, limit=5)

    results = await asyncio.gather(
        *(advisor.advise(STATS) for advisor in [first, second] * 20), return_exceptions=True
    )

    outcomes = Counter(type(r).__name__ for r in results)
    assert outcomes == {"Advice": 15, "KeyPoolExhausted": 25}
    assert {key: len(gemini.calls_for_key(key)) for key in KEYS} == dict.fromkeys(KEYS, 5)
    for key in KEYS:
        assert await redis.get(f"gemini:usage:key:{key_hash(key)}") == "5"
        assert 24 * 3600 - 60 < await redis.ttl(f"gemini:usage:key:{key_hash(key)}") <= 24 * 3600
    # Used in order; each move is logged once, whichever process made it.
    log = await redis.lrange("gemini:rotation_log", 0, -1)
    a, b, c = (key_hash(k) for k in KEYS)
    assert [line.split(" ", 1)[1] for line in log] == [f"{b}->{c} limit", f"{a}->{b} limit"]
    assert await redis.get("gemini:current_key") == c
    exhausted = next(r for r in results if isinstance(r, KeyPoolExhausted))
    assert str(exhausted) == "every Gemini key is unusable (3 keys: 3 used up)"
    assert exhausted.retry_after is None


async def test_keys_never_reach_redis(make_advisor, gemini: GeminiServer, redis: Redis) -> None:
    advisor = make_advisor(KEYS, limit=2)
    slot = await advisor.pool.acquire()
    for _ in range(5):
        await advisor.advise(STATS)
    with pytest.raises(KeyPoolExhausted) as info:
        await advisor.advise(STATS)

    stored = []
    for name in await redis.keys("gemini:*"):
        kind = await redis.type(name)
        if kind == "string":
            stored.append(await redis.get(name))
        elif kind == "list":
            stored.extend(await redis.lrange(name, 0, -1))
        stored.append(name)
    text = "\n".join(stored) + str(info.value) + repr(slot)
    assert not any(key in text for key in KEYS)


async def test_no_keys_means_exhausted_at_once(make_advisor, gemini: GeminiServer) -> None:
    advisor = make_advisor([])
    assert not advisor.enabled
    with pytest.raises(KeyPoolExhausted, match="no Gemini API keys"):
        await advisor.advise(STATS)
    assert gemini.calls == []
