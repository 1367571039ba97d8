"""The managers' dialog (`/requests`): pending link requests, paged → a request's card →
Approve / Reject, each confirmed → the result.

Getters read the database on every render, so a card always shows the request as it is now
(decided by someone else meanwhile, or gone). The decision itself is the service's
conditional update: of two managers confirming at once, one wins and the other's result
window says who decided and how.
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

from bot.dialogs.states import LinkRequests
from bot.dialogs.widgets import I18nText, back_to, labelled
from bot.link_notices import request_args
from bot.texts import error_text
from core.config import Settings
from db.models import LinkRequestStatus
from services.errors import DomainError
from services.linking import AlreadyDecidedError, LinkService

PAGE_SIZE = 5
PAGES = "pages"  # the StubScroll's id


# ---- getters -------------------------------------------------------------------------


async def pending_page(dialog_manager: DialogManager, links: LinkService, **_: Any) -> dict:
    scroll = dialog_manager.find(PAGES)
    page = await scroll.get_page()
    requests, total = await links.requests(
        LinkRequestStatus.PENDING, offset=page * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = math.ceil(total / PAGE_SIZE)
    if not requests and total:  # the page emptied while away (requests were decided)
        await scroll.set_page(pages - 1)
        return await pending_page(dialog_manager, links)
    return {
        "requests": [
            # Button labels are plain text: no escaping here.
            {"id": r.id, "label": f"#{r.id} · {r.cafe.name} · {r.chat_title or r.tg_chat_id}"}
            for r in requests
        ],
        "total": total,
        PAGES: pages,
    }


async def request_card(
    dialog_manager: DialogManager, links: LinkService, settings: Settings, **_: Any
) -> dict:
    request_id = dialog_manager.dialog_data.get("request_id")
    try:
        request = await links.request(request_id)
    except DomainError:
        return {"missing": True, "pending": False}
    return {
        **request_args(request, settings.tz),
        "missing": False,
        "pending": request.status is LinkRequestStatus.PENDING,
    }


async def decision_result(dialog_manager: DialogManager, **kwargs: Any) -> dict:
    return {
        **await request_card(dialog_manager, **kwargs),
        "outcome": dialog_manager.dialog_data.get("outcome", "error"),
        "told": "yes" if dialog_manager.dialog_data.get("told") else "no",
        "error": dialog_manager.dialog_data.get("error", ""),
    }


# ---- actions -------------------------------------------------------------------------


async def open_card(_: CallbackQuery, __: Select, manager: DialogManager, request_id: int) -> None:
    manager.dialog_data["request_id"] = request_id
    await manager.switch_to(LinkRequests.card)


async def approve(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await _decide(manager, approve=True)


async def reject(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await _decide(manager, approve=False)


async def _decide(manager: DialogManager, *, approve: bool) -> None:
    data = manager.middleware_data
    links: LinkService = data["links"]
    try:
        decision, told = await links.decide(
            manager.dialog_data["request_id"], data["user"], approve=approve
        )
    except AlreadyDecidedError:
        manager.dialog_data["outcome"] = "lost"  # the card now shows who decided
    except DomainError as error:
        manager.dialog_data.update(outcome="error", error=error_text(data["i18n"].get, error))
    else:
        manager.dialog_data.update(outcome=str(decision.request.status), told=told)
    await manager.switch_to(LinkRequests.result)


async def remember_request(start_data: Any, manager: DialogManager) -> None:
    """Opened from a "new request" message: start at that request's card."""
    if isinstance(start_data, dict) and "request_id" in start_data:
        manager.dialog_data["request_id"] = start_data["request_id"]


# ---- windows -------------------------------------------------------------------------


def _about_request(question: str | None = None) -> list[I18nText]:
    """The request as it is now: `question` while it is pending (if given), else its card
    with its status; or that it is gone."""
    found = ~F["missing"]
    texts = [I18nText("requests-missing", when="missing")]
    if question is None:
        return [*texts, I18nText("requests-card", when=found)]
    return [
        *texts,
        I18nText(question, when="pending"),
        I18nText("requests-card", when=found & ~F["pending"]),
    ]


def _close() -> Cancel:
    return Cancel(I18nText("dialog-close"))


def create_dialog() -> Dialog:
    pending_list = Window(
        I18nText("requests-list", when="requests"),
        I18nText("requests-empty", when=~F["requests"]),
        Column(labelled("request", "requests", open_card)),
        Row(
            PrevPage(scroll=PAGES),
            CurrentPage(scroll=PAGES, text=Format("{current_page1}/{pages}")),
            NextPage(scroll=PAGES),
            when=F[PAGES] > 1,
        ),
        StubScroll(id=PAGES, pages=PAGES),
        _close(),
        getter=pending_page,
        state=LinkRequests.list,
    )
    card = Window(
        *_about_request(),
        Row(
            SwitchTo(
                I18nText("requests-approve"), id="approve", state=LinkRequests.confirm_approve
            ),
            SwitchTo(I18nText("requests-reject"), id="reject", state=LinkRequests.confirm_reject),
            when="pending",
        ),
        back_to(LinkRequests.list),
        getter=request_card,
        state=LinkRequests.card,
    )
    confirm_approve = Window(
        *_about_request("requests-confirm-approve"),
        Button(
            I18nText("requests-yes-approve"), id="yes_approve", on_click=approve, when="pending"
        ),
        back_to(LinkRequests.card),
        getter=request_card,
        state=LinkRequests.confirm_approve,
    )
    confirm_reject = Window(
        *_about_request("requests-confirm-reject"),
        Button(I18nText("requests-yes-reject"), id="yes_reject", on_click=reject, when="pending"),
        back_to(LinkRequests.card),
        getter=request_card,
        state=LinkRequests.confirm_reject,
    )
    result = Window(
        I18nText("requests-result"),
        back_to(LinkRequests.list, "requests-to-list"),
        _close(),
        getter=decision_result,
        state=LinkRequests.result,
    )
    return Dialog(
        pending_list, card, confirm_approve, confirm_reject, result, on_start=remember_request
    )
