"""The last resort: an update whose handler raised is logged with its id, never lost silently."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import ErrorEvent

from core.logging import get_logger
from core.metrics import Metrics

log = get_logger(__name__)


async def log_error(event: ErrorEvent, metrics: Metrics) -> bool:
    metrics.update_errors.inc()
    log.error(
        "update handler failed",
        update_id=event.update.update_id,
        update_type=event.update.event_type,
        exc_info=event.exception,
    )
    return True


def create_router() -> Router:
    router = Router(name="errors")
    router.error.register(log_error)
    return router
