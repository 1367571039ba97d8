"""Prometheus metrics of the whole process, served at GET /metrics.

One registry for the app (not the global default) so that several apps in one test process
do not collide; every feature declares its metrics here, so the list is in one place.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.update_errors = Counter(
            "lunchbot_telegram_update_errors_total", "Updates whose handler raised", registry=r
        )
        self.http_requests = Histogram(
            "lunchbot_http_request_seconds",
            "HTTP requests served",
            ["route", "status"],
            registry=r,
        )
        self.events_published = Counter(
            "lunchbot_events_published_total", "Events published", ["topic"], registry=r
        )
        self.events_consumed = Counter(
            "lunchbot_events_consumed_total",
            "Events consumed, by outcome",
            ["topic", "outcome"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "lunchbot_consumer_lag",
            "Messages behind the end of the partition",
            ["topic"],
            registry=r,
        )
        self.consumer_restarts = Counter(
            "lunchbot_consumer_restarts_total",
            "Event consumer tasks started again after they died",
            ["task"],
            registry=r,
        )
        self.orders = Counter(
            "lunchbot_orders_total",
            "Orders written through the Mini App API (placed, changed, cancelled)",
            ["action"],
            registry=r,
        )
        self.notifications = Counter(
            "lunchbot_notifications_total",
            "Deadline notifications, by outcome (sent, skipped, failed)",
            ["outcome"],
            registry=r,
        )
        self.reminders = Counter(
            "lunchbot_reminders_total",
            "Reminders before the deadline, by outcome",
            ["outcome"],
            registry=r,
        )
        self.confirmations = Counter(
            "lunchbot_order_confirmations_total",
            "Order confirmations in private chats, by what happened",
            ["action"],
            registry=r,
        )
        self.send_latency = Histogram(
            "lunchbot_telegram_send_seconds", "Telegram sendMessage latency", registry=r
        )
        self.gemini_requests = Counter(
            "lunchbot_gemini_requests_total", "Gemini requests per key", ["key"], registry=r
        )
        self.gemini_errors = Counter(
            "lunchbot_gemini_errors_total", "Gemini errors by HTTP code", ["code"], registry=r
        )
        self.gemini_rotations = Counter(
            "lunchbot_gemini_rotations_total", "Key pool rotations", ["reason"], registry=r
        )
        self.link_requests = Counter(
            "lunchbot_link_requests_total",
            "Cafe link requests, by outcome (created, already_pending, already_linked, "
            "invalid_payload)",
            ["outcome"],
            registry=r,
        )
        self.link_decisions = Counter(
            "lunchbot_link_decisions_total",
            "Link request decisions (approved, rejected; lost = someone decided first)",
            ["decision"],
            registry=r,
        )
        self.recommendations = Counter(
            "lunchbot_recommendations_total",
            "Batch results per person (generated, failed, skipped)",
            ["outcome"],
            registry=r,
        )
        self.recommendation_cache = Counter(
            "lunchbot_recommendation_cache_total", "Recommendation reads", ["result"], registry=r
        )

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
