"""Admin commands in private chats: `/cafes`, `/notifications <cafe_id> on|off`,
`/unlink <cafe_id>`, `/grant <tgid> manager|admin`, `/revoke <tgid>`.

Who may run each is its rule in `services.permissions` (cafes: managers; roles: admins). Wrong
arguments get the command's usage line; anyone else gets a polite refusal, and nothing
changes either way. What the services refuse is answered by `refusals`.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.arguments import CAFE_ID, TGID, arguments, usage
from bot.commands import CommandMenus
from bot.filters import Can, Magic
from bot.texts import local_date, local_time, pack_lines, quoted, username
from core.config import Settings
from db.models import CafeLinkRequest, LinkRequestStatus, Role, User
from services.links import LinkService
from services.notifications.acceptance import AcceptanceService
from services.permissions import Action, role_allows
from services.users import UserService


async def cafes(
    message: Message,
    i18n: I18nContext,
    acceptance: AcceptanceService,
    links: LinkService,
    settings: Settings,
) -> None:
    rows = await links.cafes()
    if not rows:
        await message.answer(i18n.get("admin-cafes-empty"))
        return
    accepted = await acceptance.last_accepted()
    # The chat's title lives on the request that linked it (the latest approved one).
    titles = dict(
        await CafeLinkRequest.filter(
            status=LinkRequestStatus.APPROVED,
            tg_chat_id__in=[c.tg_chat_id for c in rows if c.tg_chat_id is not None],
        )
        .order_by("processed_at", "id")
        .values_list("tg_chat_id", "chat_title")
    )
    lines = [i18n.get("admin-cafes-title")]
    for cafe in rows:
        last = accepted.get(cafe.id)
        title = titles.get(cafe.tg_chat_id)
        lines.append(
            i18n.get(
                "admin-cafe-line",
                id=str(cafe.id),
                name=quoted(cafe.name),
                linked="yes" if cafe.tg_chat_id is not None else "no",
                chat=f"«{quoted(title)}»" if title else f"<code>{cafe.tg_chat_id}</code>",
                username=f" {username(cafe.tg_username)}" if cafe.tg_username else "",
                since=local_time(cafe.linked_at, settings.tz, i18n.locale),
                notifications="on" if cafe.notifications_enabled else "off",
                active="yes" if cafe.is_active else "no",
                accepted="yes" if last is not None else "no",
                accepted_for=local_date(last.date, i18n.locale) if last else "",
                accepted_at=local_time(last.accepted_at, settings.tz, i18n.locale) if last else "",
                accepted_by=quoted(last.accepted_by_name) if last else "",
            )
        )
    for chunk in pack_lines(lines):
        await message.answer(chunk)


async def notifications(
    message: Message, cafe_id: str, state: str, i18n: I18nContext, links: LinkService
) -> None:
    cafe = await links.set_notifications(int(cafe_id), state.lower() == "on")
    state = "on" if cafe.notifications_enabled else "off"
    await message.answer(i18n.get("admin-notifications-set", cafe=quoted(cafe.name), state=state))


async def unlink(
    message: Message,
    cafe_id: str,
    i18n: I18nContext,
    links: LinkService,
) -> None:
    unlinked = await links.unlink(int(cafe_id))
    await message.answer(
        i18n.get("admin-unlinked", cafe=quoted(unlinked.cafe.name), chat_id=str(unlinked.chat_id))
    )


async def set_role(
    message: Message,
    tgid: str,
    i18n: I18nContext,
    users: UserService,
    user: User,
    command_menus: CommandMenus,
    role: str = Role.EMPLOYEE,  # /revoke names none
) -> None:
    changed = await users.set_role(int(tgid), Role(role.lower()), by=user)
    await command_menus.refresh(changed)
    await message.answer(
        i18n.get("admin-role-set", name=quoted(changed.name), role=str(changed.role))
    )


async def refuse(message: Message, i18n: I18nContext) -> None:
    command = (message.text or "").split()[0].lstrip("/").split("@")[0].lower()
    _, _, action = COMMANDS.get(command, (None, None, Action.ROLES))
    manager_may = role_allows(Role.MANAGER, action)
    await message.answer(i18n.get("link-managers-only" if manager_may else "admin-only"))


# command -> (handler, the arguments it takes (None: none), its rule in services.permissions)
COMMANDS = {
    "cafes": (cafes, None, Action.CAFES),
    "notifications": (notifications, rf"{CAFE_ID}\s+(?P<state>on|off)", Action.NOTIFICATIONS),
    "unlink": (unlink, CAFE_ID, Action.UNLINK),
    "grant": (set_role, rf"{TGID}\s+(?P<role>manager|admin)", Action.ROLES),
    "revoke": (set_role, TGID, Action.ROLES),
}


def create_router() -> Router:
    router = Router(name="admin")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    for name, (handler, pattern, action) in COMMANDS.items():
        magic = arguments(pattern) if pattern else None
        router.message.register(handler, Command(name, magic=magic), Can(action))
        if pattern:
            router.message.register(usage, Command(name), Can(action))
    router.message.register(refuse, Command(*COMMANDS))
    return router
