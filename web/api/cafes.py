"""GET /api/v1/cafes and GET /api/v1/cafes/{cafe_id}/menu — what can be ordered, and until when."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from db.models import Category
from services.inputs import Day, Query, parse
from services.menus import HORIZON_DAYS, CafeSummary, Menu
from web.api.deps import current_user, path_id
from web.api.formats import (
    CATEGORY_SCHEMA,
    DATE_SCHEMA,
    ID_SCHEMA,
    INSTANT_SCHEMA,
    MONEY_SCHEMA,
    instant,
    money,
    nullable,
    path_parameter,
    respond,
)
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.keys import MENUS, SETTINGS

CAFES = {
    "type": "object",
    "required": ["cafes"],
    "properties": {
        "cafes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "next_order_date", "deadline"],
                "properties": {
                    "id": ID_SCHEMA,
                    "name": {"type": "string"},
                    "next_order_date": nullable(
                        {**DATE_SCHEMA, "description": "The earliest date still open; null: none"}
                    ),
                    "deadline": nullable(
                        {**INSTANT_SCHEMA, "description": "When ordering for that date closes"}
                    ),
                    "receiving": {
                        "type": "boolean",
                        "description": "Whether the cafe's chat can receive the orders now"
                        " (linked, notifications on). Ordering is allowed either way: the"
                        " managers are told, and can fix it before the deadline",
                    },
                },
            },
        }
    },
}

MENU = {
    "type": "object",
    "required": [
        "cafe_id",
        "cafe_name",
        "date",
        "open",
        "no_delivery",
        "deadline",
        "combos",
        "items",
    ],
    "properties": {
        "cafe_id": ID_SCHEMA,
        "cafe_name": {"type": "string"},
        "date": DATE_SCHEMA,
        "open": {"type": "boolean", "description": "Whether orders for this date are taken now"},
        "no_delivery": {
            "type": "boolean",
            "description": "The cafe does not deliver on this date (no deadline, or a day off)",
        },
        "day_off": {"type": "boolean", "description": "This date is one of the cafe's days off"},
        "deadline": nullable(
            {**INSTANT_SCHEMA, "description": "When ordering closes; null: no delivery that day"}
        ),
        "combos": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "categories", "price"],
                "properties": {
                    "id": ID_SCHEMA,
                    "name": {"type": "string"},
                    "categories": {
                        "type": "array",
                        "items": CATEGORY_SCHEMA,
                        "description": "Pick exactly one item of each",
                    },
                    "price": MONEY_SCHEMA,
                },
            },
        },
        "items": {
            "type": "array",
            "description": "Available items, by category, then name; extras are category 'extra'",
            "items": {
                "type": "object",
                "required": ["id", "name", "category", "price"],
                "properties": {
                    "id": ID_SCHEMA,
                    "name": {"type": "string"},
                    "category": CATEGORY_SCHEMA,
                    "price": nullable(
                        {**MONEY_SCHEMA, "description": "Extras' price; null for dishes"}
                    ),
                },
            },
        },
        "by_category": {
            "type": "object",
            "description": "The item ids of each category present, in the order of `items`",
            "additionalProperties": {"type": "array", "items": ID_SCHEMA},
        },
    },
}

PATHS = {
    "/cafes": {
        "get": {
            "summary": "Active cafes, with the next date open for ordering and its deadline",
            "operationId": "listCafes",
            "responses": {"200": json_response("The cafes, by name", CAFES), **AUTH_ERRORS},
        }
    },
    "/cafes/{cafe_id}/menu": {
        "parameters": [path_parameter("cafe_id", "The cafe")],
        "get": {
            "summary": "A cafe's menu for a delivery date, and whether ordering is open",
            "operationId": "getMenu",
            "parameters": [
                {
                    "name": "date",
                    "in": "query",
                    "required": False,
                    "description": (
                        "Delivery date (today up to "
                        f"{HORIZON_DAYS} days ahead); default: the next date still open"
                    ),
                    "schema": DATE_SCHEMA,
                }
            ],
            "responses": {
                "200": json_response("The menu", MENU),
                **AUTH_ERRORS,
                "404": error_response("No such active cafe"),
                "422": error_response("A malformed date, in the past or too far ahead"),
            },
        },
    },
}


class MenuQuery(Query):
    date: Day | None = None


def _cafe(summary: CafeSummary, tz: Any) -> dict[str, Any]:
    return {
        "id": summary.cafe.id,
        "name": summary.cafe.name,
        "next_order_date": summary.next_day.isoformat() if summary.next_day else None,
        "deadline": instant(summary.deadline, tz),
        "receiving": summary.cafe.tg_chat_id is not None and summary.cafe.notifications_enabled,
    }


def _menu(menu: Menu, tz: Any) -> dict[str, Any]:
    by_category: dict[str, list[int]] = {}
    for item in menu.items:
        by_category.setdefault(str(item.category), []).append(item.id)
    return {
        "cafe_id": menu.cafe.id,
        "cafe_name": menu.cafe.name,
        "date": menu.day.isoformat(),
        "open": menu.open,
        "no_delivery": menu.deadline is None,
        "day_off": menu.day_off,
        "deadline": instant(menu.deadline, tz),
        "combos": [
            {"id": c.id, "name": c.name, "categories": c.categories, "price": money(c.price)}
            for c in menu.combos
        ],
        "items": [
            {
                "id": item.id,
                "name": item.name,
                "category": str(item.category),
                "price": money(item.price) if item.category is Category.EXTRA else None,
            }
            for item in menu.items
        ],
        "by_category": by_category,
    }


async def cafes(request: web.Request) -> web.Response:
    await current_user(request)
    summaries = await request.config_dict[MENUS].cafes()
    tz = request.config_dict[SETTINGS].tz
    return respond({"cafes": [_cafe(s, tz) for s in summaries]})


async def menu(request: web.Request) -> web.Response:
    await current_user(request)
    query = parse(MenuQuery, dict(request.query))
    menu = await request.config_dict[MENUS].menu(path_id(request, "cafe_id"), query.date)
    return respond(_menu(menu, request.config_dict[SETTINGS].tz))


def setup(api: web.Application) -> None:
    api.router.add_get("/cafes", cafes)
    api.router.add_get(r"/cafes/{cafe_id:\d{1,10}}/menu", menu)
