"""Menus over HTTP, for managers and admins (the same service as the bot's `/menus`):
the menu as a spreadsheet, a new menu from one (`?dry_run=true`: the preview only), a dish's
availability (the stop-list), a cafe's days off."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from pydantic import Field

from services.menu_files import MAX_UPLOAD
from services.permissions import Action
from web.api.deps import allowed_user, path_id
from web.api.models import Day, Id, Input, Output, Query, left_out, parse, respond
from web.api.openapi import (
    AUTH_ERRORS,
    error_response,
    json_response,
    path_parameter,
    query_parameters,
    request_body,
)
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
BINARY = {"type": "string", "format": "binary"}


class UploadQuery(Query):
    dry_run: bool = False


class Availability(Input):
    available: bool


class DayPath(Query):
    date: Day


class MenuChange(Output):
    name: str
    what: str
    old: str
    new: str


class MenuDiff(Output):
    cafe_id: Id
    key: str
    name: str
    added: list[str]
    changed: list[MenuChange]
    removed: list[str]
    deadlines_changed: bool
    renamed_to: str | None
    days_off_added: list[dt.date]
    days_off_removed: list[dt.date]
    no_changes: bool = Field(validation_alias="empty")


class UploadResult(Output):
    applied: bool
    cafes: list[MenuDiff]
    orders_cancelled: int | None = left_out()


class MenuItemState(Output):
    id: Id
    name: str
    available: bool
    people_told: int


class DayOff(Output):
    cafe_id: Id
    date: dt.date
    day_off: bool
    orders_cancelled: int | None = left_out()


MANAGER_ERRORS = {**AUTH_ERRORS, "404": error_response("No such cafe")}
CAFE_ID = path_parameter("cafe_id", "The cafe")

PATHS = {
    "/cafes/{cafe_id}/menu.xlsx": {
        "parameters": [CAFE_ID],
        "get": {
            "summary": "The cafe's menu, combos, deadlines and days off as a spreadsheet",
            "operationId": "downloadMenu",
            "responses": {
                "200": {
                    "description": "The workbook (also the upload template)",
                    "content": {XLSX: {"schema": BINARY}},
                },
                **MANAGER_ERRORS,
            },
        },
    },
    "/cafes/{cafe_id}/menu": {
        "parameters": [CAFE_ID],
        "put": {
            "summary": "Replace the cafe's menu with a file (dishes and combos it leaves out "
            "become unavailable); dry_run=true answers the preview and changes nothing",
            "operationId": "uploadMenu",
            "parameters": query_parameters(UploadQuery),
            "requestBody": {
                "required": True,
                "content": {media: {"schema": BINARY} for media in FILE_NAMES},
            },
            "responses": {
                "200": json_response("The preview, and whether it was applied", UploadResult),
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
            "requestBody": request_body(Availability),
            "responses": {
                "200": json_response("The item", MenuItemState),
                **AUTH_ERRORS,
                "404": error_response("No such menu item"),
                "422": error_response("A malformed body"),
            },
        },
    },
    "/cafes/{cafe_id}/days-off/{date}": {
        "parameters": [CAFE_ID, path_parameter("date", "The date (YYYY-MM-DD)", Day)],
        "put": {
            "summary": "Make a date a day off: no delivery, its orders cancelled, people told",
            "operationId": "addDayOff",
            "responses": {
                "200": json_response("The day off", DayOff),
                **MANAGER_ERRORS,
                "422": error_response("A malformed date, in the past or too far ahead"),
            },
        },
        "delete": {
            "summary": "Make a day off a delivery day again (cancelled orders stay cancelled)",
            "operationId": "removeDayOff",
            "responses": {
                "200": json_response("The date", DayOff),
                **MANAGER_ERRORS,
                "422": error_response("A malformed date"),
            },
        },
    },
}


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
        return respond(UploadResult(applied=False, cafes=diffs))
    _, cancelled, _ = await admin.apply(data)
    return respond(
        UploadResult(
            applied=True,
            cafes=diffs,
            orders_cancelled=len(cancelled),
        )
    )


async def set_availability(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    change = parse(Availability, await read_json(request))
    result = await request.config_dict[MENU_ADMIN].set_available(
        path_id(request, "item_id"), change.available
    )
    item = result.item
    return respond(
        MenuItemState(
            id=item.id, name=item.name, available=item.is_available, people_told=result.told
        )
    )


def _day(request: web.Request) -> dt.date:
    return parse(DayPath, {"date": request.match_info["date"]}).date


async def add_day_off(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    cafe_id, day = path_id(request, "cafe_id"), _day(request)
    change = await request.config_dict[MENU_ADMIN].add_day_off(cafe_id, day)
    return respond(
        DayOff(cafe_id=cafe_id, date=day, day_off=True, orders_cancelled=len(change.cancelled))
    )


async def remove_day_off(request: web.Request) -> web.Response:
    await allowed_user(request, Action.MENUS)
    cafe_id, day = path_id(request, "cafe_id"), _day(request)
    await request.config_dict[MENU_ADMIN].remove_day_off(cafe_id, day)
    return respond(DayOff(cafe_id=cafe_id, date=day, day_off=False))


def setup(api: web.Application) -> None:
    api.router.add_get(r"/cafes/{cafe_id:\d{1,10}}/menu.xlsx", download)
    api.router.add_put(r"/cafes/{cafe_id:\d{1,10}}/menu", upload)
    api.router.add_patch(r"/menu-items/{item_id:\d{1,10}}", set_availability)
    api.router.add_put(r"/cafes/{cafe_id:\d{1,10}}/days-off/{date}", add_day_off)
    api.router.add_delete(r"/cafes/{cafe_id:\d{1,10}}/days-off/{date}", remove_day_off)
