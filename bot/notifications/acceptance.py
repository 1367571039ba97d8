"""The "✅ Принято" button under a cafe's list: the message says who accepted it and when, the
managers are told, the button goes; and one alert to the managers when nobody accepted in
`ACK_TIMEOUT_MINUTES`. Deciding who won is `services.notifications.acceptance`'s job."""

from __future__ import annotations

from datetime import tzinfo

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.notifications.message import OrdersMessage
from bot.notify import Notifier
from bot.texts import MAX_MESSAGE_LENGTH, local_date, local_time, quoted, telegram_length
from core.i18n import Translator
from core.logging import get_logger
from db.models import DeadlineNotification
from services.notifications.acceptance import Acceptance, AcceptanceService
from services.notifications.orders import load_cafe_orders

log = get_logger(__name__)

MAX_NAME = 64  # of the person shown on the accepted list (ACK_RESERVE keeps room for it)


class AckButton(CallbackData, prefix="ack"):
    id: int  # the DeadlineNotification


class CafeAcceptance:
    def __init__(
        self,
        service: AcceptanceService,
        message: OrdersMessage,
        notifier: Notifier,
        translator: Translator,
        tz: tzinfo,
    ) -> None:
        self.service = service
        self.message = message
        self.notifier = notifier
        self.translator = translator
        self.tz = tz

    def keyboard(self, record: DeadlineNotification, locale: str) -> InlineKeyboardMarkup:
        button = InlineKeyboardButton(
            text=self.translator.get(locale, "ack-button"),
            callback_data=AckButton(id=record.id).pack(),
        )
        return InlineKeyboardMarkup(inline_keyboard=[[button]])

    def _date(self, record: DeadlineNotification, locale: str) -> str:
        return local_date(record.date, locale)

    async def accepted(self, result: Acceptance, message: Message) -> None:
        """The press won: show who and when on the list (no button any more), tell managers."""
        record = result.record
        cafe = record.cafe
        when = local_time(record.accepted_at, self.tz)
        name = (record.accepted_by_name or "")[:MAX_NAME]
        line = self.translator.get(
            cafe.language,
            "ack-line",
            name=html.quote(name),
            when=local_time(record.accepted_at, self.tz, cafe.language),
        )
        summary = await load_cafe_orders(cafe.id, record.date)
        if summary is not None and summary.orders:
            # The same last part as was sent (orders cannot change after the deadline).
            text = f"{self.message.render(summary)[-1]}\n\n{line}"
            if telegram_length(text) <= MAX_MESSAGE_LENGTH:
                try:
                    await message.edit_text(text, reply_markup=None)
                except TelegramBadRequest as error:
                    log.warning("accepted list not edited", cafe_id=cafe.id, reason=error.message)
        await self.notifier.managers(
            "ack-managers",
            cafe=quoted(cafe.name),
            date=local_date(record.date),
            name=quoted(name),
            when=when,
        )
        log.info(
            "cafe accepted its list",
            cafe_id=cafe.id,
            date=record.date.isoformat(),
            accepted_by=record.accepted_by_tgid,
        )

    def already(self, result: Acceptance) -> str:
        record = result.record
        return self.translator.get(
            record.cafe.language,
            "ack-already",
            name=record.accepted_by_name or "—",
            when=local_time(record.accepted_at, self.tz, record.cafe.language),
        )

    async def alert_overdue(self) -> int:
        """One alert per list nobody accepted in time, whichever process gets here first."""
        overdue = await self.service.claim_overdue()
        for record in overdue:
            assert record.sent_at is not None
            minutes = int((self.service.clock.now() - record.sent_at).total_seconds() // 60)
            await self.notifier.managers(
                "ack-timeout",
                cafe=quoted(record.cafe.name),
                date=local_date(record.date),
                sent=local_time(record.sent_at, self.tz),
                minutes=str(minutes),
            )
            log.warning(
                "cafe has not accepted its list",
                cafe_id=record.cafe.id,
                date=record.date.isoformat(),
                minutes=minutes,
            )
        return len(overdue)
