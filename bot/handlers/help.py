"""What every private message gets when nothing more specific answers it.

- `/help`: the commands of the sender's role (the same lists as Telegram's command menu);
- `/orders`: the sender's orders still to come, and the Mini App;
- `/menu`: menus live in the Mini App: its button;
- anything else typed in a private chat: "I don't know that — /help". This router sits
  before the dialogs: a dialog window is never re-sent because someone typed text. A dialog
  that takes typed input must add its states to `TYPED_INPUT_STATES`.
"""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.enums import ChatType
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram_i18n import I18nContext
from babel.dates import format_date, format_datetime

from bot.commands import commands_text
from bot.filters import Magic
from bot.handlers.start import mini_app_keyboard
from bot.notifications.message import format_amount
from core.config import Settings
from db.models import OrderStatus, User
from services.ordering import OrderingService
from services.users import UserService

# States of dialogs that read what the user types (none yet): the fallback leaves them be.
TYPED_INPUT_STATES: tuple[State, ...] = ()


async def help_command(
    message: Message, i18n: I18nContext, user: User, users: UserService, settings: Settings
) -> None:
    text = i18n.get("help-title") + "\n" + commands_text(i18n, user, users)
    text += "\n\n" + i18n.get("help-ordering")
    await message.answer(text, reply_markup=mini_app_keyboard(i18n, settings.mini_app_url))


async def orders_command(
    message: Message, i18n: I18nContext, user: User, ordering: OrderingService, settings: Settings
) -> None:
    views = [
        view for view in await ordering.of_user(user) if view.order.status is OrderStatus.ACTIVE
    ]
    locale = user.language
    if not views:
        text = i18n.get("orders-empty")
    else:
        lines = [i18n.get("orders-title")]
        for view in views:
            order = view.order
            deadline = (
                format_datetime(view.deadline.astimezone(settings.tz), "d MMM HH:mm", locale=locale)
                if view.deadline
                else "—"
            )
            lines.append(
                i18n.get(
                    "orders-line",
                    date=format_date(order.date, "EEE d MMM", locale=locale),
                    cafe=html.quote(order.cafe.name),
                    combo=html.quote(order.combo.name),
                    amount=format_amount(order.total_amount, locale),
                    editable="yes" if view.editable else "no",
                    deadline=deadline,
                )
            )
        text = "\n".join(lines)
    await message.answer(text, reply_markup=mini_app_keyboard(i18n, settings.mini_app_url))


async def menu_command(message: Message, i18n: I18nContext, settings: Settings) -> None:
    keyboard = mini_app_keyboard(i18n, settings.mini_app_url)
    text = i18n.get("menu-in-app") if keyboard else i18n.get("start-no-app")
    await message.answer(text, reply_markup=keyboard)


async def unknown(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unknown-message"))


def create_router() -> Router:
    router = Router(name="help")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.message.register(help_command, Command("help"))
    router.message.register(orders_command, Command("orders"))
    router.message.register(menu_command, Command("menu"))
    return router


def create_fallback_router() -> Router:
    router = Router(name="fallback")
    # Text only: a file goes on to the dialog window waiting for it (a menu upload) or to the
    # menus' own answer for a file nobody asked for.
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE), Magic(F.text))
    skip = ~StateFilter(*TYPED_INPUT_STATES) if TYPED_INPUT_STATES else None
    if skip is None:
        router.message.register(unknown)
    else:
        router.message.register(unknown, skip)
    return router
