"""The office roster's front door: someone who is not on it asks to be, a manager decides.

What asking does is `SIGNUP`'s: with `approval` it opens a request that every manager sees
(at most one pending per person; after a rejection, one more a day), with `open` nobody has
to ask (they are on the roster at first contact, `UserService.touch`), with `closed` nobody
can (the import and `/grant` only). Decisions are conditional updates, as for cafe links: of
two managers deciding at once (two processes, two taps) the first wins and the other learns
who decided.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tortoise.transactions import in_transaction

from core.clock import Clock
from core.config import Signup
from core.logging import get_logger
from db.models import AccessRequest, AccessRequestStatus, User
from services.errors import ConflictError, ForbiddenError, NotFoundError
from services.inputs import MAX_ID
from services.permissions import Action
from services.ports import AccessNotifier
from services.users import UserService, roster

log = get_logger(__name__)

PENDING = AccessRequestStatus.PENDING
# How long someone rejected waits before they may ask again (managers are not pestered).
ASK_AGAIN_AFTER = dt.timedelta(days=1)


class AccessOutcome(StrEnum):
    CREATED = "created"  # managers are to be told
    ALREADY_PENDING = "already_pending"
    ALREADY_MEMBER = "already_member"


@dataclass(frozen=True)
class AccessAsked:
    outcome: AccessOutcome
    request: AccessRequest | None  # user, decided_by fetched


@dataclass(frozen=True)
class RosterSummary:
    members: int
    managers: int  # managers and admins among them
    pending: int


class AccessAlreadyDecidedError(ConflictError):
    """Someone decided this request first; says who and how."""

    code = "already_decided"

    def __init__(self, request: AccessRequest) -> None:
        by = request.decided_by
        super().__init__(
            f"Access request #{request.id} was already {request.status}"
            f" by {by.name if by is not None else 'someone'}",
            status=str(request.status),
            decided_by={"tgid": by.tgid, "name": by.name} if by is not None else None,
        )
        self.request = request


@dataclass
class RosterService:
    """Who asks to join the office roster, and the managers' decisions; the people concerned
    are told through the `AccessNotifier` the bot implements."""

    users: UserService
    clock: Clock
    notifier: AccessNotifier

    @property
    def signup(self) -> Signup:
        return self.users.signup

    async def ask(self, user: User) -> AccessAsked:
        """Someone not on the roster asks to join; the managers are told of a new request."""
        asked = await self._ask(user)
        await self.notifier.request_opened(asked)
        return asked

    async def _ask(self, user: User) -> AccessAsked:
        """The "Request access" button (the bot's and the Mini App's)."""
        if not user.is_active:
            raise ForbiddenError("This account is disabled", code="account_disabled")
        if self.users.is_member(user):
            return AccessAsked(AccessOutcome.ALREADY_MEMBER, None)
        if self.signup is Signup.CLOSED:
            raise ForbiddenError(
                "The office adds people itself: ask your office manager", code="signup_closed"
            )
        if self.signup is Signup.OPEN:  # a row from before SIGNUP became open
            await self.users.add_to_roster(user)
            return AccessAsked(AccessOutcome.ALREADY_MEMBER, None)
        async with in_transaction():
            # The person's row lock serialises their taps across processes: one request.
            await User.select_for_update().get(id=user.id)
            pending = await AccessRequest.filter(user_id=user.id, status=PENDING).first()
            if pending is not None:
                return AccessAsked(AccessOutcome.ALREADY_PENDING, await self.request(pending.id))
            last = (
                await AccessRequest.filter(user_id=user.id, status=AccessRequestStatus.REJECTED)
                .order_by("-decided_at")
                .first()
            )
            now = self.clock.now()
            if last is not None and last.decided_at and now - last.decided_at < ASK_AGAIN_AFTER:
                again = last.decided_at + ASK_AGAIN_AFTER
                raise ConflictError(
                    "Your request was declined; you may ask again later",
                    code="access_rejected",
                    ask_again_at=again.isoformat(),
                )
            created = await AccessRequest.create(user_id=user.id)
        log.info("access request", request_id=created.id, tgid=user.tgid)
        return AccessAsked(AccessOutcome.CREATED, await self.request(created.id))

    async def request(self, request_id: int) -> AccessRequest:
        request = None
        if 1 <= request_id <= MAX_ID:
            request = await AccessRequest.get_or_none(id=request_id).prefetch_related(
                "user", "decided_by"
            )
        if request is None:
            raise NotFoundError(
                f"No access request #{request_id}", code="request_not_found", id=request_id
            )
        return request

    async def latest(self, user: User) -> AccessRequest | None:
        """Their most recent request, for the Mini App's "asked / declined" line."""
        return await AccessRequest.filter(user_id=user.id).order_by("-id").first()

    async def pending(self, *, offset: int, limit: int) -> tuple[list[AccessRequest], int]:
        query = AccessRequest.filter(status=PENDING)
        total = await query.count()
        rows = (
            await query.order_by("created_at", "id")
            .offset(offset)
            .limit(limit)
            .prefetch_related("user")
        )
        return rows, total

    async def summary(self) -> RosterSummary:
        members = roster()
        return RosterSummary(
            members=await members.count(),
            managers=await members.filter(role__in=["manager", "admin"]).count(),
            pending=await AccessRequest.filter(status=PENDING).count(),
        )

    async def decide(
        self, request_id: int, by: User, *, approve: bool
    ) -> tuple[AccessRequest, bool]:
        """A manager decides; the person is told. Returns the request and whether they got
        the message."""
        request = await (self.approve if approve else self.reject)(request_id, by)
        return request, await self.notifier.decided(request)

    async def approve(self, request_id: int, by: User) -> AccessRequest:
        return await self._decide(request_id, AccessRequestStatus.APPROVED, by)

    async def reject(self, request_id: int, by: User) -> AccessRequest:
        return await self._decide(request_id, AccessRequestStatus.REJECTED, by)

    async def _decide(
        self, request_id: int, status: AccessRequestStatus, by: User
    ) -> AccessRequest:
        self.users.require(by, Action.ACCESS_REQUESTS)  # a deactivated manager decides nothing
        request = await self.request(request_id)
        async with in_transaction():
            # Only the first UPDATE finds the row pending; a later one changes nothing.
            won = await AccessRequest.filter(id=request_id, status=PENDING).update(
                status=status, decided_at=self.clock.now(), decided_by_id=by.id
            )
            if not won:
                raise AccessAlreadyDecidedError(await self.request(request_id))
            if status is AccessRequestStatus.APPROVED:
                await self.users.add_to_roster(request.user)
        log.info(
            "access request decided",
            request_id=request_id,
            status=str(status),
            tgid=request.user.tgid,
            by=by.tgid,
        )
        return await self.request(request_id)
