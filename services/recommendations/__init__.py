"""Personal nutrition advice from Gemini.

- `key_pool`: the API keys and their shared state in Redis (limits, rotation, invalid keys);
- `prompt`: the prompt and the answer's schema;
- `advisor`: one person's advice from Gemini, with the retry policy;
- `service`: the cache the Mini App reads;
- `batch`: everyone eligible, nightly, on an event or from the CLI.
"""

from __future__ import annotations

from redis.asyncio import Redis

from core.clock import Clock
from core.config import Settings
from core.events import EventBus
from core.metrics import Metrics
from services.recommendations.advisor import Advisor
from services.recommendations.batch import Alert, RecommendationBatch
from services.recommendations.key_pool import KeyPool
from services.recommendations.service import RecommendationService
from services.stats import StatsService
from services.users import UserService


def create_recommendations(
    settings: Settings,
    *,
    redis: Redis,
    bus: EventBus,
    users: UserService,
    stats: StatsService,
    metrics: Metrics,
    clock: Clock,
    alert: Alert,
) -> tuple[RecommendationService, RecommendationBatch]:
    gemini = settings.gemini
    pool = KeyPool(
        gemini.api_keys, redis, limit=gemini.max_requests_per_key, metrics=metrics, clock=clock
    )
    service = RecommendationService(redis, stats, users, metrics, clock)
    batch = RecommendationBatch(
        stats=stats,
        advisor=Advisor(gemini, pool, metrics),
        recommendations=service,
        bus=bus,
        redis=redis,
        metrics=metrics,
        clock=clock,
        alert=alert,
        concurrency=gemini.concurrency,
    )
    return service, batch
