"""Polite answers where the bot will not or cannot act, so handlers need not say them:

- a service refused (a `DomainError`: no such cafe, already decided, not allowed…): its text
  from `locales/` answers the message or the button;
- a dialog whose state is gone or superseded (Redis flushed, a newer `/requests` opened, an
  old message clicked);
- callback data nothing here understands (forged, or from a button of an older bot).
"""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState
from aiogram_i18n import I18nContext

from bot.texts import error_text
from core.logging import get_logger
from services.errors import DomainError

log = get_logger(__name__)


async def refused(event: ErrorEvent, i18n: I18nContext) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    log.info("refused", update_id=event.update.update_id, code=error.code)
    text = error_text(i18n.get, error)
    if (query := event.update.callback_query) is not None:
        await query.answer(text, show_alert=True)
    elif (message := event.update.message) is not None:
        # In a group, say whom we answer.
        private = message.chat.type == ChatType.PRIVATE
        await (message.answer(text) if private else message.reply(text))


async def stale_dialog(event: ErrorEvent, i18n: I18nContext) -> None:
    log.info("stale dialog", update_id=event.update.update_id, error=str(event.exception))
    if (query := event.update.callback_query) is not None:
        await query.answer(i18n.get("stale-button"), show_alert=True)
        if isinstance(query.message, Message) and query.message.reply_markup is not None:
            # The dialog behind these buttons is gone: take them away so nobody tries again.
            with contextlib.suppress(TelegramBadRequest):
                await query.message.edit_reply_markup(reply_markup=None)
    elif (message := event.update.message) is not None:
        await message.answer(i18n.get("stale-dialog"))


async def unknown_button(callback: CallbackQuery, i18n: I18nContext) -> None:
    await callback.answer(i18n.get("stale-button"), show_alert=True)


def create_router() -> Router:
    router = Router(name="refusals")
    router.errors.register(refused, ExceptionTypeFilter(DomainError))
    router.errors.register(
        stale_dialog, ExceptionTypeFilter(UnknownIntent, UnknownState, OutdatedIntent)
    )
    router.callback_query.register(unknown_button)
    return router


async def managers_only(message: Message, i18n: I18nContext) -> None:
    """A staff command from someone whose role may not run it."""
    await message.answer(i18n.get("link-managers-only"))


async def managers_only_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("link-managers-only"), show_alert=True)
