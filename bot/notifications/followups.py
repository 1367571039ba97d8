"""Follow-ups to a cafe's list: once the list for (cafe, date) was sent — fired early by
hand, or at a deadline the cafe has since moved later — every later change to that day's
orders sends the cafe chat a short "✏️" message naming who and what, so the list in the
chat and the orders never silently diverge.

Each change is reported once, by the process that made it, after its transaction committed.
A follow-up that cannot be delivered is logged; the order stands either way.
"""

from __future__ import annotations

from aiogram import html

from bot.notifications.message import OrdersMessage, format_amount
from bot.sender import ChatGone, DeliveryFailed, Sender
from bot.texts import local_date
from core.logging import get_logger
from db.models import Cafe, DeadlineNotification, NotificationStatus, Order, User
from services.notifications.orders import load_cafe_orders

log = get_logger(__name__)


class FollowUps:
    def __init__(self, sender: Sender, message: OrdersMessage) -> None:
        self.sender = sender
        self.message = message

    async def order_changed(self, action: str, order: Order, owner: User) -> None:
        """`action`: placed, changed or cancelled."""
        cafe_id, day = order.cafe_id, order.date  # type: ignore[attr-defined]
        record = await DeadlineNotification.get_or_none(
            cafe_id=cafe_id, date=day, status=NotificationStatus.SENT
        )
        if record is None:
            return  # no list went out yet: the deadline will send it whole
        cafe = await Cafe.get(id=cafe_id)
        chat_id = cafe.tg_chat_id or record.tg_chat_id
        if chat_id is None or not cafe.notifications_enabled or not cafe.is_active:
            return
        user = owner
        summary = await load_cafe_orders(cafe_id, day)
        assert summary is not None
        t, locale = self.message.translator, cafe.language
        lines = [o for o in summary.orders if o.user_tgid == user.tgid]
        date = local_date(day, locale)
        parts = [t.get(locale, "followup-title", date=date, cafe=html.quote(cafe.name))]
        if action == "cancelled" or not lines:
            parts.append(t.get(locale, "followup-cancelled", name=html.quote(user.name)))
        else:
            parts.append(t.get(locale, f"followup-{action}"))
            parts.append(self.message._user_block(user.name, lines, locale))
        parts.append(
            t.get(
                locale,
                "followup-total",
                count=summary.count,
                amount=format_amount(summary.total, locale),
            )
        )
        text = "\n".join(parts)
        try:
            sent = await self.sender.send_message(chat_id, text)
        except (ChatGone, DeliveryFailed) as error:
            log.warning(
                "order follow-up not delivered",
                cafe_id=cafe_id,
                date=day.isoformat(),
                order_id=order.id,
                reason=error.reason,
            )
            return
        await DeadlineNotification.filter(id=record.id).update(
            orders_count=summary.count, total_amount=summary.total
        )
        log.info(
            "order follow-up sent",
            cafe_id=cafe_id,
            date=day.isoformat(),
            order_id=order.id,
            action=action,
            telegram_chat_id=chat_id,
            message_id=sent.message_id,
        )
