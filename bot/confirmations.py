"""The order confirmation in the person's private chat: one message per order —
so per (person, cafe, date) — sent when it is placed and edited on every change, when it is
cancelled, and when the cafe's list goes out ("📨").

Each update renders the order as it is *now*, holding the confirmation row's lock: two quick
changes cannot both send a first message, and the last one to run shows the latest state.
Updates run in the background (the Mini App's answer does not wait for Telegram); someone
who never started the bot, or blocked it, gets nothing, and nothing fails.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import Any

from aiogram import html
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bot.notifications.message import format_amount
from bot.reminders import day_text, deadline_text
from bot.sender import ChatGone, DeliveryFailed, MessageGone, Sender
from core.clock import Clock
from core.i18n import Translator
from core.logging import get_logger
from core.metrics import Metrics
from core.ratelimit import Priority
from db.models import Order, OrderConfirmation, OrderStatus, User
from services.menus import CATEGORY_ORDER
from services.ordering import OrderingService, OrderView
from services.users import UserService

log = get_logger(__name__)

# The active orders of a cafe's day that have a confirmation message, each marked "sent to the
# cafe" once: one statement, run for every cafe at its deadline (the fan-out's hot path).
_MARK_SENT = """
WITH confirmed AS (
    SELECT o.id FROM orders o JOIN order_confirmations c ON c.order_id = o.id
    WHERE o.cafe_id = $1 AND o.date = $2 AND o.status = $3 AND c.message_id IS NOT NULL
), marked AS (
    UPDATE order_confirmations SET sent_to_cafe_at = $4
    WHERE order_id IN (SELECT id FROM confirmed) AND sent_to_cafe_at IS NULL
)
SELECT id FROM confirmed ORDER BY id
"""


class Confirmations:
    def __init__(
        self,
        sender: Sender,
        translator: Translator,
        ordering: OrderingService,
        users: UserService,
        metrics: Metrics,
        clock: Clock,
        tz: dt.tzinfo,
    ) -> None:
        self.sender = sender
        self.translator = translator
        self.ordering = ordering
        self.users = users
        self.metrics = metrics
        self.clock = clock
        self.tz = tz
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- what the rest of the app calls ----------------------------------------------

    async def order_changed(self, action: str, order: Order, owner: User) -> None:
        """An order was placed, changed or cancelled (`services.ordering`'s listener): bring
        its message up to date in the background — unless its owner cannot be written to
        (never started the bot, or blocked it)."""
        if owner.started_at is None or owner.blocked_at is not None:
            return
        self._spawn(self.update(order.id), f"confirmation-{order.id}")

    def sent_to_cafe(self, cafe_id: int, day: dt.date) -> None:
        """The cafe's list for `day` went out: every active order's message says so."""
        self._spawn(self._mark_sent(cafe_id, day), f"confirmations-sent-{cafe_id}-{day}")

    async def drain(self) -> None:
        """Wait for the updates under way (tests; and on shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # ---- the work --------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(self._guarded(work), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:
            # A confirmation is a courtesy: the order itself is saved whatever happens here.
            log.exception("order confirmation failed")

    async def _mark_sent(self, cafe_id: int, day: dt.date) -> None:
        rows = await Tortoise.get_connection("default").execute_query_dict(
            _MARK_SENT, [cafe_id, day, OrderStatus.ACTIVE.value, self.clock.now()]
        )
        for row in rows:
            await self.update(row["id"])

    async def update(self, order_id: int) -> None:
        async with in_transaction():
            await OrderConfirmation.get_or_create(order_id=order_id)
            row = await OrderConfirmation.select_for_update().get(order_id=order_id)
            view = await self.ordering.view(order_id)
            if view is None:
                return
            user = view.order.user
            if user.started_at is None or user.blocked_at is not None:
                return  # Telegram would refuse it: they never opened the bot, or blocked it
            if row.message_id is None and view.order.status is OrderStatus.CANCELLED:
                return  # nothing was confirmed, so there is nothing to take back
            text = self.render(view, edited=row.message_id is not None, sent_at=row.sent_to_cafe_at)
            try:
                if row.message_id is not None and row.chat_id is not None:
                    try:
                        await self.sender.edit_message_text(
                            row.chat_id, row.message_id, text, priority=Priority.NORMAL
                        )
                        self.metrics.confirmations.labels("edited").inc()
                        return
                    except MessageGone:
                        pass  # they deleted it: a new one takes its place
                message = await self.sender.send_message(user.tgid, text, priority=Priority.NORMAL)
            except ChatGone as gone:
                await self.users.mark_blocked(user.tgid, self.clock.now())
                log.info(
                    "confirmation not delivered: chat gone", tgid=user.tgid, reason=gone.reason
                )
                return
            except DeliveryFailed as failed:
                log.warning("confirmation not delivered", tgid=user.tgid, reason=failed.reason)
                return
            row.chat_id = message.chat.id
            row.message_id = message.message_id
            await row.save(update_fields=["chat_id", "message_id", "updated_at"])
            self.metrics.confirmations.labels("sent").inc()

    def render(self, view: OrderView, *, edited: bool, sent_at: dt.datetime | None) -> str:
        order = view.order
        locale = order.user.language
        t = self.translator
        today = self.clock.now().astimezone(self.tz).date()
        if order.status is OrderStatus.CANCELLED:
            title = t.get(locale, "confirmation-cancelled")
        elif sent_at is not None:
            title = t.get(locale, "confirmation-sent")
        else:
            title = t.get(locale, "confirmation-changed" if edited else "confirmation-placed")
        dishes = sorted(order.items, key=lambda row: CATEGORY_ORDER[row.menu_item.category])
        lines = [
            title,
            t.get(
                locale,
                "confirmation-head",
                cafe=html.quote(order.cafe.name),
                day=day_text(order.date, locale),
            ),
            "",
            f"• {html.quote(order.combo.name)}: "
            + ", ".join(html.quote(row.menu_item.name) for row in dishes),
        ]
        lines += [f"• {html.quote(row.menu_item.name)} ×{row.quantity}" for row in order.extras]
        if order.notes:
            lines.append(f"📝 {html.quote(order.notes)}")
        lines += [
            "",
            t.get(locale, "confirmation-total", amount=format_amount(order.total_amount, locale)),
        ]
        if order.status is OrderStatus.CANCELLED:
            pass
        elif sent_at is not None:
            moment = deadline_text(sent_at, self.tz, locale, today)
            lines.append(t.get(locale, "confirmation-sent-line", moment=moment))
        elif view.editable and view.deadline is not None:
            deadline = deadline_text(view.deadline, self.tz, locale, today)
            lines.append(t.get(locale, "confirmation-until", deadline=deadline))
        return "\n".join(lines)
