"""GET /api/v1/me — who the Mini App user is."""

from __future__ import annotations

from aiohttp import web

from web.api.deps import application, current_user
from web.api.openapi import AUTH_ERRORS, json_response

ME = {
    "type": "object",
    "required": ["tgid", "name", "language", "role"],
    "properties": {
        "tgid": {"type": "integer"},
        "name": {"type": "string"},
        "username": {"type": "string", "nullable": True},
        "language": {"type": "string", "enum": ["ru", "en"]},
        "role": {"type": "string", "enum": ["employee", "manager", "admin"]},
    },
}

PATHS = {
    "/me": {
        "get": {
            "summary": "Who the caller is (name, language, role)",
            "operationId": "getMe",
            "responses": {"200": json_response("The caller", ME), **AUTH_ERRORS},
        }
    }
}


async def me(request: web.Request) -> web.Response:
    user = await current_user(request)
    users = application(request).services.users
    return web.json_response(
        {
            "tgid": user.tgid,
            "name": user.name,
            "username": user.username,
            "language": user.language,
            "role": str(users.role_of(user)),
        }
    )


def setup(api: web.Application) -> None:
    api.router.add_get("/me", me)
