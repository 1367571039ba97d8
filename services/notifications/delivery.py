"""The `deadline.passed` consumer: one aggregated message per cafe chat and date, once.

The whole life of a `DeadlineNotification` row after the outbox published it is here
(published → sending → sent, skipped or failed); the bot only renders and sends the list
(`services.ports.CafeLists`, implemented by `bot.notifications.delivery`).

Exactly once, as far as the cafe can see, although events arrive at least once (redelivered
after a crash or a rebalance, published twice by the outbox, replayed from the DLQ):

- The (cafe, date) row says what happened. `sent` or `skipped` → a repeated event does
  nothing. `failed` → a replayed event tries again.
- While it sends, a consumer holds a PostgreSQL advisory lock for the row, so two consumers
  racing on the same event (a rebalance) take turns: the second finds the row `sent`. The
  lock lives in a transaction on a connection of its own (a crash ends it, and frees the
  lock); everything the consumer writes goes through other connections and is committed at
  once, so a crash loses nothing it recorded.
- Each part's message id is saved as soon as Telegram accepts it: a consumer that takes over
  after a crash sends only the parts still missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise

from core.clock import Clock
from core.events import Event, PermanentEventError
from core.logging import get_logger
from core.metrics import Metrics
from db.models import Cafe, DeadlineNotification, NotificationStatus
from services.inputs import MAX_ID
from services.notifications.orders import CafeOrders, load_cafe_orders
from services.notifications.outbox import DELIVERED, EVENT_TYPE
from services.ordering import ordering_lock
from services.ports import CafeLists, SendFailed

log = get_logger(__name__)

# The advisory lock of a notification row: one bigint key, apart from the two-int keys of
# the ordering lock and from the migrations' lock.
_LOCK_BASE = 0x4C42_4E00_0000_0000  # "LBN…"

# Written out: every event reads its row twice, and the ORM's query building was a good part
# of a delivery's CPU time (bench/results.md, deadline pipeline).
_BY_KEY = "SELECT * FROM deadline_notifications WHERE cafe_id = $1 AND date = $2"
_BY_ID = "SELECT * FROM deadline_notifications WHERE id = $1"


class SkipReason:
    NOTIFICATIONS_OFF = "notifications_off"
    NOT_LINKED = "not_linked"
    CAFE_INACTIVE = "cafe_inactive"
    NO_ORDERS = "no_orders"


# Orders that were placed and reached no one: the managers must hear of them.
ORPHANED = (SkipReason.NOTIFICATIONS_OFF, SkipReason.NOT_LINKED)


def parse_event(event: Event) -> tuple[int, dt.date]:
    """The (cafe, date) of a `deadline.passed` event; PermanentEventError for anything else."""
    if event.get("type") != EVENT_TYPE:
        raise PermanentEventError(f"unexpected event type {event.get('type')!r}")
    cafe_id, day = event.get("cafe_id"), event.get("date")
    # Beyond the column's range the database would refuse the query on every retry.
    if not isinstance(cafe_id, int) or isinstance(cafe_id, bool) or not 0 < cafe_id <= MAX_ID:
        raise PermanentEventError(f"malformed event: cafe_id {_short(cafe_id)} is not an id")
    if not isinstance(day, str):
        raise PermanentEventError(f"malformed event: date {_short(day)} is not YYYY-MM-DD")
    try:
        return cafe_id, dt.date.fromisoformat(day)
    except ValueError:
        raise PermanentEventError(
            f"malformed event: date {_short(day)} is not YYYY-MM-DD"
        ) from None


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class DeadlineDeliveries:
    lists: CafeLists
    metrics: Metrics
    clock: Clock

    async def handle(self, event: Event) -> None:
        """The bus handler. Returns when the (cafe, date) is settled; raises
        PermanentEventError (→ DLQ) when it cannot be delivered, anything else to be retried."""
        cafe_id, day = parse_event(event)
        record = await self._record(cafe_id, day, event)
        if record.status in DELIVERED:
            log.info("deadline event repeated, nothing to do", cafe_id=cafe_id, date=str(day))
            return
        # A pool connection of its own, outside the ORM's transaction context: the ORM's
        # writes below must commit at once, not with the lock's transaction.
        async with Tortoise.get_connection("default").acquire_connection() as lock:  # noqa: SIM117
            async with lock.transaction():
                await lock.execute("SELECT pg_advisory_xact_lock($1)", _LOCK_BASE + record.id)
                # Read after the lock is ours (a statement of its own: its snapshot is taken
                # after the wait), on the lock's connection, which has written nothing.
                row = await lock.fetchrow(_BY_ID, record.id)
                if row is None:
                    raise PermanentEventError(f"deadline notification {record.id} was removed")
                record = DeadlineNotification._init_from_db(**dict(row))
                if record.status in DELIVERED:
                    return  # another consumer finished it while we waited
                await self._deliver(record)

    async def _record(self, cafe_id: int, day: dt.date, event: Event) -> DeadlineNotification:
        """The event's row, created when the event did not come from the outbox (a hand-made
        or replayed event for a row that was since removed)."""
        rows = await Tortoise.get_connection("default").execute_query_dict(_BY_KEY, [cafe_id, day])
        if rows:
            return DeadlineNotification._init_from_db(**rows[0])
        if not await Cafe.exists(id=cafe_id):
            raise PermanentEventError(f"unknown cafe {cafe_id}")
        try:
            deadline_at = dt.datetime.fromisoformat(str(event.get("timestamp")))
        except ValueError:
            deadline_at = self.clock.now()
        record, _ = await DeadlineNotification.get_or_create(
            cafe_id=cafe_id,
            date=day,
            defaults={"deadline_at": deadline_at, "status": NotificationStatus.PUBLISHED},
        )
        return record

    async def _deliver(self, record: DeadlineNotification) -> None:
        cafe_id, day = record.cafe_id, record.date  # type: ignore[attr-defined]
        # Waits for an order written just before the deadline to commit (see
        # services.ordering): what is read next is what the cafe must cook. A statement of
        # its own, outside a transaction, is one: the lock is taken and let go in one trip.
        await ordering_lock(Tortoise.get_connection("default"), cafe_id, day, exclusive=True)
        summary = await load_cafe_orders(cafe_id, day)
        if summary is None:
            raise PermanentEventError(f"unknown cafe {cafe_id}")
        cafe = summary.cafe
        reason = _skip_reason(summary)
        if reason is not None:
            await self._settle(
                record,
                status=NotificationStatus.SKIPPED,
                skip_reason=reason,
                orders_count=summary.count,
                total_amount=summary.total,
            )
            self.metrics.notifications.labels("skipped").inc()
            log.info("deadline notification skipped", cafe_id=cafe_id, date=str(day), reason=reason)
            if summary.count and reason in ORPHANED:
                # Settled first: a redelivered event finds the row skipped and alerts no more.
                await self.lists.skipped_with_orders(cafe, day, summary.count)
            return

        assert cafe.tg_chat_id is not None
        chat_id = cafe.tg_chat_id
        if record.message_ids and record.tg_chat_id is not None:
            chat_id = record.tg_chat_id  # resuming: the rest goes where the first parts went
        record.attempts += 1

        async def sent(chat_id: int, message_id: int) -> None:
            # Saved at once: a consumer that takes over after a crash sends only the rest.
            await self._settle(
                record,
                status=NotificationStatus.SENDING,
                message_ids=[*record.message_ids, message_id],
                tg_chat_id=chat_id,
            )

        try:
            await self.lists.send(summary, record, chat_id, sent)
        except SendFailed as failed:  # a chat gone: the sender unlinked it, managers were told
            await self._fail(record, failed.description)
        await self._settle(
            record,
            status=NotificationStatus.SENT,
            sent_at=self.clock.now(),
            orders_count=summary.count,
            total_amount=summary.total,
            last_error=None,
        )
        self.metrics.notifications.labels("sent").inc()
        self.lists.list_sent(cafe_id, day)

    async def _fail(self, record: DeadlineNotification, reason: str) -> None:
        await self._settle(record, status=NotificationStatus.FAILED, last_error=reason)
        self.metrics.notifications.labels("failed").inc()
        log.error(
            "deadline notification failed",
            cafe_id=record.cafe_id,  # type: ignore[attr-defined]
            date=record.date.isoformat(),
            reason=reason,
        )
        raise PermanentEventError(reason)

    @staticmethod
    async def _settle(record: DeadlineNotification, **changes: Any) -> None:
        """`record.save(update_fields=…)` of the changes, `attempts` and `updated_at`, written
        out (two of these per list sent); each value goes through its field's conversion."""
        for name, value in changes.items():
            setattr(record, name, value)
        meta = DeadlineNotification._meta
        names = [*changes, "attempts", "updated_at"]
        fields = meta.fields_map
        values = [fields[name].to_db_value(getattr(record, name), record) for name in names]
        columns = ", ".join(
            f"{meta.fields_db_projection[name]} = ${i}" for i, name in enumerate(names, 2)
        )
        await Tortoise.get_connection("default").execute_query(
            f"UPDATE {meta.db_table} SET {columns} WHERE id = $1",
            [record.id, *values],
        )


def _skip_reason(summary: CafeOrders) -> str | None:
    cafe = summary.cafe
    if not cafe.is_active:
        return SkipReason.CAFE_INACTIVE
    if not cafe.notifications_enabled:
        return SkipReason.NOTIFICATIONS_OFF
    if cafe.tg_chat_id is None:
        return SkipReason.NOT_LINKED
    if not summary.orders:
        return SkipReason.NO_ORDERS
    return None
