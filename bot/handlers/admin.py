"""Admin commands in private chats (SPEC §5): `/cafes`, `/notifications <cafe_id> on|off`,
`/unlink <cafe_id>`, `/grant <tgid> manager|admin`, `/revoke <tgid>`.

Wrong arguments get the command's usage line; anyone but an admin gets a polite refusal, and
nothing changes either way.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.commands import CommandMenus
from bot.filters import IsAdmin
from bot.link_notices import LinkNotices
from bot.texts import error_text, local_time, quoted, username
from core.config import Settings
from db.models import Role, User
from services import Services
from services.errors import DomainError

MAX_TEXT = 4096
SWITCH = {"on": True, "off": False}
GRANTABLE = {"manager": Role.MANAGER, "admin": Role.ADMIN}


def _args(command: CommandObject) -> list[str]:
    return (command.args or "").split()


def _chunks(lines: list[str], limit: int = MAX_TEXT) -> list[str]:
    """Whole lines per message, each message under Telegram's limit."""
    chunks: list[str] = []
    for line in lines:
        if chunks and len(chunks[-1]) + 1 + len(line) <= limit:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return chunks


async def cafes(
    message: Message, i18n: I18nContext, services: Services, settings: Settings
) -> None:
    rows = await services.links.cafes()
    if not rows:
        await message.answer(i18n.get("admin-cafes-empty"))
        return
    lines = [i18n.get("admin-cafes-title")]
    for cafe in rows:
        lines.append(
            i18n.get(
                "admin-cafe-line",
                id=str(cafe.id),
                name=quoted(cafe.name),
                linked="yes" if cafe.tg_chat_id is not None else "no",
                chat_id=str(cafe.tg_chat_id),
                username=username(cafe.tg_username),
                since=local_time(cafe.linked_at, settings.tz),
                notifications="on" if cafe.notifications_enabled else "off",
                active="yes" if cafe.is_active else "no",
            )
        )
    for chunk in _chunks(lines):
        await message.answer(chunk)


async def notifications(
    message: Message, command: CommandObject, i18n: I18nContext, services: Services
) -> None:
    args = _args(command)
    if len(args) != 2 or not args[0].isdecimal() or args[1].lower() not in SWITCH:
        await message.answer(i18n.get("admin-usage-notifications"))
        return
    try:
        cafe = await services.links.set_notifications(int(args[0]), SWITCH[args[1].lower()])
    except DomainError as error:
        await message.answer(error_text(i18n.get, error))
        return
    state = "on" if cafe.notifications_enabled else "off"
    await message.answer(i18n.get("admin-notifications-set", cafe=quoted(cafe.name), state=state))


async def unlink(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    services: Services,
    link_notices: LinkNotices,
) -> None:
    args = _args(command)
    if len(args) != 1 or not args[0].isdecimal():
        await message.answer(i18n.get("admin-usage-unlink"))
        return
    try:
        unlinked = await services.links.unlink(int(args[0]))
    except DomainError as error:
        await message.answer(error_text(i18n.get, error))
        return
    await link_notices.unlinked(unlinked)
    await message.answer(
        i18n.get("admin-unlinked", cafe=quoted(unlinked.cafe.name), chat_id=str(unlinked.chat_id))
    )


async def grant(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    services: Services,
    user: User,
    command_menus: CommandMenus,
) -> None:
    args = _args(command)
    if len(args) != 2 or not _is_tgid(args[0]) or args[1].lower() not in GRANTABLE:
        await message.answer(i18n.get("admin-usage-grant"))
        return
    await _set_role(
        message, i18n, services, user, command_menus, args[0], GRANTABLE[args[1].lower()]
    )


async def revoke(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    services: Services,
    user: User,
    command_menus: CommandMenus,
) -> None:
    args = _args(command)
    if len(args) != 1 or not _is_tgid(args[0]):
        await message.answer(i18n.get("admin-usage-revoke"))
        return
    await _set_role(message, i18n, services, user, command_menus, args[0], Role.EMPLOYEE)


def _is_tgid(value: str) -> bool:
    return value.isdecimal() and 0 < int(value) < 2**63


async def _set_role(
    message: Message,
    i18n: I18nContext,
    services: Services,
    by: User,
    command_menus: CommandMenus,
    tgid: str,
    role: Role,
) -> None:
    try:
        changed = await services.users.set_role(int(tgid), role, by=by)
    except DomainError as error:
        await message.answer(error_text(i18n.get, error))
        return
    await command_menus.refresh(changed)
    await message.answer(i18n.get("admin-role-set", name=quoted(changed.name), role=str(role)))


async def refuse(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("admin-only"))


COMMANDS = {
    "cafes": cafes,
    "notifications": notifications,
    "unlink": unlink,
    "grant": grant,
    "revoke": revoke,
}


def create_router() -> Router:
    router = Router(name="admin")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    for name, handler in COMMANDS.items():
        router.message.register(handler, Command(name), IsAdmin())
    router.message.register(refuse, Command(*COMMANDS))
    return router
