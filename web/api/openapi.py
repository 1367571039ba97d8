"""The OpenAPI 3 document of /api/v1, served at /api/v1/openapi.json.

Each route module declares the paths it serves in a `PATHS` dict (OpenAPI path items, paths
relative to /api/v1) next to its handlers; `tests/web/test_openapi.py` checks that the
document and the real routes agree, so the API can be fuzzed from it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}


def error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# The answers every authenticated operation can give.
AUTH_ERRORS = {
    "401": error_response("initData missing, invalid or expired"),
    "403": error_response("Not allowed for this user"),
}


def build_document(path_sets: list[dict[str, Any]]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path_set in path_sets:
        for path, item in path_set.items():
            paths.setdefault(path, {}).update(item)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Lunch bot Mini App API",
            "version": "1",
            "description": (
                "Authenticate every call with `Authorization: tma <initData>` — the Mini App's "
                "Telegram launch data, checked with the bot token and INIT_DATA_MAX_AGE."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"tma": []}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {
                "tma": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`tma <initData>`",
                }
            },
            "schemas": {"Error": ERROR},
        },
    }


def openapi_view(document: dict[str, Any]) -> Any:
    async def openapi(_: web.Request) -> web.Response:
        return web.json_response(document)

    return openapi
