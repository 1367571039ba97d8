"""Telling employees what a menu change did to their orders: a dish they ordered
ran out (their order stays; they may change it until the deadline), or the cafe closed for
the day (their order is cancelled). Each in the person's language, with the Mini App button.

The service decides who is affected once per change (a conditional write), so a message is
never sent twice for one change; someone who never opened the bot is skipped and logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.sender import ChatGone, DeliveryFailed, Sender
from bot.texts import clock_time, day_and_month
from core.i18n import Translator
from core.logging import get_logger
from services.menu_admin import Affected

log = get_logger(__name__)


@dataclass
class MenuNotices:
    sender: Sender
    translator: Translator
    mini_app_url: str | None
    tz: object

    def _keyboard(self, locale: str) -> InlineKeyboardMarkup | None:
        if not self.mini_app_url:
            return None
        text = self.translator.get(locale, "start-open-app")
        button = InlineKeyboardButton(text=text, web_app=WebAppInfo(url=self.mini_app_url))
        return InlineKeyboardMarkup(inline_keyboard=[[button]])

    async def dish_stopped(self, affected: Iterable[Affected]) -> int:
        return await self._send(affected, "menus-notice-stopped")

    async def orders_cancelled(self, affected: Iterable[Affected]) -> int:
        return await self._send(affected, "menus-notice-day-off")

    async def _send(self, affected: Iterable[Affected], key: str) -> int:
        reached = 0
        for person in affected:
            locale = person.language
            text = self.translator.get(
                locale,
                key,
                dish=html.quote(person.dish_name or ""),
                cafe=html.quote(person.cafe_name),
                date=day_and_month(person.date, locale),
                time=clock_time(person.deadline, self.tz, locale) if person.deadline else "—",
            )
            try:
                await self.sender.send_message(
                    person.tgid, text, reply_markup=self._keyboard(locale)
                )
            except (ChatGone, DeliveryFailed) as error:
                log.info("menu notice skipped", tgid=person.tgid, key=key, reason=error.reason)
            else:
                reached += 1
        log.info("menu notices sent", key=key, reached=reached)
        return reached
