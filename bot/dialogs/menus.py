"""The managers' menus dialog (`/menus`): pick a cafe → Download the menu, Upload a new one
(→ preview → Apply / Cancel), the Stop-list (dishes page by page, ✅/⛔), Days off (a month
calendar).

Getters read the database (and the staged upload in Redis) on every render; callbacks only
call `services.menu_admin`, which also tells the people a change touched. The
staged upload lives in Redis under a token kept in the dialog's data, so Apply works after a
restart, and the first Apply or Cancel wins (`MenuAdmin.decide`).
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from aiogram import Bot, html
from aiogram.enums import ContentType
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Calendar,
    Cancel,
    Column,
    Row,
    Select,
    SwitchTo,
)
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Format, Text
from aiogram_i18n import I18nContext
from magic_filter import F

from bot.dialogs.states import Menus
from bot.dialogs.widgets import I18nText, back_to, labelled, paged
from core.logging import get_logger
from db.models import Cafe
from services.menu_admin import CafeDiff, MenuAdmin, UploadError
from services.menu_files import MAX_UPLOAD, describe, file_kind

log = get_logger(__name__)

ITEMS_PER_PAGE = 8


# ---- getters -------------------------------------------------------------------------


async def cafes_list(**_: Any) -> dict:
    cafes = await Cafe.all().order_by("name", "id")
    return {"cafes": [{"id": c.id, "label": f"{c.name} · #{c.id}"} for c in cafes]}


async def cafe_card(dialog_manager: DialogManager, menu_admin: MenuAdmin, **_: Any) -> dict:
    cafe = await menu_admin.cafe(dialog_manager.dialog_data["cafe_id"])
    return {"cafe": html.quote(cafe.name), "cafe_id": str(cafe.id)}


async def upload_prompt(dialog_manager: DialogManager, **kwargs: Any) -> dict:
    errors = dialog_manager.dialog_data.get("errors")
    return {
        **await cafe_card(dialog_manager, **kwargs),
        "errors": errors or "",
        "bad": bool(errors),
    }


def render_preview(i18n: I18nContext, diffs: list[CafeDiff]) -> str:
    """The preview, per cafe: added, changed (old → new), taken off; or "no changes"."""
    parts = []
    for diff in diffs:
        lines = [i18n.get("menus-preview-cafe", cafe=html.quote(diff.name))]
        if diff.empty:
            lines.append(i18n.get("menus-preview-none"))
        if diff.renamed_to:
            lines.append(i18n.get("menus-preview-renamed", name=html.quote(diff.renamed_to)))
        for name in diff.added:
            lines.append(f"➕ {html.quote(name)}")
        for change in diff.changed:
            what = i18n.get(f"menus-field-{change.what}")
            old, new = html.quote(change.old), html.quote(change.new)
            lines.append(f"✏️ {html.quote(change.name)}: {what} {old} → {new}")
        for name in diff.removed:
            lines.append(f"➖ {html.quote(name)}")
        if diff.deadlines_changed:
            lines.append(i18n.get("menus-preview-deadlines"))
        if diff.days_off_added:
            days = ", ".join(f"{d:%d.%m.%Y}" for d in diff.days_off_added)
            lines.append(i18n.get("menus-preview-days-off-added", days=days))
        if diff.days_off_removed:
            days = ", ".join(f"{d:%d.%m.%Y}" for d in diff.days_off_removed)
            lines.append(i18n.get("menus-preview-days-off-removed", days=days))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


async def preview(
    dialog_manager: DialogManager, menu_admin: MenuAdmin, i18n: I18nContext, **_: Any
) -> dict:
    token = dialog_manager.dialog_data.get("token", "")
    staged = await menu_admin.staged(token)
    if staged is None:  # decided meanwhile (another click, another manager) or expired
        return {"preview": "", "waiting": False, "changes": False}
    return {
        "preview": render_preview(i18n, staged.diffs),
        "waiting": True,
        "changes": any(not d.empty for d in staged.diffs),
    }


async def decision(dialog_manager: DialogManager, **_: Any) -> dict:
    data = dialog_manager.dialog_data
    return {
        "outcome": data.get("outcome", "gone"),
        "by": html.quote(data.get("by") or "—"),
        "mine": "yes" if data.get("mine") else "no",
        "told": data.get("told", 0),
    }


async def stop_list(dialog_manager: DialogManager, menu_admin: MenuAdmin, **_: Any) -> dict:
    cafe_id = dialog_manager.dialog_data["cafe_id"]
    items = await menu_admin.items(cafe_id)
    return {
        **await cafe_card(dialog_manager, menu_admin),
        "items": [
            {"id": i.id, "label": f"{'✅' if i.is_available else '⛔'} {i.name}"} for i in items
        ],
        "stopped": sum(not i.is_available for i in items),
    }


async def days_off(dialog_manager: DialogManager, menu_admin: MenuAdmin, **_: Any) -> dict:
    days = await menu_admin.days_off(dialog_manager.dialog_data["cafe_id"])
    return {
        **await cafe_card(dialog_manager, menu_admin),
        "days_off": ", ".join(f"{d:%d.%m.%Y}" for d in days) or "—",
        "days_off_set": {d.isoformat() for d in days},
    }


# ---- actions -------------------------------------------------------------------------


async def pick_cafe(_: CallbackQuery, __: Select, manager: DialogManager, cafe_id: int) -> None:
    manager.dialog_data["cafe_id"] = cafe_id
    await manager.switch_to(Menus.cafe)


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
    await manager.switch_to(Menus.upload)


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
    await manager.switch_to(Menus.preview)


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
    await manager.switch_to(Menus.result)


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
            key, date=f"{day:%d.%m.%Y}", cancelled=len(change.cancelled), told=change.told
        )
    )


async def remember_cafe(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "cafe_id" in start_data:
        manager.dialog_data["cafe_id"] = start_data["cafe_id"]


# ---- widgets -------------------------------------------------------------------------


class DayText(Text):
    """A calendar day: ⛔ on the cafe's days off."""

    def __init__(self, today: bool = False) -> None:
        super().__init__()
        self.today = today

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        day: dt.date = data["date"]
        marked = day.isoformat() in data["data"].get("days_off_set", ())
        text = f"{day:%d}".lstrip("0")
        if marked:
            return f"⛔{text}"
        return f"[{text}]" if self.today else text


