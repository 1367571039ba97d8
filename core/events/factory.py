"""The bus a configuration asks for, without the rest of the application: `lunchbot run`'s
container and the CLI's `dlq list` (which reads a DLQ and must not pay for aiogram) both make
theirs here."""

from __future__ import annotations

from redis.asyncio import Redis

from core.config import Settings
from core.events import EventBus, Topics
from core.metrics import Metrics


def create_bus(settings: Settings, topics: Topics, metrics: Metrics, redis: Redis) -> EventBus:
    """Kafka with `KAFKA_BROKER_URL` set; otherwise the in-process bus (one process only)."""
    kafka = settings.kafka
    if kafka.enabled:
        from core.events.kafka import KafkaEventBus

        return KafkaEventBus(
            topics,
            metrics,
            kafka.broker_url,
            partitions=kafka.partitions,
            replication_factor=kafka.replication_factor,
            enable_idempotence=kafka.enable_idempotence,
            session_timeout_ms=kafka.session_timeout_ms,
        )
    from core.events.memory import InProcessEventBus

    return InProcessEventBus(topics, metrics, redis)
