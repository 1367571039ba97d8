"""GET/PATCH /api/v1/me — who the Mini App user is, and their reminder switch; and
POST /api/v1/me/access-request — the "Request access" of someone not on the office roster.

`GET /me` answers everyone who signs their request, on the roster or not (`member`), so the
Mini App can say where they stand; everything else of the API needs `member: true`."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import StrictBool

from db.models import User
from services.inputs import Input, parse
from services.roster import AccessOutcome
from web.api.deps import current_user, local_today, signed_user
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.errors import read_json
from web.keys import ROSTER, USERS

ACCESS = {
    "type": "object",
    "nullable": True,
    "description": "The caller's latest access request, if any",
    "required": ["id", "status", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": ["pending", "approved", "rejected"]},
        "created_at": {"type": "string", "format": "date-time"},
    },
}

ME = {
    "type": "object",
    "required": ["tgid", "name", "language", "role", "reminders", "member", "signup", "access"],
    "properties": {
        "member": {
            "type": "boolean",
            "description": "On the office roster: may order (else 403 not_registered)",
        },
        "signup": {
            "type": "string",
            "enum": ["open", "approval", "closed"],
            "description": "What someone not on the roster can do (SIGNUP)",
        },
        "access": ACCESS,
        "tgid": {"type": "integer"},
        "name": {"type": "string"},
        "username": {"type": "string", "nullable": True},
        "language": {"type": "string", "enum": ["ru", "en"]},
        "role": {"type": "string", "enum": ["employee", "manager", "admin"]},
        "reminders": {
            "type": "boolean",
            "description": "Reminded before the deadline when they have not ordered",
        },
        "today": {
            "type": "string",
            "format": "date",
            "description": "Today in the office's TIMEZONE (where 'past orders' end)",
        },
    },
}

ME_CHANGES = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"reminders": {"type": "boolean"}},
}

PATHS = {
    "/me": {
        "get": {
            "summary": "Who the caller is (name, language, role, reminders)",
            "operationId": "getMe",
            "responses": {"200": json_response("The caller", ME), **AUTH_ERRORS},
        },
        "patch": {
            "summary": "Turn the caller's reminders on or off",
            "operationId": "changeMe",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ME_CHANGES}},
            },
            "responses": {
                "200": json_response("The caller, changed", ME),
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
                "201": json_response("Asked: the managers were told", ME),
                "200": json_response("Nothing new: already asked, or already on the roster", ME),
                **AUTH_ERRORS,
                "403": error_response("SIGNUP=closed (signup_closed), or the account disabled"),
                "409": error_response("Declined less than a day ago (access_rejected)"),
            },
        }
    },
}


class MeChanges(Input):
    reminders: StrictBool | None = None


async def _me(request: web.Request, user: User) -> dict[str, Any]:
    users = request.config_dict[USERS]
    latest = await request.config_dict[ROSTER].latest(user)
    return {
        "member": users.is_member(user),
        "signup": str(users.signup),
        "access": None
        if latest is None
        else {
            "id": latest.id,
            "status": str(latest.status),
            "created_at": latest.created_at.isoformat(),
        },
        "tgid": user.tgid,
        "name": user.name,
        "username": user.username,
        "language": user.language,
        "role": str(users.role_of(user)),
        "reminders": user.reminders_enabled,
        "today": local_today(request).isoformat(),
    }


async def me(request: web.Request) -> web.Response:
    user = await signed_user(request)
    return web.json_response(await _me(request, user))


async def change_me(request: web.Request) -> web.Response:
    user = await current_user(request)
    changes = parse(MeChanges, await read_json(request))
    if changes.reminders is not None:
        await request.config_dict[USERS].set_reminders(user, changes.reminders)
    return web.json_response(await _me(request, user))


async def request_access(request: web.Request) -> web.Response:
    user = await signed_user(request)
    asked = await request.config_dict[ROSTER].ask(user)
    created = asked.outcome is AccessOutcome.CREATED
    return web.json_response(await _me(request, user), status=201 if created else 200)


def setup(api: web.Application) -> None:
    api.router.add_get("/me", me)
    api.router.add_patch("/me", change_me)
    api.router.add_post("/me/access-request", request_access)
