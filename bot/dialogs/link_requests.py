"""The managers' dialog (`/requests`): pending link requests, paged → a request's card →
Approve / Reject, each confirmed → the result (the shape is `bot.dialogs.decisions`)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog

from bot.dialogs.decisions import DecisionQueue
from bot.dialogs.states import LinkRequests
from bot.link_notices import request_args
from core.config import Settings
from db.models import LinkRequestStatus, User
from services.links import AlreadyDecidedError, LinkService


async def read_page(
    *, offset: int, limit: int, links: LinkService, **_: Any
) -> tuple[list[dict[str, Any]], int, dict[str, Any]]:
    requests, total = await links.requests(LinkRequestStatus.PENDING, offset=offset, limit=limit)
    items = [
        # Button labels are plain text: no escaping here.
        {"id": r.id, "label": f"#{r.id} · {r.cafe.name} · {r.chat_title or r.tg_chat_id}"}
        for r in requests
    ]
    return items, total, {}


async def read_card(
    request_id: int, *, links: LinkService, settings: Settings, **_: Any
) -> tuple[dict[str, str], bool]:
    request = await links.request(request_id)
    return request_args(request, settings.tz), request.status is LinkRequestStatus.PENDING


async def decide(
    request_id: int, approve: bool, *, links: LinkService, user: User, **_: Any
) -> tuple[str, bool]:
    decision, told = await links.decide(request_id, user, approve=approve)
    return str(decision.request.status), told


QUEUE = DecisionQueue(
    states=LinkRequests,
    texts="requests",
    select_id="request",
    read_page=read_page,
    read_card=read_card,
    decide=decide,
    lost=AlreadyDecidedError,
)


def create_dialog() -> Dialog:
    return QUEUE.create_dialog()
