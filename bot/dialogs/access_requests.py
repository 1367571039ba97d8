"""The managers' dialog behind `/users`: the roster in one line, pending access requests
paged → a request's card → Approve / Reject, each confirmed → the result.

As in the cafe requests' dialog, getters read the database on every render and the decision
is the service's conditional update: of two managers confirming at once, one wins and the
other's result window says who decided and how.
"""

from __future__ import annotations

import math
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    CurrentPage,
    NextPage,
    PrevPage,
    Row,
    Select,
    StubScroll,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format
from magic_filter import F

from bot.access_notices import access_args
from bot.dialogs.states import AccessRequests
from bot.dialogs.widgets import I18nText
from bot.texts import error_text
from core.config import Settings
from db.models import AccessRequestStatus
from services.errors import DomainError
from services.roster import AccessAlreadyDecidedError, RosterService

PAGE_SIZE = 5
PAGES = "pages"


async def pending_page(dialog_manager: DialogManager, roster: RosterService, **_: Any) -> dict:
    scroll = dialog_manager.find(PAGES)
    page = await scroll.get_page()
    requests, total = await roster.pending(offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    pages = math.ceil(total / PAGE_SIZE)
    if not requests and total:  # the page emptied while away
        await scroll.set_page(pages - 1)
        return await pending_page(dialog_manager, roster)
    summary = await roster.summary()
    return {
        "requests": [
            {
                "id": r.id,
                "label": f"#{r.id} · {r.user.name}"
                + (f" · @{r.user.username}" if r.user.username else ""),
            }
            for r in requests
        ],
        "total": total,
        "members": summary.members,
        "managers": summary.managers,
        "signup": str(roster.signup),
        PAGES: pages,
    }


async def request_card(
    dialog_manager: DialogManager, roster: RosterService, settings: Settings, **_: Any
) -> dict:
    try:
        request = await roster.request(dialog_manager.dialog_data.get("request_id", 0))
    except DomainError:
        return {"missing": True, "pending": False}
    return {
        **access_args(request, settings.tz),
        "missing": False,
        "pending": request.status is AccessRequestStatus.PENDING,
    }


async def decision_result(dialog_manager: DialogManager, **kwargs: Any) -> dict:
    return {
        **await request_card(dialog_manager, **kwargs),
        "outcome": dialog_manager.dialog_data.get("outcome", "error"),
        "told": "yes" if dialog_manager.dialog_data.get("told") else "no",
        "error": dialog_manager.dialog_data.get("error", ""),
    }


async def open_card(_: CallbackQuery, __: Select, manager: DialogManager, request_id: int) -> None:
    manager.dialog_data["request_id"] = request_id
    await manager.switch_to(AccessRequests.card)


async def approve(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await _decide(manager, approve=True)


async def reject(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await _decide(manager, approve=False)


async def _decide(manager: DialogManager, *, approve: bool) -> None:
    data = manager.middleware_data
    roster: RosterService = data["roster"]
    try:
        request, told = await roster.decide(
            manager.dialog_data["request_id"], data["user"], approve=approve
        )
    except AccessAlreadyDecidedError:
        manager.dialog_data["outcome"] = "lost"
    except DomainError as error:
        manager.dialog_data.update(outcome="error", error=error_text(data["i18n"].get, error))
    else:
        manager.dialog_data.update(outcome=str(request.status), told=told)
    await manager.switch_to(AccessRequests.result)


async def remember_request(start_data: Any, manager: DialogManager) -> None:
    """Opened from a "new access request" message: start at that request's card."""
    if isinstance(start_data, dict) and "request_id" in start_data:
        manager.dialog_data["request_id"] = start_data["request_id"]


def _about(question: str | None = None) -> list[I18nText]:
    found = ~F["missing"]
    texts = [I18nText("users-missing", when="missing")]
    if question is None:
        return [*texts, I18nText("users-card", when=found)]
    return [
        *texts,
        I18nText(question, when="pending"),
        I18nText("users-card", when=found & ~F["pending"]),
    ]


def _back_to(state: Any, key: str = "dialog-back") -> SwitchTo:
    return SwitchTo(I18nText(key), id=f"to_{state.state.rsplit(':', 1)[-1]}", state=state)


def create_dialog() -> Dialog:
    pending_list = Window(
        I18nText("users-title"),
        I18nText("users-list", when="requests"),
        I18nText("users-empty", when=~F["requests"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="access_request",
                item_id_getter=lambda item: item["id"],
                items="requests",
                type_factory=int,
                on_click=open_card,
            )
        ),
        Row(
            PrevPage(scroll=PAGES),
            CurrentPage(scroll=PAGES, text=Format("{current_page1}/{pages}")),
            NextPage(scroll=PAGES),
            when=F[PAGES] > 1,
        ),
        StubScroll(id=PAGES, pages=PAGES),
        Cancel(I18nText("dialog-close")),
        getter=pending_page,
        state=AccessRequests.list,
    )
    card = Window(
        *_about(),
        Row(
            SwitchTo(
                I18nText("requests-approve"), id="approve", state=AccessRequests.confirm_approve
            ),
            SwitchTo(I18nText("requests-reject"), id="reject", state=AccessRequests.confirm_reject),
            when="pending",
        ),
        _back_to(AccessRequests.list),
        getter=request_card,
        state=AccessRequests.card,
    )
    confirm_approve = Window(
        *_about("users-confirm-approve"),
        Button(
            I18nText("requests-yes-approve"), id="yes_approve", on_click=approve, when="pending"
        ),
        _back_to(AccessRequests.card),
        getter=request_card,
        state=AccessRequests.confirm_approve,
    )
    confirm_reject = Window(
        *_about("users-confirm-reject"),
        Button(I18nText("requests-yes-reject"), id="yes_reject", on_click=reject, when="pending"),
        _back_to(AccessRequests.card),
        getter=request_card,
        state=AccessRequests.confirm_reject,
    )
    result = Window(
        I18nText("users-result"),
        _back_to(AccessRequests.list, "requests-to-list"),
        Cancel(I18nText("dialog-close")),
        getter=decision_result,
        state=AccessRequests.result,
    )
    return Dialog(
        pending_list, card, confirm_approve, confirm_reject, result, on_start=remember_request
    )
