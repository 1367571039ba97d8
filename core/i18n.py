"""Texts in Russian (default) and English, from Fluent files in `locales/<lang>/*.ftl`.

aiogram_i18n's Fluent core does the work: CLDR plural rules (so "1 заказ", "2 заказа",
"5 заказов" come out right) and one bundle per language. Handlers get it per update through
the i18n middleware; code outside a handler (the notification sender, alerts) asks the
`Translator` for a language explicitly.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from aiogram_i18n.cores.fluent_runtime_core import FluentRuntimeCore

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
DEFAULT_LOCALE = "ru"
_FLUENT_TYPES = (str, int, float, Decimal, date, datetime)


def fluent_args(data: dict[str, Any]) -> dict[str, Any]:
    """Fluent accepts strings, numbers and dates only; drop what it cannot format."""
    return {
        k: v for k, v in data.items() if isinstance(v, _FLUENT_TYPES) and not isinstance(v, bool)
    }


class Translator:
    def __init__(self, path: Path = LOCALES_DIR, default_locale: str = DEFAULT_LOCALE) -> None:
        # No Unicode isolation marks: Telegram shows them as garbage in some clients.
        self.core = FluentRuntimeCore(
            path=path / "{locale}", default_locale=default_locale, use_isolating=False
        )

    async def load(self) -> None:
        await self.core.startup()

    @property
    def locales(self) -> tuple[str, ...]:
        return self.core.available_locales

    def get(self, locale: str | None, key: str, /, **kwargs: Any) -> str:
        return self.core.get(key, locale or self.core.default_locale, **fluent_args(kwargs))
