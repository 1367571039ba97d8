"""The recommendations people see: cached in Redis by the batch, read by the Mini App.

`recommendations:user:{tgid}` holds `{"summary", "tips", "stats", "generated_at"}` for 24 h.
A failed or skipped night never deletes an entry: people keep their last advice until it
expires.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.clock import Clock, iso_utc
from core.metrics import Metrics
from db.models import User
from services.errors import ForbiddenError, NotFoundError, UnavailableError
from services.permissions import Action
from services.recommendations.prompt import Advice
from services.stats import OrderStats, StatsService
from services.users import UserService, by_tgid

CACHE_KEY = "recommendations:user:{tgid}"
CACHE_TTL = 24 * 3600
# A person's statistics as the Mini App shows them, for one day and one `orders_version` (the
# database bumps it on any change to what they count: db/migrations, 5_…_hot_paths): a new
# day or any order change is another key, so a cached entry is never stale.
STATS_KEY = "recommendations:stats:{tgid}:{day}:{version}:{active}"
STATS_TTL = 26 * 3600


@dataclass
class RecommendationService:
    redis: Redis
    stats: StatsService
    users: UserService
    metrics: Metrics
    clock: Clock

    async def store(self, stats: OrderStats, advice: Advice) -> dict[str, Any]:
        entry = {
            "summary": advice.summary,
            "tips": advice.tips,
            "stats": stats.to_dict(),
            "generated_at": iso_utc(self.clock.now()),
        }
        await self.redis.set(
            CACHE_KEY.format(tgid=stats.tgid), json.dumps(entry, ensure_ascii=False), ex=CACHE_TTL
        )
        return entry

    async def fresh(self, tgids: list[int], within: timedelta) -> set[int]:
        """Who among `tgids` got advice less than `within` ago (a second run of the same
        night, or a redelivered trigger, leaves them alone)."""
        if not tgids:
            return set()
        since = self.clock.now() - within
        raw = await self.redis.mget([CACHE_KEY.format(tgid=tgid) for tgid in tgids])
        return {
            tgid
            for tgid, entry in zip(tgids, raw, strict=True)
            if (generated := _generated_at(entry)) is not None and generated >= since
        }

    async def view(self, viewer: User, tgid: int) -> dict[str, Any]:
        """What the Mini App shows: the user themself, or a manager or admin."""
        target: User | None = viewer
        if viewer.tgid != tgid:
            if not self.users.may(viewer, Action.OTHERS_RECOMMENDATIONS):
                raise ForbiddenError("Only the user themself or a manager may see these")
            target = await by_tgid(tgid)
            if target is None:
                raise NotFoundError(f"No user with tgid {tgid}")
        assert target is not None
        stats_key = STATS_KEY.format(
            tgid=tgid,
            day=self.stats.window()[1].isoformat(),
            version=target.orders_version,
            active=int(target.is_active),
        )
        try:  # the advice and the statistics in one round trip
            raw_entry, raw_stats = await self.redis.mget([CACHE_KEY.format(tgid=tgid), stats_key])
        except RedisError:
            raise UnavailableError(
                "Recommendations are unavailable right now; try again later"
            ) from None
        if raw_stats:
            stats = json.loads(raw_stats)
        else:
            stats = (await self.stats.for_user(tgid)).public()
            try:
                await self.redis.set(stats_key, json.dumps(stats), ex=STATS_TTL)
            except RedisError:
                raise UnavailableError(
                    "Recommendations are unavailable right now; try again later"
                ) from None
        entry = json.loads(raw_entry) if raw_entry else None
        self.metrics.recommendation_cache.labels("hit" if entry else "miss").inc()
        entry = entry or {}
        return {
            "summary": entry.get("summary"),
            "tips": entry.get("tips", []),
            "stats": stats,
            "generated_at": entry.get("generated_at"),
        }


def _generated_at(raw: str | None) -> datetime | None:
    """When a cache entry was made; None for none or one we cannot read (it gets replaced)."""
    if not raw:
        return None
    try:
        return datetime.fromisoformat(json.loads(raw)["generated_at"])
    except (ValueError, KeyError, TypeError):
        return None
