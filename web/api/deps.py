"""What every route needs: the application, and who is calling (from Mini App initData)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from db.models import User
from services.access import Action
from services.inputs import MAX_ID
from services.users import TelegramIdentity
from web.auth import parse_authorization
from web.errors import Forbidden, NotFound

if TYPE_CHECKING:
    from bot.app import Application

APP = web.AppKey("lunchbot", object)
USER = web.RequestKey("user", User)


def application(request: web.Request) -> Application:
    return request.config_dict[APP]  # type: ignore[return-value]


async def current_user(request: web.Request) -> User:
    """The caller, who must be on the office roster (403 `not_registered`: ordering, their
    profile, everything but `GET /me` and asking for access)."""
    return application(request).services.users.require_member(await signed_user(request))


async def signed_user(request: web.Request) -> User:
    """Whoever signed the request, from `Authorization: tma <initData>`, on the roster or not;
    their row is created on first use."""
    if USER in request:
        return request[USER]
    app = application(request)
    data = parse_authorization(
        request.headers.get("Authorization"),
        bot_token=app.settings.bot_token,
        max_age=app.settings.app.init_data_max_age,
        clock=app.clock,
    )
    assert data.user is not None  # parse_authorization refuses initData without a user
    # InvalidError (422 `invalid_user`) for a signed identity no Telegram account has.
    user = await app.services.users.touch(
        TelegramIdentity(
            tgid=data.user.id,
            first_name=data.user.first_name,
            last_name=data.user.last_name,
            username=data.user.username,
            language_code=data.user.language_code,
        )
    )
    if not user.is_active:
        raise Forbidden("This account is disabled", code="account_disabled")
    request[USER] = user
    return user


async def allowed_user(request: web.Request, action: Action) -> User:
    """The caller, who must be allowed `action` by its rule in `services.access` (403)."""
    user = await signed_user(request)
    if not application(request).services.users.may(user, action):
        raise Forbidden("Only managers and admins may do this")
    return user


async def manager_user(request: web.Request) -> User:
    """The caller, who may decide link requests (a manager or an admin; 403 otherwise)."""
    return await allowed_user(request, Action.LINK_REQUESTS)


def path_id(request: web.Request, name: str) -> int:
    """An id from the path (routes match it with `\\d{1,10}`); 404 beyond what ids can be."""
    value = int(request.match_info[name])
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"No such {name.removesuffix('_id')}")
    return value
