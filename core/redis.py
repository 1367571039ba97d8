"""One Redis client per process, shared by the FSM storage, caches, locks and limiters."""

from __future__ import annotations

from redis.asyncio import Redis


def create_redis(url: str) -> Redis:
    # Short timeouts: a dead Redis must fail a request (and /readyz) quickly, not hang it.
    return Redis.from_url(
        url,
        decode_responses=True,
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=30,
    )
