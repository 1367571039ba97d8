"""GET/PATCH /api/v1/me — who the Mini App user is, and their reminder switch."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import StrictBool

from db.models import User
from services.inputs import Input, parse
from web.api.deps import current_user, local_today
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.errors import read_json
from web.keys import USERS

ME = {
    "type": "object",
    "required": ["tgid", "name", "language", "role", "reminders"],
    "properties": {
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
                "400": error_response("The body is not JSON"),
                "413": error_response("The body is larger than 64 KiB"),
                "422": error_response("Not a boolean, or an unknown field"),
            },
        },
    }
}


class MeChanges(Input):
    reminders: StrictBool | None = None


def _me(request: web.Request, user: User) -> dict[str, Any]:
    users = request.config_dict[USERS]
    return {
        "tgid": user.tgid,
        "name": user.name,
        "username": user.username,
        "language": user.language,
        "role": str(users.role_of(user)),
        "reminders": user.reminders_enabled,
        "today": local_today(request).isoformat(),
    }


async def me(request: web.Request) -> web.Response:
    user = await current_user(request)
    return web.json_response(_me(request, user))


async def change_me(request: web.Request) -> web.Response:
    user = await current_user(request)
    changes = parse(MeChanges, await read_json(request))
    if changes.reminders is not None:
        await request.config_dict[USERS].set_reminders(user, changes.reminders)
    return web.json_response(_me(request, user))


def setup(api: web.Application) -> None:
    api.router.add_get("/me", me)
    api.router.add_patch("/me", change_me)
