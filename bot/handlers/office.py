"""`/today` (managers and admins, private chat): the next delivery date at a glance, and a
"Remind them" button that reminds exactly those who have not ordered, once a day."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    WebAppInfo,
)
from aiogram_i18n import I18nContext

from bot.filters import Can, Magic
from bot.handlers.refusals import managers_only, managers_only_button
from bot.notifications.message import format_amount
from bot.sender import ChatGone, DeliveryFailed, Sender
from bot.texts import local_date, local_time, quoted
from core.config import Settings
from core.i18n import Translator
from core.logging import get_logger
from db.models import User
from services.office import OfficeService, Today, roster_without_order
from services.permissions import Action

log = get_logger(__name__)

MAX_NAMES = 30


class RemindMissing(CallbackData, prefix="remind"):
    date: str  # the delivery date, YYYY-MM-DD


def today_text(view: Today, i18n: I18nContext, settings: Settings, locale: str) -> str:
    lines = [
        i18n.get(
            "today-title",
            date=local_date(view.date, locale),
            count=view.orders,
            amount=format_amount(view.total, locale),
        )
    ]
    for day in view.cafes:
        lines.append(
            i18n.get(
                "today-cafe",
                name=quoted(day.cafe.name),
                count=day.orders,
                amount=format_amount(day.total, locale),
                open="yes" if day.open else "no",
                deadline=local_time(day.deadline, settings.tz, locale),
                linked="yes" if day.linked else "no",
                notifications="on" if day.cafe.notifications_enabled else "off",
            )
        )
    if view.missing:
        names = ", ".join(quoted(user.name) for user in view.missing[:MAX_NAMES])
        if len(view.missing) > MAX_NAMES:
            names += " " + i18n.get("today-missing-more", count=len(view.missing) - MAX_NAMES)
        lines.append(i18n.get("today-missing", count=len(view.missing), names=names))
    else:
        lines.append(i18n.get("today-all-ordered"))
    return "\n\n".join(lines)


async def today(
    message: Message, i18n: I18nContext, office: OfficeService, settings: Settings, user: User
) -> None:
    view = await office.today()
    if view is None:
        await message.answer(i18n.get("today-none"))
        return
    markup = None
    if view.missing and view.deadline is not None:
        button = InlineKeyboardButton(
            text=i18n.get("today-remind"),
            callback_data=RemindMissing(date=view.date.isoformat()).pack(),
        )
        markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    await message.answer(today_text(view, i18n, settings, user.language), reply_markup=markup)


async def remind(
    query: CallbackQuery,
    callback_data: RemindMissing,
    i18n: I18nContext,
    office: OfficeService,
    settings: Settings,
    sender: Sender,
    translator: Translator,
) -> None:
    view = await office.today()
    if view is None or view.deadline is None or view.date.isoformat() != callback_data.date:
        await query.answer(i18n.get("stale-button"), show_alert=True)
        return
    # Who has not ordered *now*: someone who ordered since /today is not nagged.
    missing = await roster_without_order(view.date)
    if not missing:
        await query.answer(i18n.get("today-nobody-to-remind"), show_alert=True)
        return
    if not await office.claim_reminder(view.date):
        await query.answer(i18n.get("today-already-reminded"), show_alert=True)
        return
    await query.answer()
    sent = 0
    for person in missing:
        text = translator.get(
            person.language,
            "reminder-missing",
            date=local_date(view.date, person.language),
            deadline=local_time(view.deadline, settings.tz, person.language),
        )
        markup = None
        if settings.mini_app_url:
            button = InlineKeyboardButton(
                text=translator.get(person.language, "reminder-open-app"),
                web_app=WebAppInfo(url=settings.mini_app_url),
            )
            markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
        try:
            await sender.send_message(person.tgid, text, reply_markup=markup)
        except (ChatGone, DeliveryFailed) as error:
            log.info("reminder skipped", tgid=person.tgid, reason=error.reason)
        else:
            sent += 1
    log.info("reminded who had not ordered", date=view.date.isoformat(), sent=sent)
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("today-reminded", count=sent))


def create_router() -> Router:
    router = Router(name="office")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.message.register(today, Command("today"), Can(Action.OFFICE))
    router.message.register(managers_only, Command("today"))
    router.callback_query.register(remind, RemindMissing.filter(), Can(Action.OFFICE))
    router.callback_query.register(managers_only_button, RemindMissing.filter())
    return router
