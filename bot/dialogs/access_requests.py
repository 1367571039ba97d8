"""The managers' dialog behind `/users`: the roster in one line, pending access requests
paged → a request's card → Approve / Reject, each confirmed → the result (the shape is
`bot.dialogs.decisions`)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog

from bot.access_notices import access_args
from bot.dialogs.decisions import DecisionQueue
from bot.dialogs.states import AccessRequests
from core.config import Settings
from db.models import AccessRequestStatus, User
from services.roster import AccessAlreadyDecidedError, RosterService


async def read_page(
    *, offset: int, limit: int, roster: RosterService, **_: Any
) -> tuple[list[dict[str, Any]], int, dict[str, Any]]:
    requests, total = await roster.pending(offset=offset, limit=limit)
    items = [
        {
            "id": r.id,
            "label": f"#{r.id} · {r.user.name}"
            + (f" · @{r.user.username}" if r.user.username else ""),
        }
        for r in requests
    ]
    summary = await roster.summary()
    return (
        items,
        total,
        {"members": summary.members, "managers": summary.managers, "signup": str(roster.signup)},
    )


async def read_card(
    request_id: int, *, roster: RosterService, settings: Settings, **_: Any
) -> tuple[dict[str, str], bool]:
    request = await roster.request(request_id)
    return access_args(request, settings.tz), request.status is AccessRequestStatus.PENDING


async def decide(
    request_id: int, approve: bool, *, roster: RosterService, user: User, **_: Any
) -> tuple[str, bool]:
    request, told = await roster.decide(request_id, user, approve=approve)
    return str(request.status), told


QUEUE = DecisionQueue(
    states=AccessRequests,
    texts="users",
    select_id="access_request",
    read_page=read_page,
    read_card=read_card,
    decide=decide,
    lost=AccessAlreadyDecidedError,
    header="users-title",
)


def create_dialog() -> Dialog:
    return QUEUE.create_dialog()
