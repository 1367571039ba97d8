"""How the bot tells people about cafe links: the `LinkNotifier` of `services.ports`, which
`services.links` calls for every adapter (the group handlers, the managers' dialog, the admin
commands, the REST routes).

Cafe chats read the cafe's language (`Cafe.language`); managers read their own. Everything
goes through the app's `Sender`, which also follows a chat that moved and unlinks one that is
gone: a feature sending to cafe chats needs no handling of its own for either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.notify import Notifier
from bot.sender import ChatGone, DeliveryFailed, Sender, unlink_reason
from bot.texts import local_time, quoted, username
from core.i18n import Translator
from core.logging import get_logger
from db.models import CafeLinkRequest
from services.links import Decision, LinkRequestResult, RequestOutcome, Unlinked, UnlinkReason

__all__ = ["LinkNotices", "OpenLinkRequest", "request_args", "unlink_reason"]

log = get_logger(__name__)


class OpenLinkRequest(CallbackData, prefix="linkreq"):
    """The button on a manager's "new request" message: opens that request in the dialog."""

    id: int


def request_args(request: CafeLinkRequest, tz: tzinfo) -> dict[str, str]:
    """A request as Fluent arguments, display-ready: escaped, local times, ids as text (Fluent
    would group a number's digits). Needs `cafe`, `requested_by`, `processed_by` fetched."""
    asker = request.requested_by if request.requested_by_id else None
    decider = request.processed_by if request.processed_by_id else None
    return {
        "id": str(request.id),
        "cafe": quoted(request.cafe.name),
        "cafe_id": str(request.cafe.id),
        "chat": quoted(request.chat_title),
        "username": username(request.tg_username),
        "chat_id": str(request.tg_chat_id),
        "asked_by": quoted(asker.name if asker else None),
        "created": local_time(request.created_at, tz),
        "status": str(request.status),
        "decided_by": quoted(decider.name if decider else None),
        "decided_at": local_time(request.processed_at, tz),
    }


@dataclass
class LinkNotices:
    sender: Sender
    translator: Translator
    notifier: Notifier
    tz: tzinfo

    # ---- to the managers ---------------------------------------------------------------

    async def request_opened(self, result: LinkRequestResult) -> None:
        """A new request: every manager and admin gets it with a button to open it."""
        request = result.request
        if result.outcome is not RequestOutcome.CREATED or request is None:
            return  # nothing new to decide

        def keyboard(locale: str) -> InlineKeyboardMarkup:
            button = InlineKeyboardButton(
                text=self.translator.get(locale, "link-open-request"),
                callback_data=OpenLinkRequest(id=request.id).pack(),
            )
            return InlineKeyboardMarkup(inline_keyboard=[[button]])

        await self.notifier.managers(
            "link-new-request", keyboard=keyboard, **request_args(request, self.tz)
        )

    async def chat_lost(self, unlinked: Unlinked, reason: UnlinkReason) -> None:
        """The bot lost the cafe's chat; its link was cleared."""
        await self.notifier.managers(
            "link-alert-unlinked",
            cafe=quoted(unlinked.cafe.name),
            cafe_id=str(unlinked.cafe.id),
            chat_id=str(unlinked.chat_id),
            reason=str(reason),
        )

    # ---- to the cafe chats -------------------------------------------------------------

    async def decided(self, decision: Decision) -> bool:
        """Tell the request's chat how it was decided; on approval also the chats whose
        requests it closed and the chat the cafe leaves behind. True when the request's
        chat got the message (False: it is lost to the bot, and was unlinked again)."""
        request = decision.request
        cafe = request.cafe
        key = "link-chat-approved" if decision.approved else "link-chat-rejected"
        told = await self.tell_chat(request.tg_chat_id, cafe.language, key, cafe=quoted(cafe.name))
        for closed in decision.closed:
            if closed.tg_chat_id != request.tg_chat_id:
                await self._tell_closed(closed)
        if decision.replaced_chat_id is not None:
            await self.unlinked(Unlinked(cafe, decision.replaced_chat_id))
        return told

    async def _tell_closed(self, request: CafeLinkRequest) -> None:
        cafe = request.cafe
        await self.tell_chat(
            request.tg_chat_id, cafe.language, "link-chat-closed", cafe=quoted(cafe.name)
        )

    async def unlinked(self, unlinked: Unlinked) -> None:
        """An admin cleared the link (or moved it elsewhere): the old chat hears it."""
        cafe = unlinked.cafe
        await self.tell_chat(
            unlinked.chat_id, cafe.language, "link-chat-unlinked", cafe=quoted(cafe.name)
        )

    async def tell_chat(self, chat_id: int, locale: str, key: str, **args: Any) -> bool:
        """Send a text to a cafe chat; True when the message went out (a chat that is gone
        was unlinked by the sender, the managers alerted)."""
        try:
            await self.sender.send_message(chat_id, self.translator.get(locale, key, **args))
        except ChatGone as gone:
            log.warning("cafe chat lost", chat_id=chat_id, key=key, reason=gone.reason)
        except DeliveryFailed as failed:
            log.warning("cafe chat not told", chat_id=chat_id, key=key, reason=failed.reason)
        else:
            return True
        return False
