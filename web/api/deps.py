"""What every route needs: who is calling (from Mini App initData), and the ids in its path."""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from db.models import User
from services.inputs import MAX_ID
from services.permissions import Action
from services.users import TelegramIdentity
from web.auth import parse_authorization
from web.errors import Forbidden, NotFound
from web.keys import CLOCK, SETTINGS, USERS

USER = web.RequestKey("user", User)


def local_today(request: web.Request) -> dt.date:
    """The local date in the office's time zone, by the app's clock."""
    return request.config_dict[CLOCK].now().astimezone(request.config_dict[SETTINGS].tz).date()


async def current_user(request: web.Request) -> User:
    """The caller, who must be on the office roster (403 `not_registered`: ordering, their
    profile, everything but `GET /me` and asking for access)."""
    return request.config_dict[USERS].require_member(await signed_user(request))


async def signed_user(request: web.Request) -> User:
    """Whoever signed the request, from `Authorization: tma <initData>`, on the roster or not;
    their row is created on first use."""
    if USER in request:
        return request[USER]
    settings = request.config_dict[SETTINGS]
    data = parse_authorization(
        request.headers.get("Authorization"),
        bot_token=settings.bot_token,
        max_age=settings.app.init_data_max_age,
        clock=request.config_dict[CLOCK],
    )
    assert data.user is not None  # parse_authorization refuses initData without a user
    # InvalidError (422 `invalid_user`) for a signed identity no Telegram account has.
    user = await request.config_dict[USERS].touch(TelegramIdentity.of(data.user))
    if not user.is_active:
        raise Forbidden("This account is disabled", code="account_disabled")
    request[USER] = user
    return user


async def allowed_user(request: web.Request, action: Action) -> User:
    """The caller, who must be allowed `action` by its rule in `services.permissions` (403)."""
    user = await signed_user(request)
    if not request.config_dict[USERS].may(user, action):
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
