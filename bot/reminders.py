"""Sending the reminders `services.reminders` makes due: one private message per row, in the
person's language, with the Mini App and a "🔕" button — behind every cafe list (BULK).

Every process ticks (the scheduler, every 30 seconds); the rows decide who sends what.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from aiogram import html
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from babel.dates import format_date, format_time

from bot.sender import ChatGone, DeliveryFailed, Sender
from core.i18n import Translator
from core.logging import get_logger
from core.metrics import Metrics
from core.ratelimit import Priority
from db.models import Reminder, ReminderStatus, User
from services.reminders import OpenDay, ReminderService, SkipReason
from services.users import UserService

log = get_logger(__name__)

CONCURRENCY = 8  # sends in flight per process; the rate limiter sets the actual pace


class ReminderAction(CallbackData, prefix="remind"):
    """The reminder's "🔕 Не напоминать" button."""

    action: str


def day_text(day: dt.date, locale: str) -> str:
    """`вторник, 8 декабря` / `Tuesday, 8 December`."""
    return format_date(day, "EEEE, d MMMM", locale=locale)


def deadline_text(deadline: dt.datetime, tz: dt.tzinfo, locale: str, today: dt.date) -> str:
    """`10:00` when it is today (in TIMEZONE), else `10:00, 7 декабря`."""
    local = deadline.astimezone(tz)
    clock = format_time(local, "HH:mm", locale=locale)
    if local.date() == today:
        return clock
    return f"{clock}, {format_date(local.date(), 'd MMMM', locale=locale)}"


@dataclass(frozen=True)
class TickResult:
    created: int
    sent: int
    skipped: int
    failed: int


@dataclass
class Reminders:
    service: ReminderService
    sender: Sender
    translator: Translator
    users: UserService
    metrics: Metrics
    tz: dt.tzinfo
    mini_app_url: str | None

    async def tick(self, *, now_for_the_next: bool = False) -> TickResult:
        """Create the rows due now, then send every row this process can take."""
        created = await self.service.create_due(now_for_the_next=now_for_the_next)
        counts = {"sent": 0, "skipped": 0, "failed": 0}
        slots = asyncio.Semaphore(CONCURRENCY)

        async def one(reminder: Reminder, days: dict[dt.date, OpenDay]) -> None:
            async with slots:
                counts[await self._send(reminder, days.get(reminder.date))] += 1

        while batch := await self.service.claim():
            # What is open is read once a batch, not once a person.
            days = {d.day: d for d in await self.service.open_days()}
            await asyncio.gather(*(one(reminder, days) for reminder in batch))
        if any(counts.values()):
            log.info("reminders done", created=created, **counts)
        return TickResult(created, counts["sent"], counts["skipped"], counts["failed"])

    async def _send(self, reminder: Reminder, open_day: OpenDay | None) -> str:
        reason = await self.service.skip_reason(reminder)
        if reason is not None:
            await self.service.settle(reminder, ReminderStatus.SKIPPED, reason=reason)
            return "skipped"
        user = reminder.user
        if open_day is None:  # every cafe closed for it in the meantime
            await self.service.settle(
                reminder, ReminderStatus.SKIPPED, reason=SkipReason.DEADLINE_PASSED
            )
            return "skipped"
        text, keyboard = self.render(user, open_day)
        try:
            message = await self.sender.send_message(
                user.tgid, text, reply_markup=keyboard, priority=Priority.BULK
            )
        except ChatGone as gone:
            await self.users.mark_blocked(user.tgid, self.service.clock.now())
            await self.service.settle(reminder, ReminderStatus.FAILED, reason=gone.reason[:255])
            log.info("reminder not delivered: chat gone", tgid=user.tgid, reason=gone.reason)
            self.metrics.reminders.labels("failed").inc()
            return "failed"
        except DeliveryFailed as failed:
            await self.service.settle(reminder, ReminderStatus.FAILED, reason=failed.reason[:255])
            log.warning("reminder not delivered", tgid=user.tgid, reason=failed.reason)
            self.metrics.reminders.labels("failed").inc()
            return "failed"
        await self.service.settle(
            reminder,
            ReminderStatus.SENT,
            sent_at=self.service.clock.now(),
            message_id=message.message_id,
        )
        self.metrics.reminders.labels("sent").inc()
        return "sent"

    def render(self, user: User, open_day: OpenDay) -> tuple[str, InlineKeyboardMarkup]:
        locale = user.language
        t = self.translator
        today = self.service.clock.now().astimezone(self.tz).date()
        lines = [
            t.get(
                locale,
                "reminder-cafe-line",
                cafe=html.quote(cafe.name),
                deadline=deadline_text(cafe.deadline, self.tz, locale, today),
            )
            for cafe in open_day.cafes
        ]
        text = t.get(
            locale, "reminder-text", day=day_text(open_day.day, locale), cafes="\n".join(lines)
        )
        return text, self.keyboard(locale, stop=True)

    def keyboard(self, locale: str, *, stop: bool) -> InlineKeyboardMarkup:
        rows = []
        if self.mini_app_url:
            rows.append(
                [
                    InlineKeyboardButton(
                        text=self.translator.get(locale, "reminder-order"),
                        web_app=WebAppInfo(url=self.mini_app_url),
                    )
                ]
            )
        if stop:
            rows.append(
                [
                    InlineKeyboardButton(
                        text=self.translator.get(locale, "reminder-stop"),
                        callback_data=ReminderAction(action="off").pack(),
                    )
                ]
            )
        return InlineKeyboardMarkup(inline_keyboard=rows)
