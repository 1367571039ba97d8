"""Widgets every dialog may use."""

from __future__ import annotations

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text
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
