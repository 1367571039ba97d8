"""A cafe's list of orders for a day, rendered and sent to its chat: the `CafeLists` of
`services.ports`. When and whether a list goes out, and what its row records, is
`services.notifications.delivery`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.notifications.acceptance import CafeAcceptance
from bot.notifications.alerts import OrphanOrderAlerts
from bot.notifications.message import OrdersMessage
from bot.sender import Sender
from core.logging import get_logger
from db.models import Cafe, DeadlineNotification
from services.notifications.orders import CafeOrders
from services.ports import PartSent

log = get_logger(__name__)


@dataclass
class CafeListSender:
    sender: Sender
    message: OrdersMessage
    acceptance: CafeAcceptance
    alerts: OrphanOrderAlerts
    # Called once a (cafe, date) list has gone out (the order confirmations say so).
    on_sent: Callable[[int, dt.date], None] | None = None

    async def send(
        self, summary: CafeOrders, record: DeadlineNotification, chat_id: int, sent: PartSent
    ) -> None:
        """The parts not sent yet, in order; the last one carries the "✅ Принято" button."""
        parts = self.message.render(summary)
        for number in range(len(record.message_ids), len(parts)):
            markup = None
            if number == len(parts) - 1:
                markup = self.acceptance.keyboard(record, summary.cafe.language)
            message = await self.sender.send_message(chat_id, parts[number], reply_markup=markup)
            chat_id = message.chat.id  # a group that moved was followed to its supergroup
            await sent(chat_id, message.message_id)
            log.info(
                "deadline notification sent",
                cafe_id=summary.cafe.id,
                date=summary.date.isoformat(),
                orders_count=summary.count,
                telegram_chat_id=chat_id,
                part=number + 1,
                parts=len(parts),
                message_id=message.message_id,
            )

    async def skipped_with_orders(self, cafe: Cafe, day: dt.date, count: int) -> None:
        await self.alerts.skipped_with_orders(cafe, day, count)

    def list_sent(self, cafe_id: int, day: dt.date) -> None:
        if self.on_sent is not None:
            self.on_sent(cafe_id, day)