class DaysOffCalendar(Calendar):
    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        return {
            CalendarScope.DAYS: CalendarDaysView(
                self._item_callback_data, date_text=DayText(), today_text=DayText(today=True)
            ),
            CalendarScope.MONTHS: CalendarMonthView(self._item_callback_data),
            CalendarScope.YEARS: CalendarYearsView(self._item_callback_data),
        }


def create_dialog() -> Dialog:
    cafes = Window(
        I18nText("menus-pick-cafe", when="cafes"),
        I18nText("menus-no-cafes", when=~F["cafes"]),
        paged(labelled("cafe", "cafes", pick_cafe), "cafes_page", ITEMS_PER_PAGE),
        Cancel(I18nText("dialog-close")),
        getter=cafes_list,
        state=Menus.cafes,
    )
    cafe = Window(
        I18nText("menus-cafe"),
        Button(I18nText("menus-download"), id="download", on_click=download),
        Button(I18nText("menus-upload"), id="upload", on_click=open_upload),
        Row(
            SwitchTo(I18nText("menus-stop-list"), id="stop_list", state=Menus.stop_list),
            SwitchTo(I18nText("menus-days-off"), id="days_off", state=Menus.days_off),
        ),
        back_to(Menus.cafes),
        Cancel(I18nText("dialog-close")),
        getter=cafe_card,
        state=Menus.cafe,
    )
    upload = Window(
        I18nText("menus-upload-prompt"),
        I18nText("menus-upload-errors", when="bad"),
        MessageInput(document_sent, content_types=[ContentType.DOCUMENT]),
        MessageInput(not_a_document),
        back_to(Menus.cafe),
        getter=upload_prompt,
        state=Menus.upload,
    )
    preview_window = Window(
        Format("{preview}", when="waiting"),
        I18nText("menus-preview-gone", when=~F["waiting"]),
        Row(
            Button(I18nText("menus-apply"), id="apply", on_click=apply_upload, when="changes"),
            Button(I18nText("menus-cancel"), id="cancel", on_click=cancel_upload),
            when="waiting",
        ),
        back_to(Menus.cafe),
        getter=preview,
        state=Menus.preview,
    )
    result = Window(
        I18nText("menus-result"),
        back_to(Menus.cafe, "menus-to-cafe"),
        Cancel(I18nText("dialog-close")),
        getter=decision,
        state=Menus.result,
    )
    stop = Window(
        I18nText("menus-stop-list-title"),
        paged(Column(labelled("item", "items", toggle_item)), "items_page", ITEMS_PER_PAGE),
        back_to(Menus.cafe),
        getter=stop_list,
        state=Menus.stop_list,
    )
    days = Window(
        I18nText("menus-days-off-title"),
        DaysOffCalendar(id="calendar", on_click=toggle_day),
        back_to(Menus.cafe),
        getter=days_off,
        state=Menus.days_off,
    )
    return Dialog(cafes, cafe, upload, preview_window, result, stop, days, on_start=remember_cafe)
