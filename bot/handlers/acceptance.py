"""The "✅ Принято" button in a cafe's group chat: anyone there may press it, once counts."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.notifications.acceptance import AckButton, CafeAcceptance
from services.errors import ConflictError, NotFoundError


async def accept(
    query: CallbackQuery, callback_data: AckButton, cafe_acceptance: CafeAcceptance
) -> None:
    message = query.message
    if not isinstance(message, Message):  # too old for Telegram to show it to the bot
        await query.answer()
        return
    try:
        result = await cafe_acceptance.service.accept(
            callback_data.id,
            chat_id=message.chat.id,
            message_id=message.message_id,
            tgid=query.from_user.id,
            name=query.from_user.full_name,
        )
    except (NotFoundError, ConflictError):
        await query.answer(cafe_acceptance.translator.get(None, "ack-stale"), show_alert=True)
        return
    if not result.won:
        await query.answer(cafe_acceptance.already(result))
        return
    await query.answer(cafe_acceptance.translator.get(result.record.cafe.language, "ack-thanks"))
    await cafe_acceptance.accepted(result, message)


def create_router() -> Router:
    router = Router(name="acceptance")
    router.callback_query.register(accept, AckButton.filter())
    return router
