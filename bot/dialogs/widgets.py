"""Widgets every dialog may use."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.kbd import ScrollingGroup, Select, SwitchTo
from aiogram_dialog.widgets.kbd.select import OnItemClick
from aiogram_dialog.widgets.text import Format, Text
from aiogram_i18n import I18nContext

from core.i18n import fluent_args


class I18nText(Text):
    """A text from `locales/` in the reader's language; the window's getter data are its
    Fluent arguments (so getters hand over display-ready, HTML-escaped strings)."""

    def __init__(self, key: str, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.key = key

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        i18n: I18nContext = manager.middleware_data["i18n"]
        return i18n.get(self.key, **fluent_args(data))


def back_to(state: Any, key: str = "dialog-back") -> SwitchTo:
    """A button back to `state` of the same dialog."""
    return SwitchTo(I18nText(key), id=f"to_{state.state.rsplit(':', 1)[-1]}", state=state)


def labelled(id: str, items: str, on_click: OnItemClick[Any, int]) -> Select[int]:
    """One button per item of the getter's `items` list (`{"id": …, "label": …}` each)."""
    return Select(
        Format("{item[label]}"),
        id=id,
        item_id_getter=lambda item: item["id"],
        items=items,
        type_factory=int,
        on_click=on_click,
    )


def paged(widget: Any, id: str, height: int) -> ScrollingGroup:
    """`widget`'s buttons, `height` to a page, with page buttons only when there are pages."""
    return ScrollingGroup(widget, id=id, width=1, height=height, hide_on_single_page=True)
