"""GET/PATCH /api/v1/me — who the Mini App user is, and their reminder switch; and
POST /api/v1/me/access-request — the "Request access" of someone not on the office roster.

`GET /me` answers everyone who signs their request, on the roster or not (`member`), so the
Mini App can say where they stand; everything else of the API needs `member: true`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from aiohttp import web
from pydantic import Field, StrictBool

from core.config import Signup
from db.models import AccessRequestStatus, Role, User
from services.roster import AccessOutcome
from services.users import SUPPORTED_LANGUAGES
from web.api.deps import current_user, local_today, signed_user
from web.api.models import Input, Instant, Output, left_out, parse, respond
from web.api.openapi import AUTH_ERRORS, error_response, json_response, request_body
from web.errors import read_json
from web.keys import ROSTER, USERS


class MeChanges(Input):
    reminders: StrictBool | None = left_out()


class AccessRequest(Output):
    """The caller's latest access request."""

    id: int
    status: AccessRequestStatus
    created_at: Instant


class Me(Output):
    member: bool = Field(description="On the office roster: may order (else 403 not_registered)")
    signup: Signup
    access: AccessRequest | None = Field(description="The caller's latest access request, if any")
    tgid: int
    name: str
    username: str | None
    language: Annotated[str, Field(json_schema_extra={"enum": list(SUPPORTED_LANGUAGES)})]
    role: Role
    reminders: bool = Field(description="Reminded before the deadline when they have not ordered")
    today: dt.date = Field(description="Today in the office's TIMEZONE (where 'past orders' end)")


PATHS = {
    "/me": {
        "get": {
            "summary": "Who the caller is (name, language, role, reminders)",
            "operationId": "getMe",
            "responses": {"200": json_response("The caller", Me), **AUTH_ERRORS},
        },
        "patch": {
            "summary": "Turn the caller's reminders on or off",
            "operationId": "changeMe",
            "requestBody": request_body(MeChanges),
            "responses": {
                "200": json_response("The caller, changed", Me),
                **AUTH_ERRORS,
                "403": error_response("Not on the office roster (not_registered), or disabled"),
                "400": error_response("The body is not JSON"),
                "413": error_response("The body is larger than 64 KiB"),
                "422": error_response("Not a boolean, or an unknown field"),
            },
        },
    },
    "/me/access-request": {
        "post": {
            "summary": "Ask the managers to put the caller on the office roster",
            "operationId": "requestAccess",
            "responses": {
                "201": json_response("Asked: the managers were told", Me),
                "200": json_response("Nothing new: already asked, or already on the roster", Me),
                **AUTH_ERRORS,
                "403": error_response("SIGNUP=closed (signup_closed), or the account disabled"),
                "409": error_response("Declined less than a day ago (access_rejected)"),
            },
        }
    },
}


async def _me(request: web.Request, user: User) -> Me:
    users = request.config_dict[USERS]
    latest = await request.config_dict[ROSTER].latest(user)
    return Me(
        member=users.is_member(user),
        signup=users.signup,
        access=None
        if latest is None
        else AccessRequest(
            id=latest.id, status=latest.status, created_at=latest.created_at.isoformat()
        ),
        tgid=user.tgid,
        name=user.name,
        username=user.username,
        language=user.language,
        role=users.role_of(user),
        reminders=user.reminders_enabled,
        today=local_today(request),
    )


async def me(request: web.Request) -> web.Response:
    user = await signed_user(request)
    return respond(await _me(request, user))


async def change_me(request: web.Request) -> web.Response:
    user = await current_user(request)
    changes = parse(MeChanges, await read_json(request))
    if changes.reminders is not None:
        await request.config_dict[USERS].set_reminders(user, changes.reminders)
    return respond(await _me(request, user))


async def request_access(request: web.Request) -> web.Response:
    user = await signed_user(request)
    asked = await request.config_dict[ROSTER].ask(user)
    created = asked.outcome is AccessOutcome.CREATED
    return respond(await _me(request, user), status=201 if created else 200)


def setup(api: web.Application) -> None:
    api.router.add_get("/me", me)
    api.router.add_patch("/me", change_me)
    api.router.add_post("/me/access-request", request_access)
