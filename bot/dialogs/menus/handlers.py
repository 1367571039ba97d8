"""What the menus dialog's buttons and inputs do: each a call to `services.menu_admin`."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from aiogram import Bot, html
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select
from aiogram_i18n import I18nContext

from bot.dialogs.states import Menus
from bot.texts import local_date
from core.logging import get_logger
from services.menu_admin import MenuAdmin, UploadError
from services.menu_files import MAX_UPLOAD, describe, file_kind

log = get_logger(__name__)


async def pick_cafe(_: CallbackQuery, __: Select, manager: DialogManager, cafe_id: int) -> None:
    manager.dialog_data["cafe_id"] = cafe_id
    await manager.switch_to(Menus.CAFE)


async def download(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    data = manager.middleware_data
    menu_admin: MenuAdmin = data["menu_admin"]
    filename, content = await menu_admin.export(manager.dialog_data["cafe_id"], data["i18n"].locale)
    await callback.message.answer_document(  # type: ignore[union-attr]
        BufferedInputFile(content, filename), caption=data["i18n"].get("menus-download-caption")
    )
    await callback.answer()
    # The file is now the last message: show the menu again below it.
    manager.show_mode = ShowMode.SEND


async def open_upload(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("errors", None)
    await manager.switch_to(Menus.UPLOAD)


async def document_sent(message: Message, _: MessageInput, manager: DialogManager) -> None:
    data = manager.middleware_data
    i18n: I18nContext = data["i18n"]
    menu_admin: MenuAdmin = data["menu_admin"]
    document = message.document
    assert document is not None
    if (document.file_size or 0) > MAX_UPLOAD:
        manager.dialog_data["errors"] = i18n.get("menus-upload-too-big")
        return
    if file_kind(document.file_name) is None:
        manager.dialog_data["errors"] = i18n.get("menus-upload-wrong-type")
        return
    bot: Bot = data["bot"]
    content = BytesIO()
    await bot.download(document, destination=content)
    cafe_id = manager.dialog_data["cafe_id"]
    try:
        parsed = await menu_admin.read(cafe_id, document.file_name, content.getvalue())
        staged = await menu_admin.stage(cafe_id, parsed, data["user"])
    except UploadError as error:
        manager.dialog_data["errors"] = html.quote(describe(error.errors))
        return
    log.info("menu upload staged", cafe_id=cafe_id, tgid=message.from_user.id)  # type: ignore[union-attr]
    manager.dialog_data.pop("errors", None)
    manager.dialog_data["token"] = staged.token
    await manager.switch_to(Menus.PREVIEW)


async def not_a_document(message: Message, _: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data["errors"] = manager.middleware_data["i18n"].get("menus-upload-send-file")


async def apply_upload(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await _decide(manager, apply_it=True)


async def cancel_upload(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await _decide(manager, apply_it=False)


async def _decide(manager: DialogManager, *, apply_it: bool) -> None:
    data = manager.middleware_data
    menu_admin: MenuAdmin = data["menu_admin"]
    result = await menu_admin.decide(
        manager.dialog_data.get("token", ""), data["user"], apply_it=apply_it
    )
    manager.dialog_data.update(
        outcome=result.outcome, by=result.by, mine=result.mine, told=result.told
    )
    await manager.switch_to(Menus.RESULT)


async def toggle_item(callback: CallbackQuery, _: Select, manager: DialogManager, item_id: int):
    data = manager.middleware_data
    menu_admin: MenuAdmin = data["menu_admin"]
    item = next(
        (i for i in await menu_admin.items(manager.dialog_data["cafe_id"]) if i.id == item_id),
        None,
    )
    if item is None:
        await callback.answer(data["i18n"].get("stale-button"), show_alert=True)
        return
    result = await menu_admin.set_available(item.id, not item.is_available)
    key = "menus-stopped" if not result.item.is_available else "menus-back-on"
    await callback.answer(data["i18n"].get(key, dish=result.item.name, told=result.told))


async def toggle_day(callback: CallbackQuery, _: Any, manager: DialogManager, day: dt.date):
    data = manager.middleware_data
    menu_admin: MenuAdmin = data["menu_admin"]
    change = await menu_admin.toggle_day_off(manager.dialog_data["cafe_id"], day)
    key = "menus-day-off-added" if change.day_off else "menus-day-off-removed"
    await callback.answer(
        data["i18n"].get(
            key,
            date=local_date(day, data["i18n"].locale),
            cancelled=len(change.cancelled),
            told=change.told,
        )
    )


async def remember_cafe(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "cafe_id" in start_data:
        manager.dialog_data["cafe_id"] = start_data["cafe_id"]
