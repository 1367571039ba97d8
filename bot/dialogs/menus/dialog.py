"""The menus dialog's windows, and the calendar that marks the cafe's days off."""

from __future__ import annotations

import datetime as dt

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Calendar, Cancel, Column, Row, SwitchTo
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Format, Text
from magic_filter import F

from bot.dialogs.menus.getters import (
    cafe_card,
    cafes_list,
    days_off,
    decision,
    preview,
    stop_list,
    upload_prompt,
)
from bot.dialogs.menus.handlers import (
    apply_upload,
    cancel_upload,
    document_sent,
    download,
    not_a_document,
    open_upload,
    pick_cafe,
    remember_cafe,
    toggle_day,
    toggle_item,
)
from bot.dialogs.states import Menus
from bot.dialogs.widgets import I18nText, back_to, labelled, paged

ITEMS_PER_PAGE = 8


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
        state=Menus.MAIN,
    )
    cafe = Window(
        I18nText("menus-cafe"),
        Button(I18nText("menus-download"), id="download", on_click=download),
        Button(I18nText("menus-upload"), id="upload", on_click=open_upload),
        Row(
            SwitchTo(I18nText("menus-stop-list"), id="stop_list", state=Menus.STOP_LIST),
            SwitchTo(I18nText("menus-days-off"), id="days_off", state=Menus.DAYS_OFF),
        ),
        back_to(Menus.MAIN),
        Cancel(I18nText("dialog-close")),
        getter=cafe_card,
        state=Menus.CAFE,
    )
    upload = Window(
        I18nText("menus-upload-prompt"),
        I18nText("menus-upload-errors", when="bad"),
        MessageInput(document_sent, content_types=[ContentType.DOCUMENT]),
        MessageInput(not_a_document),
        back_to(Menus.CAFE),
        getter=upload_prompt,
        state=Menus.UPLOAD,
    )
    preview_window = Window(
        Format("{preview}", when="waiting"),
        I18nText("menus-preview-gone", when=~F["waiting"]),
        Row(
            Button(I18nText("menus-apply"), id="apply", on_click=apply_upload, when="changes"),
            Button(I18nText("menus-cancel"), id="cancel", on_click=cancel_upload),
            when="waiting",
        ),
        back_to(Menus.CAFE),
        getter=preview,
        state=Menus.PREVIEW,
    )
    result = Window(
        I18nText("menus-result"),
        back_to(Menus.CAFE, "menus-to-cafe"),
        Cancel(I18nText("dialog-close")),
        getter=decision,
        state=Menus.RESULT,
    )
    stop = Window(
        I18nText("menus-stop-list-title"),
        paged(Column(labelled("item", "items", toggle_item)), "items_page", ITEMS_PER_PAGE),
        back_to(Menus.CAFE),
        getter=stop_list,
        state=Menus.STOP_LIST,
    )
    days = Window(
        I18nText("menus-days-off-title"),
        DaysOffCalendar(id="calendar", on_click=toggle_day),
        back_to(Menus.CAFE),
        getter=days_off,
        state=Menus.DAYS_OFF,
    )
    return Dialog(cafes, cafe, upload, preview_window, result, stop, days, on_start=remember_cafe)
