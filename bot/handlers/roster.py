"""The office roster in the bot.

Someone not on it who writes to the bot in private gets "ask your office manager" and, with
`SIGNUP=approval`, a "Request access" button; every other button of theirs is refused. This
router comes first, so no other private handler ever sees them. Group chats are not the
roster's business: cafe staff press "✅ Принято" and link their chat without being on it.

Managers: `/users` (the roster in a line, pending access requests) and the "Open the
request" button of a new request's message, both into the same dialog.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, Filter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, StartMode
from aiogram_i18n import I18nContext

from bot.access_notices import AskAccess, OpenAccessRequest
from bot.dialogs import access_requests
from bot.dialogs.states import AccessRequests
from bot.filters import Can, Magic
from core.config import Signup
from db.models import AccessRequestStatus, User
from services.permissions import Action
from services.roster import AccessOutcome, RosterService
from services.users import UserService

PRIVATE = Magic(F.chat.type == ChatType.PRIVATE)
PRIVATE_BUTTON = Magic(F.message.chat.type == ChatType.PRIVATE)


class NotOnRoster(Filter):
    async def __call__(self, _: object, users: UserService, user: User | None = None) -> bool:
        return user is not None and not users.is_member(user)


async def prompt(message: Message, user: User, i18n: I18nContext, roster: RosterService) -> None:
    """Whatever they wrote: where they stand, and what they can do about it."""
    latest = await roster.latest(user)
    if latest is not None and latest.status is AccessRequestStatus.PENDING:
        await message.answer(i18n.get("roster-pending"))
        return
    signup = roster.signup
    keyboard = None
    if signup is Signup.APPROVAL:
        button = InlineKeyboardButton(
            text=i18n.get("roster-request-button"), callback_data=AskAccess().pack()
        )
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[button]])
    text = i18n.get("roster-not-registered", signup=str(signup))
    await message.answer(text, reply_markup=keyboard)


_ANSWERS = {
    AccessOutcome.CREATED: "roster-request-sent",
    AccessOutcome.ALREADY_PENDING: "roster-pending",
    AccessOutcome.ALREADY_MEMBER: "roster-already-member",
}


async def ask(
    callback: CallbackQuery,
    user: User,
    i18n: I18nContext,
    roster: RosterService,
) -> None:
    # ForbiddenError (signup closed) and ConflictError (rejected today) answer as refusals.
    asked = await roster.ask(user)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(i18n.get(_ANSWERS[asked.outcome]), reply_markup=None)


async def refuse_button(callback: CallbackQuery, i18n: I18nContext) -> None:
    await callback.answer(i18n.get("roster-not-registered-short"), show_alert=True)


async def users_command(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(AccessRequests.MAIN, mode=StartMode.RESET_STACK)


async def open_request(
    callback: CallbackQuery,
    callback_data: OpenAccessRequest,
    dialog_manager: DialogManager,
    roster: RosterService,
) -> None:
    await roster.request(callback_data.id)  # a forged id: refused
    await access_requests.QUEUE.show(callback, dialog_manager, callback_data.id)


async def managers_only(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("link-managers-only"))


def create_router() -> Router:
    """Strangers first: include before every router with private handlers."""
    router = Router(name="roster")
    router.callback_query.register(ask, AskAccess.filter(), PRIVATE_BUTTON)
    router.message.register(prompt, PRIVATE, NotOnRoster())
    router.callback_query.register(refuse_button, PRIVATE_BUTTON, NotOnRoster())
    return router


def create_dialog_router() -> Router:
    """`/users` and a request's button, which open the access requests' dialog: among the
    dialogs' routers (`bot.dispatcher`), behind their per-chat lock."""
    router = Router(name="roster-dialogs")
    may_decide = Can(Action.ACCESS_REQUESTS)
    router.message.register(users_command, PRIVATE, Command("users"), may_decide)
    router.message.register(managers_only, PRIVATE, Command("users"))
    router.callback_query.register(open_request, OpenAccessRequest.filter(), may_decide)
    return router
