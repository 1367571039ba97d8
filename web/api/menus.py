"""Menus over HTTP, for managers and admins (the same service as the bot's `/menus`):
the menu as a spreadsheet, a new menu from one (`?dry_run=true`: the preview only), a dish's
availability (the stop-list), a cafe's days off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from services.inputs import Day, Input, Query, parse
from services.menu_admin import CafeDiff
from services.menu_files import MAX_UPLOAD
from services.permissions import Action
from web.api.deps import allowed_user, path_id
from web.api.formats import DATE_SCHEMA, ID_SCHEMA, path_parameter, respond
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.errors import PayloadTooLarge, Unprocessable, read_json
from web.keys import MENU_ADMIN

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The body's type names the file's (a file name would do in the bot, there is none here).
FILE_NAMES = {
    XLSX: "menu.xlsx",
    "text/csv": "menu.csv",
    "application/json": "menu.json",
    "application/yaml": "menu.yaml",
    "application/x-yaml": "menu.yaml",
    "text/yaml": "menu.yaml",
}

DIFF = {
    "type": "object",
    "required": ["cafe_id", "added", "changed", "removed", "no_changes"],
    "properties": {
        "cafe_id": ID_SCHEMA,
        "key": {"type": "string"},
        "name": {"type": "string"},
        "added": {"type": "array", "items": {"type": "string"}},
        "changed": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "what": {"type": "string"},
                    "old": {"type": "string"},
                    "new": {"type": "string"},
                },
            },
        },
        "removed": {"type": "array", "items": {"type": "string"}},
        "deadlines_changed": {"type": "boolean"},
        "renamed_to": {"type": "string", "nullable": True},
        "days_off_added": {"type": "array", "items": DATE_SCHEMA},
        "days_off_removed": {"type": "array", "items": DATE_SCHEMA},
        "no_changes": {"type": "boolean"},
    },
}
UPLOAD_RESULT = {
    "type": "object",
    "required": ["applied", "cafes"],
    "properties": {
        "applied": {"type": "boolean"},
        "cafes": {"type": "array", "items": DIFF},
        "orders_cancelled": {"type": "integer"},
    },
}
ITEM = {
    "type": "object",
    "required": ["id", "name", "available"],
    "properties": {
        "id": ID_SCHEMA,
        "name": {"type": "string"},
        "available": {"type": "boolean"},
        "people_told": {"type": "integer"},
    },
}
DAY_OFF = {
    "type": "object",
    "required": ["cafe_id", "date", "day_off"],
    "properties": {
        "cafe_id": ID_SCHEMA,
        "date": DATE_SCHEMA,
        "day_off": {"type": "boolean"},
        "orders_cancelled": {"type": "integer"},
    },
}
MANAGER_ERRORS = {**AUTH_ERRORS, "404": error_response("No such cafe")}
DATE_PARAMETER = {
    "name": "date",
    "in": "path",
    "required": True,
    "description": "The date (YYYY-MM-DD)",
    "schema": DATE_SCHEMA,
}

PATHS = {
    "/cafes/{cafe_id}/menu.xlsx": {
        "parameters": [path_parameter("cafe_id", "The cafe")],
        "get": {
            "summary": "The cafe's menu, combos, deadlines and days off as a spreadsheet",
            "operationId": "downloadMenu",
            "responses": {
                "200": {
                    "description": "The workbook (also the upload template)",
                    "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
                },
                **MANAGER_ERRORS,
            },
        },
    },
    "/cafes/{cafe_id}/menu": {
        "parameters": [path_parameter("cafe_id", "The cafe")],
        "put": {
            "summary": "Replace the cafe's menu with a file (dishes and combos it leaves out "
            "become unavailable); dry_run=true answers the preview and changes nothing",
            "operationId": "uploadMenu",
            "parameters": [
                {
                    "name": "dry_run",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "boolean", "default": False},
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in FILE_NAMES
                },
            },
            "responses": {
                "200": json_response("The preview, and whether it was applied", UPLOAD_RESULT),
                **MANAGER_ERRORS,
                "413": error_response("Over 1 MB"),
                "415": error_response("Not a spreadsheet, CSV, YAML or JSON body"),
                "422": error_response("Errors in the file (details.errors: sheet, row, column)"),
            },
        },
    },
    "/menu-items/{item_id}": {
        "parameters": [path_parameter("item_id", "The menu item")],
        "patch": {
            "summary": "Stop a dish (available: false) or bring it back; people with open "
            "orders containing it are told",
            "operationId": "setMenuItemAvailability",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["available"],
                            "properties": {"available": {"type": "boolean"}},
                            "additionalProperties": False,
                        }
                    }
                },
            },
            "responses": {
                "200": json_response("The item", ITEM),
                **AUTH_ERRORS,
                "404": error_response("No such menu item"),
                "422": error_response("A malformed body"),
            },
        },
    },
    "/cafes/{cafe_id}/days-off/{date}": {
        "parameters": [path_parameter("cafe_id", "The cafe"), DATE_PARAMETER],
        "put": {
            "summary": "Make a date a day off: no delivery, its orders cancelled, people told",
            "operationId": "addDayOff",
            "responses": {
                "200": json_response("The day off", DAY_OFF),
                **MANAGER_ERRORS,
                "422": error_response("A malformed date, in the past or too far ahead"),
            },
        },
        "delete": {
            "summary": "Make a day off a delivery day again (cancelled orders stay cancelled)",
            "operationId": "removeDayOff",
            "responses": {
                "200": json_response("The date", DAY_OFF),
                **MANAGER_ERRORS,
                "422": error_response("A malformed date"),
            },
        },
    },
}


class UploadQuery(Query):
    dry_run: bool = False


class Availability(Input):
    available: bool


class DayPath(Query):
    date: Day


def _diffs(diffs: list[CafeDiff]) -> list[dict[str, Any]]:
    return [d.as_json() for d in diffs]


async def download(request: web.Request) -> web.Response:
    user = await allowed_user(request, Action.MENUS)
    filename, content = await request.config_dict[MENU_ADMIN].export(
        path_id(request, "cafe_id"), user.language
    )
    return web.Response(
        body=content,
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def upload(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    cafe_id = path_id(request, "cafe_id")
    query = parse(UploadQuery, dict(request.query))
    filename = FILE_NAMES.get(request.content_type)
    if filename is None:
        raise Unprocessable(
            f"Send the file as {', '.join(FILE_NAMES)}", code="unsupported_type", status=415
        )
    if request.content_length is not None and request.content_length > MAX_UPLOAD:
        raise PayloadTooLarge(f"The file is over {MAX_UPLOAD // 1024} KB")
    body = await request.content.read(MAX_UPLOAD + 1)
    if len(body) > MAX_UPLOAD:
        raise PayloadTooLarge(f"The file is over {MAX_UPLOAD // 1024} KB")
    admin = request.config_dict[MENU_ADMIN]
    data = await admin.read(cafe_id, filename, body)
    diffs = await admin.preview(data)
    if query.dry_run:
        return respond({"applied": False, "cafes": _diffs(diffs)})
    _, cancelled, _ = await admin.apply(data)
    return respond({"applied": True, "cafes": _diffs(diffs), "orders_cancelled": len(cancelled)})


async def set_availability(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    change = parse(Availability, await read_json(request))
    result = await request.config_dict[MENU_ADMIN].set_available(
        path_id(request, "item_id"), change.available
    )
    item = result.item
    return respond(
        {
            "id": item.id,
            "name": item.name,
            "available": item.is_available,
            "people_told": result.told,
        }
    )


def _day(request: web.Request) -> dt.date:
    return parse(DayPath, {"date": request.match_info["date"]}).date


async def add_day_off(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    cafe_id, day = path_id(request, "cafe_id"), _day(request)
    change = await request.config_dict[MENU_ADMIN].add_day_off(cafe_id, day)
    return respond(
        {
            "cafe_id": cafe_id,
            "date": day.isoformat(),
            "day_off": True,
            "orders_cancelled": len(change.cancelled),
        }
    )


async def remove_day_off(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    cafe_id, day = path_id(request, "cafe_id"), _day(request)
    await request.config_dict[MENU_ADMIN].remove_day_off(cafe_id, day)
    return respond({"cafe_id": cafe_id, "date": day.isoformat(), "day_off": False})


def setup(api: web.Application) -> None:
    api.router.add_get(r"/cafes/{cafe_id:\d{1,10}}/menu.xlsx", download)
    api.router.add_put(r"/cafes/{cafe_id:\d{1,10}}/menu", upload)
    api.router.add_patch(r"/menu-items/{item_id:\d{1,10}}", set_availability)
    api.router.add_put(r"/cafes/{cafe_id:\d{1,10}}/days-off/{date}", add_day_off)
    api.router.add_delete(r"/cafes/{cafe_id:\d{1,10}}/days-off/{date}", remove_day_off)
