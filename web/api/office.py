"""The Mini App's office tab (managers and admins): the next delivery date at a glance and the
month by day and by person. The same service answers `/today` in the bot."""

from __future__ import annotations

from aiohttp import web

from services.permissions import Action
from services.reports import parse_month
from web.api.deps import allowed_user, local_today
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.keys import OFFICE

MAX_NAMES = 30

TODAY = {
    "type": "object",
    "required": ["date", "orders", "total", "cafes", "missing", "missing_count"],
    "properties": {
        "date": {"type": "string", "format": "date", "nullable": True},
        "orders": {"type": "integer"},
        "total": {"type": "string"},
        "deadline": {"type": "string", "format": "date-time", "nullable": True},
        "cafes": {"type": "array", "items": {"type": "object"}},
        "missing": {"type": "array", "items": {"type": "object"}},
        "missing_count": {"type": "integer"},
    },
}
MONTH = {
    "type": "object",
    "required": ["month", "cafes", "days", "people", "orders", "total"],
    "properties": {
        "month": {"type": "string"},
        "cafes": {"type": "array", "items": {"type": "string"}},
        "days": {"type": "array", "items": {"type": "object"}},
        "people": {"type": "array", "items": {"type": "object"}},
        "orders": {"type": "integer"},
        "total": {"type": "string"},
    },
}

PATHS = {
    "/office/today": {
        "get": {
            "summary": "The next delivery date: per cafe orders, total, deadline; who has not "
            "ordered (at most 30 names, and the count)",
            "operationId": "getOfficeToday",
            "responses": {"200": json_response("Today", TODAY), **AUTH_ERRORS},
        }
    },
    "/office/month": {
        "get": {
            "summary": "A month's orders per day and cafe, and per person",
            "operationId": "getOfficeMonth",
            "parameters": [
                {
                    "name": "month",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
                }
            ],
            "responses": {
                "200": json_response("The month", MONTH),
                **AUTH_ERRORS,
                "422": error_response("month is not YYYY-MM"),
            },
        }
    },
}


async def today(request: web.Request) -> web.Response:
    await allowed_user(request, Action.OFFICE)
    view = await request.config_dict[OFFICE].today()
    if view is None:
        body = {"date": None, "orders": 0, "total": "0.00", "deadline": None, "cafes": [],
                "missing": [], "missing_count": 0}  # fmt: skip
        return web.json_response(body)
    missing = view.missing
    return web.json_response(
        {
            "date": view.date.isoformat(),
            "orders": view.orders,
            "total": f"{view.total:.2f}",
            "deadline": view.deadline.isoformat() if view.deadline else None,
            "cafes": [
                {
                    "id": day.cafe.id,
                    "name": day.cafe.name,
                    "orders": day.orders,
                    "total": f"{day.total:.2f}",
                    "deadline": day.deadline.isoformat(),
                    "open": day.open,
                    "linked": day.linked,
                    "notifications": day.cafe.notifications_enabled,
                }
                for day in view.cafes
            ],
            "missing": [{"name": u.name, "tgid": u.tgid} for u in missing[:MAX_NAMES]],
            "missing_count": len(missing),
        }
    )


async def month(request: web.Request) -> web.Response:
    await allowed_user(request, Action.OFFICE)
    first = parse_month(request.query.get("month"), local_today(request))
    return web.json_response(await request.config_dict[OFFICE].month(first))


def setup(api: web.Application) -> None:
    api.router.add_get("/office/today", today)
    api.router.add_get("/office/month", month)
