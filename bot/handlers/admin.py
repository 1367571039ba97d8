"""Admin commands in private chats (SPEC §5): `/cafes`, `/notifications <cafe_id> on|off`,
`/unlink <cafe_id>`, `/grant <tgid> manager|admin`, `/revoke <tgid>`.

Wrong arguments get the command's usage line; anyone but an admin gets a polite refusal, and
nothing changes either way. What the services refuse is answered by `refusals`.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.arguments import CAFE_ID, TGID, arguments, usage
from bot.commands import CommandMenus
from bot.filters import IsAdmin, Magic
from bot.link_notices import LinkNotices
from bot.texts import local_time, quoted, username
from core.config import Settings
from db.models import Role, User
from services import Services

MAX_TEXT = 4096


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
    accepted = await services.acceptance.last_accepted()
    lines = [i18n.get("admin-cafes-title")]
    for cafe in rows:
        last = accepted.get(cafe.id)
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
                accepted="yes" if last is not None else "no",
                accepted_for=last.date.strftime("%d.%m.%Y") if last else "",
                accepted_at=local_time(last.accepted_at, settings.tz) if last else "",
                accepted_by=quoted(last.accepted_by_name) if last else "",
            )
        )
    for chunk in _chunks(lines):
        await message.answer(chunk)


async def notifications(
    message: Message, cafe_id: str, state: str, i18n: I18nContext, services: Services
) -> None:
    cafe = await services.links.set_notifications(int(cafe_id), state.lower() == "on")
    state = "on" if cafe.notifications_enabled else "off"
    await message.answer(i18n.get("admin-notifications-set", cafe=quoted(cafe.name), state=state))


async def unlink(
    message: Message,
    cafe_id: str,
    i18n: I18nContext,
    services: Services,
    link_notices: LinkNotices,
) -> None:
    unlinked = await services.links.unlink(int(cafe_id))
    await link_notices.unlinked(unlinked)
    await message.answer(
        i18n.get("admin-unlinked", cafe=quoted(unlinked.cafe.name), chat_id=str(unlinked.chat_id))
    )


async def set_role(
    message: Message,
    tgid: str,
    i18n: I18nContext,
    services: Services,
    user: User,
    command_menus: CommandMenus,
    role: str = Role.EMPLOYEE,  # /revoke names none
) -> None:
    changed = await services.users.set_role(int(tgid), Role(role.lower()), by=user)
    await command_menus.refresh(changed)
    await message.answer(
        i18n.get("admin-role-set", name=quoted(changed.name), role=str(changed.role))
    )


async def refuse(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("admin-only"))


# command -> (handler, the arguments it takes; None: none)
COMMANDS = {
    "cafes": (cafes, None),
    "notifications": (notifications, rf"{CAFE_ID}\s+(?P<state>on|off)"),
    "unlink": (unlink, CAFE_ID),
    "grant": (set_role, rf"{TGID}\s+(?P<role>manager|admin)"),
    "revoke": (set_role, TGID),
}


def create_router() -> Router:
    router = Router(name="admin")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    for name, (handler, pattern) in COMMANDS.items():
        magic = arguments(pattern) if pattern else None
        router.message.register(handler, Command(name, magic=magic), IsAdmin())
        if pattern:
            router.message.register(usage, Command(name), IsAdmin())
    router.message.register(refuse, Command(*COMMANDS))
    return router
