"""Cafe links in Telegram. What the services refuse is answered by `refusals`.

In cafe groups: `/start <payload>` (also `/start@bot <payload>`) opens a link request; the bot
joining explains how to link; the bot leaving clears the link; a migration to a supergroup
moves it. In private chats, for managers: `/link <cafe_id>` hands out the deep link,
`/requests` opens the dialog, and the button on a "new request" message opens that request.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import (
    IS_MEMBER,
    IS_NOT_MEMBER,
    JOIN_TRANSITION,
    ChatMemberUpdatedFilter,
    Command,
    CommandObject,
    CommandStart,
)
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from aiogram_dialog import DialogManager, StartMode
from aiogram_i18n import I18nContext

from bot.arguments import CAFE_ID, arguments, usage
from bot.dialogs import link_requests
from bot.dialogs.states import LinkRequests
from bot.filters import Can, Magic
from bot.handlers.refusals import managers_only
from bot.identity import startgroup_link
from bot.link_notices import OpenLinkRequest
from bot.texts import quoted
from core.logging import get_logger
from db.models import User
from services.links import ChatRef, LinkService, RequestOutcome, UnlinkReason
from services.permissions import Action

log = get_logger(__name__)

GROUPS = Magic(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
PRIVATE = Magic(F.chat.type == ChatType.PRIVATE)

_ANSWERS = {
    RequestOutcome.CREATED: "link-request-sent",
    RequestOutcome.ALREADY_PENDING: "link-request-pending",
    RequestOutcome.ALREADY_LINKED: "link-already-linked",
}


# ---- in cafe groups ------------------------------------------------------------------


async def start_with_payload(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    links: LinkService,
    user: User | None = None,  # None for an anonymous group admin
) -> None:
    chat = ChatRef(message.chat.id, message.chat.title, message.chat.username)
    result = await links.ask(command.args or "", chat, user)
    await message.reply(i18n.get(_ANSWERS[result.outcome], cafe=quoted(result.cafe.name)))


async def how_to_link(message: Message, i18n: I18nContext, bot: Bot, links: LinkService) -> None:
    """`/start` without a payload: Telegram clients sometimes drop the `startgroup` one. A
    chat already linked is told which cafe it serves instead."""
    cafe = await links.cafe_of_chat(message.chat.id)
    if cafe is not None:
        await message.reply(i18n.get("link-already-linked", cafe=quoted(cafe.name)))
        return
    await message.reply(i18n.get("link-how-to", bot=(await bot.me()).username))


async def bot_added(event: ChatMemberUpdated, i18n: I18nContext, bot: Bot) -> None:
    # With a payload the client sends `/start@bot <payload>` right after this, and the
    # request starts: the greeting must not read as if it had failed. It says what to do
    # only for the case of a bot added by hand.
    try:
        await bot.send_message(
            event.chat.id, i18n.get("link-joined", bot=(await bot.me()).username)
        )
    except TelegramAPIError as error:  # e.g. added to a group where members cannot write
        log.info("join hint not sent", chat_id=event.chat.id, error=error.message)


async def bot_removed(event: ChatMemberUpdated, links: LinkService) -> None:
    await links.chat_lost(event.chat.id, UnlinkReason.BOT_REMOVED)


async def migrated(message: Message, links: LinkService) -> None:
    """Telegram says it twice: `migrate_to_chat_id` in the old group, `migrate_from_chat_id`
    in the new supergroup; whichever arrives first moves the link."""
    if message.migrate_to_chat_id:
        await links.chat_moved(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await links.chat_moved(message.migrate_from_chat_id, message.chat.id)


# ---- for managers, in private --------------------------------------------------------


async def link_command(
    message: Message, cafe_id: str, i18n: I18nContext, links: LinkService, bot: Bot
) -> None:
    cafe, payload = await links.invite(int(cafe_id))
    username = (await bot.me()).username or ""
    await message.answer(
        i18n.get(
            "link-invite",
            cafe=quoted(cafe.name),
            link=startgroup_link(username, payload),
            payload=payload,
            bot=username,
        )
    )


async def requests_command(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(LinkRequests.MAIN, mode=StartMode.RESET_STACK)


async def open_request(
    callback: CallbackQuery,
    callback_data: OpenLinkRequest,
    dialog_manager: DialogManager,
    links: LinkService,
) -> None:
    await links.request(callback_data.id)  # a forged id, or the cafe deleted: refused
    await link_requests.QUEUE.show(callback, dialog_manager, callback_data.id)


async def refuse_callback(callback: CallbackQuery, i18n: I18nContext) -> None:
    await callback.answer(i18n.get("link-managers-only"), show_alert=True)


def create_router() -> Router:
    router = Router(name="links")

    groups = Router(name="links-groups")
    groups.message.filter(GROUPS)
    groups.my_chat_member.filter(GROUPS)
    groups.message.register(start_with_payload, CommandStart(deep_link=True))
    groups.message.register(how_to_link, CommandStart())
    groups.message.register(migrated, Magic(F.migrate_to_chat_id | F.migrate_from_chat_id))
    groups.my_chat_member.register(bot_added, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    groups.my_chat_member.register(bot_removed, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER))

    managers = Router(name="links-managers")
    managers.message.filter(PRIVATE)
    may_link, may_decide = Can(Action.LINK_CAFE), Can(Action.LINK_REQUESTS)
    managers.message.register(link_command, Command("link", magic=arguments(CAFE_ID)), may_link)
    managers.message.register(usage, Command("link"), may_link)
    managers.message.register(requests_command, Command("requests"), may_decide)
    managers.message.register(managers_only, Command("link", "requests"))
    managers.callback_query.register(open_request, OpenLinkRequest.filter(), may_decide)
    managers.callback_query.register(refuse_callback, OpenLinkRequest.filter())

    router.include_routers(groups, managers)
    return router
