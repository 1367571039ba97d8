"""The pool of Gemini API keys, its state shared by every process through Redis.

Redis keys:

- `gemini:current_key` — the hash of the key in use now; it moves on (a rotation) only when
  that key is used up, rate-limited or invalid;
- `gemini:usage:key:{key_hash}` — requests a key served; expires 24 h after its first one;
- `gemini:rotation_log` — the latest rotations, newest first ("<when> <from>-><to> <why>");
- `gemini:invalid_keys` — hashes of keys Gemini refused (never used again; after fixing a
  key in GEMINI_API_KEYS it has a new hash, or `DEL gemini:invalid_keys` to forgive them all);
- `gemini:cooldown:key:{key_hash}` — present while a rate-limited key waits its `retryDelay`.

Taking a request slot is one Lua script, so a key never serves more than its limit in 24 h
however many callers in however many processes ask at once. Only the short hash of a key ever
reaches Redis, logs, metrics or errors.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from pydantic import SecretStr
from redis.asyncio import Redis

from core.clock import Clock, iso_utc
from core.logging import get_logger
from core.metrics import Metrics

log = get_logger(__name__)

CURRENT = "gemini:current_key"
USAGE = "gemini:usage:key:{key_hash}"
ROTATION_LOG = "gemini:rotation_log"
INVALID = "gemini:invalid_keys"
COOLDOWN = "gemini:cooldown:key:{key_hash}"

USAGE_TTL = 24 * 3600
ROTATION_LOG_MAX = 100
DEFAULT_COOLDOWN = 60.0  # seconds, when a 429 does not say how long to wait
MIN_COOLDOWN = 1.0  # a 429 always rests the key a little, or a request could spin on it

# KEYS: current, invalid set, rotation log, then usage[1..n], then cooldown[1..n].
# ARGV: limit, usage TTL, timestamp, rotation log size, hashes to avoid (space-separated),
#       then the n key hashes in pool order.
# Starting at the current key, take the first usable key this request has not tried yet; if
# every usable key was tried, retry one of them. Moving off a current key that is no longer
# usable is a rotation (logged); stepping around a usable current key only because this request
# already tried it is not. No current key yet (or one no longer configured): the chosen one
# becomes current without a rotation.
# Returns {hash, requests it served now, rotation reason or ""}, or nil when no key is usable.
_ACQUIRE = """
local n = #ARGV - 5
local limit = tonumber(ARGV[1])
local avoid = {}
for h in string.gmatch(ARGV[5], '%S+') do avoid[h] = true end
local current = redis.call('GET', KEYS[1])
local start, found = 1, false
for i = 1, n do
  if ARGV[5 + i] == current then start, found = i, true end
end

local function unusable(i)
  if redis.call('SISMEMBER', KEYS[2], ARGV[5 + i]) == 1 then return 'invalid' end
  if redis.call('EXISTS', KEYS[3 + n + i]) == 1 then return 'rate_limited' end
  if (tonumber(redis.call('GET', KEYS[3 + i])) or 0) >= limit then return 'limit' end
  return false
end

local chosen, fallback = nil, nil
for step = 0, n - 1 do
  local i = (start - 1 + step) % n + 1
  if not unusable(i) then
    if not avoid[ARGV[5 + i]] then chosen = i; break end
    fallback = fallback or i
  end
end
chosen = chosen or fallback
if not chosen then return nil end

local used = redis.call('INCR', KEYS[3 + chosen])
if used == 1 then redis.call('EXPIRE', KEYS[3 + chosen], ARGV[2]) end
local hash = ARGV[5 + chosen]
local reason = ''
if current ~= hash then
  local why = false
  if found then why = unusable(start) end
  if why or not found then redis.call('SET', KEYS[1], hash) end
  if why then
    reason = why
    redis.call('LPUSH', KEYS[3], ARGV[3] .. ' ' .. current .. '->' .. hash .. ' ' .. why)
    redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[4]) - 1)
  end
