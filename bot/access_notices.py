"""What the bot tells people about access requests, written once for the bot's button, the
managers' dialog and the Mini App's route: the managers hear of a new request (with a button
that opens it), the person hears how it was decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.notify import Notifier
from bot.sender import ChatGone, DeliveryFailed, Sender
from bot.texts import local_time, quoted, username
from core.i18n import Translator
from core.logging import get_logger
from db.models import AccessRequest, AccessRequestStatus
from services.roster import AccessAsked, AccessOutcome

log = get_logger(__name__)


class OpenAccessRequest(CallbackData, prefix="accessreq"):
    """The button on a manager's "new access request" message."""

    id: int


class AskAccess(CallbackData, prefix="askaccess"):
    """The "Request access" button under the not-on-the-roster answer."""


def access_args(request: AccessRequest, tz: tzinfo) -> dict[str, str]:
    """A request as Fluent arguments, display-ready. Needs `user` and `decided_by` fetched."""
    person = request.user
    decider = request.decided_by if request.decided_by_id else None
    return {
        "id": str(request.id),
        "name": quoted(person.name),
        "username": username(person.username),
        "tgid": str(person.tgid),
        "created": local_time(request.created_at, tz),
        "status": str(request.status),
        "decided_by": quoted(decider.name if decider else None),
        "decided_at": local_time(request.decided_at, tz),
    }


@dataclass
class AccessNotices:
    sender: Sender
    translator: Translator
    notifier: Notifier
    tz: tzinfo
    mini_app_url: str | None

    async def request_opened(self, asked: AccessAsked) -> None:
        """A new request: every manager and admin gets it with a button to open it."""
        request = asked.request
        if asked.outcome is not AccessOutcome.CREATED or request is None:
            return

        def keyboard(locale: str) -> InlineKeyboardMarkup:
            button = InlineKeyboardButton(
                text=self.translator.get(locale, "roster-open-request"),
                callback_data=OpenAccessRequest(id=request.id).pack(),
            )
            return InlineKeyboardMarkup(inline_keyboard=[[button]])

        await self.notifier.managers(
            "roster-new-request", keyboard=keyboard, **access_args(request, self.tz)
        )

    async def decided(self, request: AccessRequest) -> bool:
        """Tell the person; True when the message went out (they may have blocked the bot)."""
        person = request.user
        approved = request.status is AccessRequestStatus.APPROVED
        key = "roster-approved" if approved else "roster-rejected"
        decider = request.decided_by.name if request.decided_by_id else None
        text = self.translator.get(person.language, key, by=quoted(decider))
        markup = None
        if approved and self.mini_app_url:
            button = InlineKeyboardButton(
                text=self.translator.get(person.language, "start-open-app"),
                web_app=WebAppInfo(url=self.mini_app_url),
            )
            markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
        try:
            await self.sender.send_message(person.tgid, text, reply_markup=markup)
        except (ChatGone, DeliveryFailed) as error:
            log.info("requester not told", tgid=person.tgid, reason=error.reason)
            return False
        return True
