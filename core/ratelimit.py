"""Rate limits shared by every process, kept in Redis.

A sliding-window log per limit (a sorted set of send times): "at most N in any window of W".
Several limits (say, the bot's global one and one chat's) are taken together, atomically, in
one Lua script, so two processes can never both take the last slot. Time comes from Redis
itself (`TIME`), so the processes' clocks do not need to agree.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from redis.asyncio import Redis

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local until_free = tonumber(oldest[2]) + window - now
    if until_free > wait then wait = until_free end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i + 1]))
end
return 0
"""


@dataclass(frozen=True)
class Limit:
    """At most `count` events in any `window` seconds, under the Redis key `key`."""

    key: str
    count: int
    window: float


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str = "lunchbot:ratelimit:") -> None:
        self.redis = redis
        self.prefix = prefix
        self._script = redis.register_script(_ACQUIRE)

    async def try_acquire(self, *limits: Limit) -> float:
        """Take one slot of every limit, or none: returns 0, or the seconds to wait."""
        args: list[object] = [secrets.token_hex(8)]
        for limit in limits:
            args += [limit.count, int(limit.window * 1000)]
        wait_ms = await self._script(keys=[self.prefix + limit.key for limit in limits], args=args)
        return int(wait_ms) / 1000

    async def acquire(self, *limits: Limit) -> None:
        """Wait until a slot of every limit is free, and take it."""
        # Polling is right here: the script says exactly how long until a slot frees up.
        while wait := await self.try_acquire(*limits):  # noqa: ASYNC110
            await asyncio.sleep(wait)
