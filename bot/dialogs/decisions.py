"""A queue of requests that managers decide: the pending ones, paged → a request's card →
Approve / Reject, each confirmed → the result. The cafe links' dialog (`/requests`) and the
access requests' (`/users`) are this one shape with their own texts, reads and decision.

Getters read the database on every render, so a card always shows the request as it is now
(decided by someone else meanwhile, or gone). The decision itself is the service's
conditional update: of two managers confirming at once, one wins and the other's result
window says who decided and how.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
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

from bot.dialogs.widgets import I18nText, back_to, labelled
from bot.texts import error_text
from services.errors import DomainError

PAGE_SIZE = 5
PAGES = "pages"  # the StubScroll's id

# (offset, limit, **middleware data) -> (the page's {"id", "label"} items, total, more getter data)
ReadPage = Callable[..., Awaitable[tuple[list[dict[str, Any]], int, dict[str, Any]]]]
# (request id, **middleware data) -> (the card's Fluent arguments, still pending?);
# DomainError when there is no such request
ReadCard = Callable[..., Awaitable[tuple[dict[str, str], bool]]]
# (request id, approve?, **middleware data with the deciding `user`) -> (the status now, told?)
Decide = Callable[..., Awaitable[tuple[str, bool]]]


@dataclass(frozen=True)
class DecisionQueue:
    states: Any  # a StatesGroup: MAIN (the list), CARD, CONFIRM_APPROVE, CONFIRM_REJECT, RESULT
    texts: str  # the prefix of its texts: `<texts>-list`, `-empty`, `-card`, `-missing`, …
    select_id: str
    read_page: ReadPage
    read_card: ReadCard
    decide: Decide
    lost: type[DomainError]  # "someone decided first"
    header: str | None = None  # a text above the list

    # ---- getters ---------------------------------------------------------------------

    async def pending_page(self, dialog_manager: DialogManager, **data: Any) -> dict:
        scroll = dialog_manager.find(PAGES)
        page = await scroll.get_page()
        items, total, more = await self.read_page(offset=page * PAGE_SIZE, limit=PAGE_SIZE, **data)
        pages = math.ceil(total / PAGE_SIZE)
        if not items and total:  # the page emptied while away (requests were decided)
            await scroll.set_page(pages - 1)
            return await self.pending_page(dialog_manager, **data)
        return {"requests": items, "total": total, PAGES: pages, **more}

    async def request_card(self, dialog_manager: DialogManager, **data: Any) -> dict:
        try:
            args, pending = await self.read_card(
                dialog_manager.dialog_data.get("request_id", 0), **data
            )
        except DomainError:
            return {"missing": True, "pending": False}
        return {**args, "missing": False, "pending": pending}

    async def decision_result(self, dialog_manager: DialogManager, **data: Any) -> dict:
        return {
            **await self.request_card(dialog_manager, **data),
            "outcome": dialog_manager.dialog_data.get("outcome", "error"),
            "told": "yes" if dialog_manager.dialog_data.get("told") else "no",
            "error": dialog_manager.dialog_data.get("error", ""),
        }

    # ---- actions ---------------------------------------------------------------------

    async def open_card(
        self, _: CallbackQuery, __: Select, manager: DialogManager, request_id: int
    ) -> None:
        manager.dialog_data["request_id"] = request_id
        await manager.switch_to(self.states.CARD)

    async def approve(self, _: CallbackQuery, __: Button, manager: DialogManager) -> None:
        await self._decide(manager, approve=True)

    async def reject(self, _: CallbackQuery, __: Button, manager: DialogManager) -> None:
        await self._decide(manager, approve=False)

    async def _decide(self, manager: DialogManager, *, approve: bool) -> None:
        data = manager.middleware_data
        try:
            status, told = await self.decide(manager.dialog_data["request_id"], approve, **data)
        except self.lost:
            manager.dialog_data["outcome"] = "lost"  # the card now shows who decided
        except DomainError as error:
            manager.dialog_data.update(outcome="error", error=error_text(data["i18n"].get, error))
        else:
            manager.dialog_data.update(outcome=status, told=told)
        await manager.switch_to(self.states.RESULT)

    async def show(self, callback: CallbackQuery, manager: DialogManager, request_id: int) -> None:
        """The queue opened at one request's card (the button under a "new request" message;
        the caller has checked the id)."""
        await callback.answer()
        await manager.start(
            self.states.CARD, data={"request_id": request_id}, mode=StartMode.RESET_STACK
        )

    @staticmethod
    async def remember_request(start_data: Any, manager: DialogManager) -> None:
        """Opened from a "new request" message: start at that request's card."""
        if isinstance(start_data, dict) and "request_id" in start_data:
            manager.dialog_data["request_id"] = start_data["request_id"]

    # ---- windows ---------------------------------------------------------------------

    def _about(self, question: str | None = None) -> list[I18nText]:
        """The request as it is now: `question` while it is pending (if given), else its
        card with its status; or that it is gone."""
        found = ~F["missing"]
        card = f"{self.texts}-card"
        texts = [I18nText(f"{self.texts}-missing", when="missing")]
        if question is None:
            return [*texts, I18nText(card, when=found)]
        return [
            *texts,
            I18nText(f"{self.texts}-{question}", when="pending"),
            I18nText(card, when=found & ~F["pending"]),
        ]

    def _confirm(self, decision: str, on_click: Any, state: Any) -> Window:
        """ "Really approve / reject?", with the button that does it while still pending."""
        return Window(
            *self._about(f"confirm-{decision}"),
            Button(
                I18nText(f"requests-yes-{decision}"),
                id=f"yes_{decision}",
                on_click=on_click,
                when="pending",
            ),
            back_to(self.states.CARD),
            getter=self.request_card,
            state=state,
        )

    def create_dialog(self) -> Dialog:
        states = self.states
        header = [I18nText(self.header)] if self.header else []
        pending_list = Window(
            *header,
            I18nText(f"{self.texts}-list", when="requests"),
            I18nText(f"{self.texts}-empty", when=~F["requests"]),
            Column(labelled(self.select_id, "requests", self.open_card)),
            Row(
                PrevPage(scroll=PAGES),
                CurrentPage(scroll=PAGES, text=Format("{current_page1}/{pages}")),
                NextPage(scroll=PAGES),
                when=F[PAGES] > 1,
            ),
            StubScroll(id=PAGES, pages=PAGES),
            Cancel(I18nText("dialog-close")),
            getter=self.pending_page,
            state=states.MAIN,
        )
        card = Window(
            *self._about(),
            Row(
                SwitchTo(I18nText("requests-approve"), id="approve", state=states.CONFIRM_APPROVE),
                SwitchTo(I18nText("requests-reject"), id="reject", state=states.CONFIRM_REJECT),
                when="pending",
            ),
            back_to(states.MAIN),
            getter=self.request_card,
            state=states.CARD,
        )
        confirm_approve = self._confirm("approve", self.approve, states.CONFIRM_APPROVE)
        confirm_reject = self._confirm("reject", self.reject, states.CONFIRM_REJECT)
        result = Window(
            I18nText(f"{self.texts}-result"),
            back_to(states.MAIN, "requests-to-list"),
            Cancel(I18nText("dialog-close")),
            getter=self.decision_result,
            state=states.RESULT,
        )
        return Dialog(
            pending_list,
            card,
            confirm_approve,
            confirm_reject,
            result,
            on_start=self.remember_request,
        )
