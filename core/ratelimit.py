"""Rate limits shared by every process, kept in Redis, with priorities.

A sliding-window log per limit (a sorted set of send times): "at most N in any window of W".
Several limits (say, the bot's global one and one chat's) are taken together, atomically, in
one Lua script, so two processes can never both take the last slot. Time comes from Redis
itself (`TIME`), so the processes' clocks do not need to agree.

Priorities: a burst of 500 reminders must never delay a cafe's order list. Two
rules, both inside the same script, so they hold across processes:

- while a more urgent caller waits for a slot (it leaves a mark in `demand:<level>` for as
  long as it waits), less urgent callers take none: the urgent one gets the next free slot;
- a limit may be given a lower `count` for a less urgent caller (the Sender leaves a third
  of the global rate to urgent messages), so an urgent message rarely has to wait at all.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from enum import IntEnum

from redis.asyncio import Redis


class Priority(IntEnum):
    """Lower is more urgent."""

    URGENT = 0  # cafe order lists, alerts to managers: what people wait for
    NORMAL = 1  # answers to something a person just did (an order confirmation)
    BULK = 2  # fan-outs nobody is waiting on (reminders)


# How long a less urgent caller sleeps while a more urgent one waits (ms).
YIELD_MS = 50

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local token = ARGV[1]
local level = tonumber(ARGV[2])
local nlimits = tonumber(ARGV[3])
-- KEYS[1..nlimits] are the limits; then one demand key per level, most urgent first.
for u = 0, level - 1 do
  local demand = KEYS[nlimits + 1 + u]
  redis.call('ZREMRANGEBYSCORE', demand, '-inf', now)
  if redis.call('ZCARD', demand) > 0 then return tonumber(ARGV[4]) end
end
local wait = 0
for i = 1, nlimits do
  local key = KEYS[i]
  local limit = tonumber(ARGV[3 + 2 * i])
  local window = tonumber(ARGV[4 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local used = redis.call('ZCARD', key)
  if used >= limit then
    -- the slot that frees this limit: the (used - limit + 1)-th oldest
    local oldest = redis.call('ZRANGE', key, used - limit, used - limit, 'WITHSCORES')
    local until_free = tonumber(oldest[2]) + window - now
    if until_free < 1 then until_free = 1 end
    if until_free > wait then wait = until_free end
  end
end
local mine = KEYS[nlimits + 1 + level]
if wait > 0 then
  -- "I am waiting", until a little after I will next ask
  redis.call('ZADD', mine, now + wait + 1000, token)
  redis.call('PEXPIRE', mine, wait + 2000)
  return wait
end
redis.call('ZREM', mine, token)
for i = 1, nlimits do
  redis.call('ZADD', KEYS[i], now, token .. ':' .. now)
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[4 + 2 * i]))
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

    async def try_acquire(
        self, *limits: Limit, priority: Priority = Priority.URGENT, token: str | None = None
    ) -> float:
        """Take one slot of every limit, or none: returns 0, or the seconds to wait.
        `token` names the caller across its attempts (its "waiting" mark)."""
        args: list[object] = [token or secrets.token_hex(8), int(priority), len(limits), YIELD_MS]
        for limit in limits:
            args += [limit.count, int(limit.window * 1000)]
        keys = [self.prefix + limit.key for limit in limits]
        keys += [f"{self.prefix}demand:{level.value}" for level in Priority]
        wait_ms = await self._script(keys=keys, args=args)
        return int(wait_ms) / 1000

    async def acquire(self, *limits: Limit, priority: Priority = Priority.URGENT) -> None:
        """Wait until a slot of every limit is free (and no more urgent caller waits), and
        take it."""
        token = secrets.token_hex(8)
        # Polling is right here: the script says exactly how long until a slot frees up.
        while wait := await self.try_acquire(*limits, priority=priority, token=token):  # noqa: ASYNC110
            await asyncio.sleep(wait)