end
return {hash, used, reason}
"""


def key_hash(key: str) -> str:
    """The short, stable name of a key wherever the key itself must not appear."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class KeyPoolExhausted(Exception):
    """Every key is used up for today, rate-limited or invalid. The message names no key.

    `retry_after`: seconds until the first rate-limited key may serve again, when some key
    is only cooling down (None when every key is used up or invalid). `tally`: how many keys
    are in each state."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        tally: dict[str, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.tally = tally or {}


@dataclass(frozen=True)
class Slot:
    """The right to send one request with one key."""

    key_hash: str
    api_key: SecretStr = field(repr=False)


@dataclass(frozen=True)
class KeyState:
    key_hash: str
    used: int
    state: str  # ok, limit (used up for now), rate_limited (cooling down) or invalid
    cooldown: float = 0.0  # seconds left to wait, when rate_limited


class KeyPool:
    def __init__(
        self,
        keys: list[SecretStr],
        redis: Redis,
        *,
        limit: int,
        metrics: Metrics,
        clock: Clock,
    ) -> None:
        by_hash: dict[str, SecretStr] = {}
        for key in keys:  # the same key listed twice is one key
            by_hash.setdefault(key_hash(key.get_secret_value()), key)
        self._keys = by_hash
        self.hashes = list(by_hash)
        self.redis = redis
        self.limit = limit
        self.metrics = metrics
        self.clock = clock
        self.taken: Counter[str] = Counter()  # slots this process took, by key hash
        self._acquire = redis.register_script(_ACQUIRE)

    def __len__(self) -> int:
        return len(self.hashes)

    async def acquire(self, *, avoid: AbstractSet[str] = frozenset()) -> Slot:
        """A slot on the current key, or on the next usable one; keys in `avoid` (already
        tried by this request) only when nothing else is left. KeyPoolExhausted when no key
        can serve."""
        if not self.hashes:
            raise KeyPoolExhausted("no Gemini API keys are configured")
        keys = [
            CURRENT,
            INVALID,
            ROTATION_LOG,
            *(USAGE.format(key_hash=h) for h in self.hashes),
            *(COOLDOWN.format(key_hash=h) for h in self.hashes),
        ]
        args = [
            self.limit,
            USAGE_TTL,
            iso_utc(self.clock.now()),
            ROTATION_LOG_MAX,
            " ".join(sorted(avoid)),
            *self.hashes,
        ]
        result = await self._acquire(keys=keys, args=args)
        if result is None:
            raise await self._exhausted()
        chosen, reason = str(result[0]), str(result[2])
        if reason:
            self.metrics.gemini_rotations.labels(reason).inc()
            log.info("gemini key rotated", key=chosen, reason=reason)
        self.taken[chosen] += 1
        return Slot(key_hash=chosen, api_key=self._keys[chosen])

    async def rate_limited(self, key_hash: str, retry_after: float | None) -> None:
        """Gemini answered 429: leave the key alone for `retry_after` seconds."""
        seconds = max(MIN_COOLDOWN, retry_after if retry_after is not None else DEFAULT_COOLDOWN)
        await self.redis.set(COOLDOWN.format(key_hash=key_hash), "1", px=int(seconds * 1000))
        log.warning("gemini key rate-limited", key=key_hash, retry_after=seconds)

    async def invalid(self, key_hash: str, reason: str) -> None:
        """Gemini refused the key itself: never use it again."""
        await self.redis.sadd(INVALID, key_hash)
        log.error("gemini key marked invalid", key=key_hash, reason=reason)

    async def states(self) -> list[KeyState]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for h in self.hashes:
                pipe.get(USAGE.format(key_hash=h))
                pipe.pttl(COOLDOWN.format(key_hash=h))
            pipe.smembers(INVALID)
            *pairs, invalid = await pipe.execute()
        states = []
        for i, h in enumerate(self.hashes):
            used, cooldown_ms = int(pairs[2 * i] or 0), int(pairs[2 * i + 1])
            if h in invalid:
                state = KeyState(h, used, "invalid")
            elif used >= self.limit:
                state = KeyState(h, used, "limit")
            elif cooldown_ms > 0:
                state = KeyState(h, used, "rate_limited", cooldown_ms / 1000)
            else:
                state = KeyState(h, used, "ok")
            states.append(state)
        return states

    async def _exhausted(self) -> KeyPoolExhausted:
        states = await self.states()
        tally = Counter(s.state for s in states)
        parts = ", ".join(
            f"{tally[name]} {label}"
            for name, label in (
                ("limit", "used up"),
                ("rate_limited", "rate-limited"),
                ("invalid", "invalid"),
            )
            if tally[name]
        )
        cooling = [s.cooldown for s in states if s.state == "rate_limited"]
        keys = f"{len(states)} key" + ("s" if len(states) != 1 else "")
        return KeyPoolExhausted(
            f"every Gemini key is unusable ({keys}: {parts})",
            retry_after=min(cooling) if cooling else None,
            tally=dict(tally),
        )
