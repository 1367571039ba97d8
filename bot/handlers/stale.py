"""Buttons the bot can no longer act on get a polite answer, never silence or an error:
a dialog whose state is gone or superseded (Redis flushed, a newer `/requests` opened, an
old message clicked), and callback data nothing here understands (forged, or from a button
of an older version of the bot)."""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState
from aiogram_i18n import I18nContext

from core.logging import get_logger

log = get_logger(__name__)


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
    router = Router(name="stale")
    router.errors.register(
        stale_dialog, ExceptionTypeFilter(UnknownIntent, UnknownState, OutdatedIntent)
    )
    router.callback_query.register(unknown_button)
    return router
