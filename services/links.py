"""Linking a cafe to its Telegram group chat.

A manager sends the cafe a deep link whose payload names the cafe and is signed (`LinkPayloads`);
`/start <payload>` in the group (or the REST endpoint) opens a pending `CafeLinkRequest`; a
manager approves or rejects it. A decision is one conditional UPDATE (`… WHERE status =
'pending'`), so when two managers decide at once exactly one wins and the other learns who did.

Telegram-side changes to a chat are applied here too, for every feature that notices them:
`chat_lost()` when the bot was removed or the chat is gone, `chat_moved()` when a group became
a supergroup (the bot's sender calls both whenever a send meets them).

The use cases (`ask`, `decide`, `unlink`, `chat_lost`) record and tell, in one call, whoever
asks: the bot's handlers and dialog, the web API. Who is told is decided here; how, by the
`LinkNotifier` the bot implements (`services.ports`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.clock import Clock
from core.logging import get_logger
from core.metrics import Metrics
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, User
from services.errors import ConflictError, ForbiddenError, NotFoundError
from services.inputs import MAX_ID
from services.permissions import Action
from services.ports import LinkNotifier
from services.text import single_line
from services.users import UserService

log = get_logger(__name__)

PENDING = LinkRequestStatus.PENDING


def _possible(row_id: int) -> bool:
    return 0 < row_id <= MAX_ID


# ---- deep-link payloads ----------------------------------------------------------------

# Matched with fullmatch: `$` would also accept a trailing newline.
_PAYLOAD = re.compile(r"([1-9][0-9]{0,18})-([A-Za-z0-9_-]{22})")
_MAC_BYTES = 16  # 128 bits: guessing one is hopeless, and the payload stays short


class LinkPayloads:
    """`<cafe_id>-<MAC>`, signed rather than stored: nothing to look up, nothing to expire.

    The MAC is HMAC-SHA256 of the cafe id under a key derived from the bot token, truncated to
    128 bits and base64url-encoded: 24-33 characters of `[A-Za-z0-9_-]`, well inside Telegram's
    64. Rotating the bot token invalidates every link handed out before.
    """

    def __init__(self, bot_token: str) -> None:
        self._key = hmac.new(bot_token.encode(), b"lunchbot:cafe-link", hashlib.sha256).digest()

    def _mac(self, cafe_id: int) -> str:
        digest = hmac.new(self._key, str(cafe_id).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).decode().rstrip("=")

    def make(self, cafe_id: int) -> str:
        return f"{cafe_id}-{self._mac(cafe_id)}"

    def cafe_id(self, payload: str) -> int | None:
        """The cafe a payload was made for; None when it is malformed or not ours."""
        match = _PAYLOAD.fullmatch(payload)
        if match is None:
            return None
        cafe_id = int(match.group(1))
        if not hmac.compare_digest(match.group(2), self._mac(cafe_id)):
            return None
        return cafe_id


# ---- what callers get back -------------------------------------------------------------


@dataclass(frozen=True)
class ChatRef:
    """The Telegram chat a link request comes from."""

    id: int
    title: str | None = None
    username: str | None = None


class RequestOutcome(StrEnum):
    CREATED = "created"
    ALREADY_PENDING = "already_pending"  # this chat already waits for this cafe: no duplicate
    ALREADY_LINKED = "already_linked"  # this chat is this cafe's chat already


@dataclass(frozen=True)
class LinkRequestResult:
    outcome: RequestOutcome
    cafe: Cafe
    request: CafeLinkRequest | None  # None when the chat is already linked


@dataclass(frozen=True)
class Decision:
    """A request decided by one manager, and what it changed besides."""

    request: CafeLinkRequest  # with cafe, requested_by and processed_by fetched
    # Approval only: pending requests it closed (the cafe's others, the chat's others)…
    closed: list[CafeLinkRequest] = field(default_factory=list)
    # …and the chat the cafe was linked to until now, if it was another one.
    replaced_chat_id: int | None = None

    @property
    def approved(self) -> bool:
        return self.request.status is LinkRequestStatus.APPROVED


class UnlinkReason(StrEnum):
    """Why a link was cleared; each has a text in `locales/*/links.ftl`."""

    ADMIN = "admin"  # /unlink or DELETE /cafes/{id}/link
    BOT_REMOVED = "bot_removed"  # my_chat_member: the bot left or was kicked
    BOT_FORBIDDEN = "bot_forbidden"  # Telegram refused a send: kicked, not a member
    CHAT_NOT_FOUND = "chat_not_found"  # Telegram no longer knows the chat


@dataclass(frozen=True)
class Unlinked:
    cafe: Cafe  # as it is now, without a chat
    chat_id: int  # the chat it was linked to


class AlreadyDecidedError(ConflictError):
    """Someone decided this request first; says who and how."""

    code = "already_decided"

    def __init__(self, request: CafeLinkRequest) -> None:
        by = request.processed_by
        who = by.name if by is not None else "someone"
        when = request.processed_at.isoformat() if request.processed_at else None
        super().__init__(
            f"Request #{request.id} was already {request.status} by {who}",
            status=str(request.status),
            decided_by={"tgid": by.tgid, "name": by.name} if by is not None else None,
            decided_at=when,
        )
        self.request = request


# ---- the service ---------------------------------------------------------------------


async def find_cafe(cafe_id: int) -> Cafe:
    """The cafe, or `NotFoundError` (also what `lunchbot link` needs, without a service)."""
    cafe = await Cafe.get_or_none(id=cafe_id) if _possible(cafe_id) else None
    if cafe is None:
        raise NotFoundError(f"No cafe #{cafe_id}", code="cafe_not_found", cafe_id=cafe_id)
    return cafe


@dataclass
class LinkService:
    payloads: LinkPayloads
    users: UserService
    clock: Clock
    metrics: Metrics
    notifier: LinkNotifier

    # -- reading

    async def cafe(self, cafe_id: int) -> Cafe:
        return await find_cafe(cafe_id)

    async def cafes(self) -> list[Cafe]:
        return await Cafe.all().order_by("id")

    async def cafe_of_chat(self, chat_id: int) -> Cafe | None:
        """The cafe this chat is linked to, if any."""
        return await Cafe.get_or_none(tg_chat_id=chat_id)

    async def request(self, request_id: int) -> CafeLinkRequest:
        request = (
            await CafeLinkRequest.get_or_none(id=request_id).prefetch_related(
                "cafe", "requested_by", "processed_by"
            )
            if _possible(request_id)
            else None
        )
        if request is None:
            raise NotFoundError(
                f"No link request #{request_id}", code="request_not_found", request_id=request_id
            )
        return request

    async def requests(
        self, status: LinkRequestStatus | None = None, *, offset: int = 0, limit: int = 50
    ) -> tuple[list[CafeLinkRequest], int]:
        """One page of requests (pending ones oldest first, as a queue; others newest first)
        and how many there are in all."""
        query = CafeLinkRequest.all() if status is None else CafeLinkRequest.filter(status=status)
        order = ("created_at", "id") if status is PENDING else ("-created_at", "-id")
        page = (
            await query.order_by(*order)
            .offset(offset)
            .limit(limit)
            .prefetch_related("cafe", "requested_by", "processed_by")
        )
        return page, await query.count()

    async def invite(self, cafe_id: int) -> tuple[Cafe, str]:
        """The cafe and the signed payload of its deep link (`NotFoundError` for no cafe)."""
        cafe = await self.cafe(cafe_id)
        return cafe, self.payloads.make(cafe.id)

    # -- requests

    def check_payload(self, payload: str, cafe_id: int | None = None) -> int:
        """The cafe a valid payload names (and it must be `cafe_id`, when given)."""
        signed_for = self.payloads.cafe_id(payload)
        if signed_for is None or (cafe_id is not None and signed_for != cafe_id):
            self.metrics.link_requests.labels("invalid_payload").inc()
            raise ForbiddenError(
                "The payload is not a valid link code for this cafe", code="invalid_payload"
            )
        return signed_for

    async def ask(
        self,
        payload: str,
        chat: ChatRef,
        requested_by: User | None,
        *,
        cafe_id: int | None = None,
    ) -> LinkRequestResult:
        """A chat asks to be linked (`/start <payload>` in the group, or the REST route): the
        request is opened and, when it is new, the managers are told."""
        result = await self.request_link(payload, chat, requested_by, cafe_id=cafe_id)
        await self.notifier.request_opened(result)
        return result

    async def request_link(
        self,
        payload: str,
        chat: ChatRef,
        requested_by: User | None,
        *,
        cafe_id: int | None = None,
    ) -> LinkRequestResult:
        """Open a pending request for `chat` to become the chat of the payload's cafe, telling
        nobody (`ask` tells the managers).

        `cafe_id`, when given (the REST route names the cafe in its path), must be the cafe the
        payload was made for. At most one request per (cafe, chat) is pending at a time.
        """
        signed_for = self.check_payload(payload, cafe_id)
        async with in_transaction():
            # The cafe row lock serialises requests for one cafe across processes, so two
            # `/start`s at once cannot both find "nothing pending" and both create one.
            cafe = await Cafe.select_for_update().get_or_none(id=signed_for)
            if cafe is None:
                raise NotFoundError(
                    f"No cafe #{signed_for}", code="cafe_not_found", cafe_id=signed_for
                )
            if cafe.tg_chat_id == chat.id:
                result = LinkRequestResult(RequestOutcome.ALREADY_LINKED, cafe, None)
            else:
                await self._chat_is_free(chat.id, cafe)
                result = await self._pending_or_new(cafe, chat, requested_by)
        self.metrics.link_requests.labels(str(result.outcome)).inc()
        log.info(
            "link request",
            outcome=str(result.outcome),
            cafe_id=cafe.id,
            chat_id=chat.id,
            request_id=result.request.id if result.request else None,
        )
        return result

    async def _pending_or_new(
        self, cafe: Cafe, chat: ChatRef, requested_by: User | None
    ) -> LinkRequestResult:
        pending = await CafeLinkRequest.filter(
            cafe_id=cafe.id, tg_chat_id=chat.id, status=PENDING
        ).first()
        if pending is not None:
            outcome = RequestOutcome.ALREADY_PENDING
        else:
            outcome = RequestOutcome.CREATED
            pending = await CafeLinkRequest.create(
                cafe=cafe,
                tg_chat_id=chat.id,
                tg_username=single_line(chat.username, 64),
                chat_title=single_line(chat.title, 255),
                requested_by=requested_by,
            )
        await pending.fetch_related("cafe", "requested_by")
        return LinkRequestResult(outcome, cafe, pending)

    async def _chat_is_free(self, chat_id: int, cafe: Cafe) -> None:
        """A chat serves one cafe (`tg_chat_id` is unique): say so before the database does."""
        other = await Cafe.filter(tg_chat_id=chat_id).exclude(id=cafe.id).first()
        if other is not None:
            raise ConflictError(
                f"This chat is already linked to cafe #{other.id} {other.name}; unlink it first",
                code="chat_linked_elsewhere",
                cafe_id=other.id,
                cafe_name=other.name,
            )

    # -- decisions

    async def decide(self, request_id: int, by: User, *, approve: bool) -> tuple[Decision, bool]:
        """A manager decides a request; the chats it concerns are told. Returns the decision
        and whether the request's chat heard it (False: the chat is lost to the bot, and the
        cafe was unlinked again)."""
        decision = await (self.approve if approve else self.reject)(request_id, by)
        return decision, await self.notifier.decided(decision)

    async def approve(self, request_id: int, by: User) -> Decision:
        return await self._decide(request_id, LinkRequestStatus.APPROVED, by)

    async def reject(self, request_id: int, by: User) -> Decision:
        return await self._decide(request_id, LinkRequestStatus.REJECTED, by)

    async def _decide(self, request_id: int, status: LinkRequestStatus, by: User) -> Decision:
        self.users.require(by, Action.LINK_REQUESTS)  # also refuses a deactivated manager
        request = await self.request(request_id)  # NotFoundError when there is none
        now = self.clock.now()
        async with in_transaction():
            # Lock, in id order, every pending row this decision may touch (ours, the cafe's
            # others, the chat's others): two decisions that overlap queue up here rather than
            # deadlock later on each other's rows.
            # (Whole rows: Tortoise drops FOR UPDATE from `values_list()` queries.)
            await self._affected(request).order_by("id").select_for_update()
            # The decision itself: only the first UPDATE finds the row pending; any later one
            # (another manager, another process) changes nothing and learns who decided.
            won = await CafeLinkRequest.filter(id=request_id, status=PENDING).update(
                status=status, processed_at=now, processed_by_id=by.id
            )
            if not won:
                self.metrics.link_decisions.labels("lost").inc()
                raise AlreadyDecidedError(await self.request(request_id))
            request = await self.request(request_id)
            decision = (
                await self._link(request, now, by)
                if status is LinkRequestStatus.APPROVED
                else Decision(request)
            )
        self.metrics.link_decisions.labels(str(status)).inc()
        log.info(
            "link request decided",
            request_id=request.id,
            status=str(status),
            cafe_id=request.cafe.id,
            chat_id=request.tg_chat_id,
            by=by.tgid,
            closed=[r.id for r in decision.closed],
        )
        return decision

    @staticmethod
    def _affected(request: CafeLinkRequest) -> QuerySet[CafeLinkRequest]:
        return CafeLinkRequest.filter(
            Q(cafe_id=request.cafe_id) | Q(tg_chat_id=request.tg_chat_id), status=PENDING
        )

    async def _link(self, request: CafeLinkRequest, now: datetime, by: User) -> Decision:
        cafe = request.cafe
        await self._chat_is_free(request.tg_chat_id, cafe)
        replaced = cafe.tg_chat_id if cafe.tg_chat_id not in (None, request.tg_chat_id) else None
        try:
            await Cafe.filter(id=cafe.id).update(
                tg_chat_id=request.tg_chat_id,
                tg_username=request.tg_username,
                linked_at=now,
                notifications_enabled=True,
            )
        except IntegrityError:
            # Another cafe took this chat between our check and our update.
            raise ConflictError(
                "This chat was just linked to another cafe", code="chat_linked_elsewhere"
            ) from None
        await cafe.refresh_from_db()
        # The cafe has its chat and the chat its cafe: whatever else waited for either is moot.
        closed = await self._affected(request).prefetch_related("cafe")
        if closed:
            await CafeLinkRequest.filter(id__in=[r.id for r in closed]).update(
                status=LinkRequestStatus.REJECTED, processed_at=now, processed_by_id=by.id
            )
        return Decision(request, closed=list(closed), replaced_chat_id=replaced)

    # -- the link itself

    async def set_notifications(self, cafe_id: int, enabled: bool) -> Cafe:
        cafe = await self.cafe(cafe_id)
        if cafe.notifications_enabled != enabled:
            await Cafe.filter(id=cafe.id).update(notifications_enabled=enabled)
            cafe.notifications_enabled = enabled
            log.info("cafe notifications set", cafe_id=cafe.id, enabled=enabled)
        return cafe

    async def unlink(self, cafe_id: int) -> Unlinked:
        """An admin clears a cafe's link and the chat hears it; NotFoundError when it has
        none."""
        cafe = await self.cafe(cafe_id)
        # None also when someone else cleared it a moment ago.
        unlinked = await self._clear(cafe, UnlinkReason.ADMIN)
        if unlinked is None:
            raise NotFoundError(
                f"Cafe #{cafe.id} {cafe.name} is not linked to a chat",
                code="not_linked",
                cafe_id=cafe.id,
                cafe_name=cafe.name,
            )
        await self.notifier.unlinked(unlinked)
        return unlinked

    async def chat_lost(self, chat_id: int, reason: UnlinkReason) -> Unlinked | None:
        """The bot lost `chat_id`: the cafe it served is unlinked and the managers are told.
        Exactly one caller tells them, however many processes notice at once."""
        unlinked = await self.unlink_chat(chat_id, reason)
        if unlinked is not None:
            await self.notifier.chat_lost(unlinked, reason)
        return unlinked

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> Cafe | None:
        """The group became a supergroup: the link follows it; nobody needs telling. A
        supergroup linked to another cafe meanwhile keeps that link."""
        try:
            return await self.move_chat(old_chat_id, new_chat_id)
        except ConflictError:
            log.warning(
                "migrated chat is another cafe's", old_chat_id=old_chat_id, chat_id=new_chat_id
            )
            return None

    async def unlink_chat(self, chat_id: int, reason: UnlinkReason) -> Unlinked | None:
        """The chat is lost to the bot (removed, kicked, deleted): clear the link of the cafe it
        served and close the requests still waiting for it.

        Returns what was unlinked, or None when no cafe was linked to the chat — also when
        another process cleared it first, so exactly one caller alerts the managers.
        """
        await CafeLinkRequest.filter(tg_chat_id=chat_id, status=PENDING).update(
            status=LinkRequestStatus.REJECTED, processed_at=self.clock.now()
        )
        cafe = await Cafe.get_or_none(tg_chat_id=chat_id)
        return await self._clear(cafe, reason) if cafe is not None else None

    async def _clear(self, cafe: Cafe, reason: UnlinkReason) -> Unlinked | None:
        chat_id = cafe.tg_chat_id
        if chat_id is None:
            return None
        # Conditional, so of two processes clearing the same link only one reports it.
        cleared = await Cafe.filter(id=cafe.id, tg_chat_id=chat_id).update(
            tg_chat_id=None, tg_username=None, linked_at=None
        )
        if not cleared:
            return None
        cafe.tg_chat_id = cafe.tg_username = cafe.linked_at = None
        log.warning("cafe unlinked", cafe_id=cafe.id, chat_id=chat_id, reason=str(reason))
        return Unlinked(cafe, chat_id)

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> Cafe | None:
        """A group became a supergroup under a new id (`migrate_to_chat_id`, or Telegram's
        "group chat was upgraded" error on a send): its link and pending requests follow it.

        Idempotent: Telegram reports a migration twice (in the old chat and in the new one),
        and only the first call finds anything to move. Returns the cafe that moved, if any.
        """
        await CafeLinkRequest.filter(tg_chat_id=old_chat_id, status=PENDING).update(
            tg_chat_id=new_chat_id
        )
        try:
            moved = await Cafe.filter(tg_chat_id=old_chat_id).update(tg_chat_id=new_chat_id)
        except IntegrityError:
            raise ConflictError(
                f"Chat {new_chat_id} is already linked to another cafe",
                code="chat_linked_elsewhere",
            ) from None
        if not moved:
            return None
        cafe = await Cafe.get(tg_chat_id=new_chat_id)
        log.info(
            "cafe chat migrated", cafe_id=cafe.id, old_chat_id=old_chat_id, chat_id=new_chat_id
        )
        return cafe
