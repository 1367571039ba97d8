"""The command menus Telegram shows next to the message field, per scope (setMyCommands).

Everyone sees `/start` in private chats, in their client's language; each manager and admin
gets their own menu (a chat scope) in the language of their row. `setMyCommands` replaces
a scope's list, so publishing at every start — in any number of processes — converges on
the same menus. A role change re-publishes that person's menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from core.i18n import DEFAULT_LOCALE, Translator
from core.logging import get_logger
from db.models import Role, User
from services.users import UserService

log = get_logger(__name__)

EVERYONE = ("start", "help", "orders", "reminders")
# As the rules of services.permissions have it: managers run the day (reports, the cafes' chats).
MANAGERS = (
    *EVERYONE,
    "link",
    "requests",
    "menus",
    "report",
    "today",
    "users",
    "cafes",
    "notifications",
    "unlink",
)
ADMINS = (*MANAGERS, "grant", "revoke")
MENUS = {Role.MANAGER: MANAGERS, Role.ADMIN: ADMINS}


def menu_of(role: Role) -> tuple[str, ...]:
    """The commands of a role: its Telegram menu, and what `/help` lists."""
    return MENUS.get(role, EVERYONE)


def commands_text(i18n: Any, user: User, users: UserService) -> str:
    """`/name — what it does`, one a line, for the commands of `user`'s role."""
    names = menu_of(users.role_of(user))
    return "\n".join(f"/{name} — {i18n.get(f'command-{name}')}" for name in names)


@dataclass
class CommandMenus:
    bot: Bot
    translator: Translator
    users: UserService

    def _commands(self, locale: str, names: tuple[str, ...]) -> list[BotCommand]:
        return [
            BotCommand(command=name, description=self.translator.get(locale, f"command-{name}"))
            for name in names
        ]

    async def publish(self) -> None:
        everyone = BotCommandScopeAllPrivateChats()
        for locale in self.translator.locales:
            await self.bot.set_my_commands(
                self._commands(locale, EVERYONE),
                scope=everyone,
                language_code=None if locale == DEFAULT_LOCALE else locale,
            )
        staff = await self.users.managers()
        for user in staff:
            await self.refresh(user)
        # ADMIN_IDS who have no row yet (never wrote to the bot) get the default language.
        for tgid in sorted(self.users.admin_ids - {user.tgid for user in staff}):
            await self._set(tgid, DEFAULT_LOCALE, ADMINS)

    async def refresh(self, user: User) -> None:
        """Give `user` the menu of their role (employees: the default one)."""
        menu = MENUS.get(self.users.role_of(user))
        if menu is None:
            await self._delete(user.tgid)
        else:
            await self._set(user.tgid, user.language, menu)

    async def _set(self, tgid: int, locale: str, names: tuple[str, ...]) -> None:
        try:
            await self.bot.set_my_commands(
                self._commands(locale, names), scope=BotCommandScopeChat(chat_id=tgid)
            )
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            # A chat scope needs a chat: someone who never opened the bot has none yet.
            log.info("command menu skipped", tgid=tgid, reason=error.message)

    async def _delete(self, tgid: int) -> None:
        try:
            await self.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=tgid))
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.info("command menu not removed", tgid=tgid, reason=error.message)
