"""Who may use a handler. Pair a guarded handler with an unguarded one for the same event
registered after it, which answers everyone else with a polite refusal."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from magic_filter import MagicFilter

from db.models import User
from services.permissions import Action
from services.users import UserService


class Can(Filter):
    """The sender may do `action` (its one rule in `services.permissions`; never when inactive)."""

    def __init__(self, action: Action) -> None:
        self.action = action

    async def __call__(
        self, event: TelegramObject, users: UserService, user: User | None = None
    ) -> bool:
        return users.may(user, self.action)


class Magic(Filter):
    """A magic filter (`F.chat.type == …`) checked on the event loop. aiogram runs a bare `F`
    filter like any synchronous one, through `asyncio.to_thread`: a thread hop for every
    update that reaches it (seen in the webhook ingest profile, bench/results.md)."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> bool | dict[str, Any]:
        result = self.magic.resolve(event)
        return result if isinstance(result, dict) else bool(result)
