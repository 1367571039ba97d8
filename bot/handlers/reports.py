"""`/report [YYYY-MM]` (managers and admins, private chat): the month's .xlsx as a document,
with buttons for the month before (and after, up to the current one)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.arguments import arguments, usage
from bot.filters import Can, Magic
from bot.handlers.refusals import managers_only, managers_only_button
from bot.notifications.message import format_amount
from core.clock import Clock
from core.config import Settings
from core.i18n import Translator
from db.models import User
from services.permissions import Action
from services.reports import month_title, next_month, parse_month, previous_month, report_file

MONTH = r"(?P<month>\d{4}-(?:0[1-9]|1[0-2]))"


class ReportMonth(CallbackData, prefix="report"):
    month: str  # YYYY-MM


async def _send(
    message: Message,
    month_text: str | None,
    user: User,
    translator: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    locale = user.language
    current = clock.now().astimezone(settings.tz).date().replace(day=1)
    month = parse_month(month_text, current)
    file = await report_file(month, "xlsx", translator, locale)
    title = month_title(month, locale)
    if file.report.orders:
        caption = translator.get(
            locale,
            "report-caption",
            month=title,
            count=len(file.report.orders),
            amount=format_amount(file.report.total, locale),
        )
    else:
        caption = translator.get(locale, "report-caption-empty", month=title)
    row = [
        InlineKeyboardButton(
            text=translator.get(
                locale, "report-previous", month=month_title(previous_month(month), locale)
            ),
            callback_data=ReportMonth(month=f"{previous_month(month):%Y-%m}").pack(),
        )
    ]
    if month < current:
        row.append(
            InlineKeyboardButton(
                text=translator.get(
                    locale, "report-next", month=month_title(next_month(month), locale)
                ),
                callback_data=ReportMonth(month=f"{next_month(month):%Y-%m}").pack(),
            )
        )
    await message.answer_document(
        BufferedInputFile(file.data, filename=file.filename),
        caption=caption,
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[row]),
    )


async def report(
    message: Message,
    user: User,
    translator: Translator,
    settings: Settings,
    clock: Clock,
    month: str | None = None,
) -> None:
    await _send(message, month, user, translator, settings, clock)


async def report_button(
    query: CallbackQuery,
    callback_data: ReportMonth,
    user: User,
    translator: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _send(query.message, callback_data.month, user, translator, settings, clock)


def create_router() -> Router:
    router = Router(name="reports")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.message.register(report, Command("report", magic=F.args.is_(None)), Can(Action.REPORTS))
    router.message.register(report, Command("report", magic=arguments(MONTH)), Can(Action.REPORTS))
    router.message.register(usage, Command("report"), Can(Action.REPORTS))
    router.message.register(managers_only, Command("report"))
    router.callback_query.register(report_button, ReportMonth.filter(), Can(Action.REPORTS))
    router.callback_query.register(managers_only_button, ReportMonth.filter())
    return router
