"""Who may use a handler. Pair a guarded handler with an unguarded one for the same event
registered after it, which answers everyone else with a polite refusal."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from db.models import User
from services.users import UserService


class IsManager(Filter):
    """Managers and admins (cafe links are theirs to manage)."""

    async def __call__(
        self, event: TelegramObject, users: UserService, user: User | None = None
    ) -> bool:
        return user is not None and users.is_manager(user)


class IsAdmin(Filter):
    async def __call__(
        self, event: TelegramObject, users: UserService, user: User | None = None
    ) -> bool:
        return user is not None and users.is_admin(user)
