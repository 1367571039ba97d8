"""What the use cases need from the outside world, as the use cases name it.

The services decide *that* someone is told and *what* happened; how it reaches them (Telegram,
the texts, the buttons, rate limits) is the bot's. `bot/` implements these protocols
(`bot/link_notices.py`, `bot/access_notices.py`, `bot/menu_notices.py`,
`bot/confirmations.py`, `bot/notifications/delivery.py`, `bot/chats.py`);
`lunchbot/container.py` hands the implementations to the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from db.models import AccessRequest, Cafe, DeadlineNotification, Order, User
    from services.links import ChatRef, Decision, LinkRequestResult, Unlinked, UnlinkReason
    from services.menu_admin import Affected
    from services.notifications.orders import CafeOrders
    from services.roster import AccessAsked


class SendFailed(Exception):
    """A message could not be delivered (refused, or failing past the last retry)."""

    def __init__(self, chat_id: int, reason: str) -> None:
        super().__init__(f"chat {chat_id}: {reason}")
        self.chat_id = chat_id
        self.reason = reason

    @property
    def description(self) -> str:
        """What a record of the failure says (a notification row's `last_error`)."""
        return self.reason


class ChatUnreachable(SendFailed):
    """The chat is lost to the bot: kicked, removed, blocked, deleted. The sender has already
    unlinked a cafe that used it (see `LinkService.chat_lost`)."""

    @property
    def description(self) -> str:
        return f"chat gone: {self.reason}"


class LinkNotifier(Protocol):
    """Tells managers and cafe chats what happened to a cafe's link."""

    async def request_opened(self, result: LinkRequestResult) -> None:
        """A chat asked to be linked: the managers get the request to decide."""

    async def decided(self, decision: Decision) -> bool:
        """The request's chat (and the chats it affects) hear the decision; True when the
        request's chat got it."""

    async def unlinked(self, unlinked: Unlinked) -> None:
        """The chat a cafe left behind hears that it no longer receives the orders."""

    async def chat_lost(self, unlinked: Unlinked, reason: UnlinkReason) -> None:
        """The managers hear that a cafe lost its chat."""


class AccessNotifier(Protocol):
    """Tells managers of a request to join the office roster, and the person of its decision."""

    async def request_opened(self, asked: AccessAsked) -> None: ...

    async def decided(self, request: AccessRequest) -> bool:
        """True when the person got the message."""


class MenuNotifier(Protocol):
    """Tells employees what a menu change did to their orders; returns how many were told."""

    async def dish_stopped(self, affected: Iterable[Affected]) -> int: ...

    async def orders_cancelled(self, affected: Iterable[Affected]) -> int: ...


class OrderNotifier(Protocol):
    """Tells an order's owner its state (the confirmation in their private chat), after a
    change they made in the Mini App."""

    async def order_changed(self, action: str, order: Order, owner: User) -> None: ...


class ChatLookup(Protocol):
    """Asks Telegram what a chat really is (the web API's link requests name a chat by id)."""

    async def verified_group(self, chat_id: int, caller_tgid: int) -> ChatRef:
        """The group as Telegram describes it; `ForbiddenError` unless the bot is in it and
        the caller is one of its administrators, `UnavailableError` when Telegram is down."""
        ...


PartSent = Callable[[int, int], Awaitable[None]]  # (chat id, message id) of a part sent


class CafeLists(Protocol):
    """Sends a cafe chat its list of orders for a day (the deadline notification)."""

    async def send(
        self, summary: CafeOrders, record: DeadlineNotification, chat_id: int, sent: PartSent
    ) -> None:
        """Send the parts of the list not yet in `record.message_ids`, to `chat_id`; `sent`
        is awaited after each one Telegram accepted. Raises `SendFailed`."""

    async def skipped_with_orders(self, cafe: Cafe, day: dt.date, count: int) -> None:
        """Orders were placed and the list reached no chat: the managers hear of it."""

    def list_sent(self, cafe_id: int, day: dt.date) -> None:
        """The list went out (the order confirmations say so)."""
