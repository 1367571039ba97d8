"""`/menus` for managers and admins (private chat), and what a document sent outside the
dialog gets: a non-manager is refused with a sentence, a manager is told where to send it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode
from aiogram_i18n import I18nContext

from bot.dialogs.states import Menus
from bot.filters import Can, Magic
from services.permissions import Action

PRIVATE = Magic(F.chat.type == ChatType.PRIVATE)


async def menus_command(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Menus.MAIN, mode=StartMode.RESET_STACK)


async def refuse(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("menus-managers-only"))


async def document_outside_dialog(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("menus-upload-where"))


def create_router() -> Router:
    """Before the dialogs: the command, and refusing non-managers' documents."""
    router = Router(name="menus")
    router.message.filter(PRIVATE)
    router.message.register(menus_command, Command("menus"), Can(Action.MENUS))
    router.message.register(refuse, Command("menus"))
    router.message.register(refuse, Magic(F.document), ~Can(Action.MENUS))
    return router


def create_fallback_router() -> Router:
    """After the dialogs: a manager's document that no open upload window took."""
    router = Router(name="menus-fallback")
    router.message.filter(PRIVATE)
    router.message.register(document_outside_dialog, Magic(F.document), Can(Action.MENUS))
    return router
