""" "✅ Принято": a cafe confirms it got its list, and the managers hear when nobody did.

Both are decided by one conditional UPDATE on the (cafe, date) row, so they happen once
whatever the number of processes or of people pressing at the same moment:

- accepting sets `accepted_*` WHERE `accepted_at IS NULL`: the first press wins, a second
  one (or a simultaneous one) finds the row taken and changes nothing;
- the timeout alert sets `ack_alerted_at` WHERE it and `accepted_at` are still NULL: the one
  process whose update hit the row sends the alert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise import Tortoise

from core.clock import Clock
from db.models import DeadlineNotification, NotificationStatus
from services.errors import ConflictError, NotFoundError

# A list older than this is never alerted about: after an outage (or an upgrade) the managers
# would otherwise hear about yesterday's lunches.
ALERT_WINDOW = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Acceptance:
    record: DeadlineNotification  # with `cafe` fetched, after the press
    won: bool  # this press accepted it; False: someone had already


class AcceptanceService:
    def __init__(self, clock: Clock, timeout_minutes: int) -> None:
        self.clock = clock
        self.timeout = dt.timedelta(minutes=timeout_minutes)

    async def accept(
        self, notification_id: int, *, chat_id: int, message_id: int, tgid: int, name: str
    ) -> Acceptance:
        """The press of the button on `message_id` in `chat_id`. Only the button of the list's
        last part, in the chat it went to, counts (a list sent again replaces the old one)."""
        record = await DeadlineNotification.get_or_none(id=notification_id).select_related("cafe")
        if record is None:
            raise NotFoundError("No such order list", code="ack_unknown")
        if (
            record.status is not NotificationStatus.SENT
            or not record.message_ids
            or record.message_ids[-1] != message_id
            or record.tg_chat_id != chat_id
        ):
            raise ConflictError("This list was replaced by a newer one", code="ack_stale")
        changed = await DeadlineNotification.filter(
            id=notification_id, accepted_at__isnull=True
        ).update(accepted_at=self.clock.now(), accepted_by_tgid=tgid, accepted_by_name=name[:255])
        await record.refresh_from_db()
        return Acceptance(record, won=changed == 1)

    async def claim_overdue(self) -> list[DeadlineNotification]:
        """Lists sent longer than the timeout ago that nobody accepted, each claimed by this
        caller alone (with `cafe` fetched): alert about exactly these."""
        if not self.timeout:
            return []
        now = self.clock.now()
        candidates = await DeadlineNotification.filter(
            status=NotificationStatus.SENT,
            accepted_at__isnull=True,
            ack_alerted_at__isnull=True,
            sent_at__lte=now - self.timeout,
            sent_at__gt=now - self.timeout - ALERT_WINDOW,
        ).select_related("cafe")
        claimed = []
        for record in candidates:
            won = await DeadlineNotification.filter(
                id=record.id, accepted_at__isnull=True, ack_alerted_at__isnull=True
            ).update(ack_alerted_at=now)
            if won:
                claimed.append(record)
        return claimed

    @staticmethod
    async def last_accepted() -> dict[int, DeadlineNotification]:
        """Each cafe's most recent acceptance, by cafe id (one query)."""
        rows = await Tortoise.get_connection("default").execute_query_dict(
            'SELECT DISTINCT ON (cafe_id) id FROM "deadline_notifications" '
            "WHERE accepted_at IS NOT NULL ORDER BY cafe_id, accepted_at DESC"
        )
        if not rows:
            return {}
        records = await DeadlineNotification.filter(id__in=[row["id"] for row in rows])
        return {record.cafe_id: record for record in records}  # type: ignore[attr-defined]
