"""How values look in the API's JSON, with their OpenAPI schemas next to them.

Money is a decimal string with two places ("570.00": exact, unlike a JSON number in
JavaScript); instants are ISO 8601 with the offset of TIMEZONE; dates are YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from aiohttp import web

from db.models import Category
from services.inputs import MAX_ID
from web.errors import dumps

CENT = Decimal("0.01")

CATEGORY_SCHEMA: dict[str, Any] = {"type": "string", "enum": [c.value for c in Category]}
ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
MONEY_SCHEMA: dict[str, Any] = {"type": "string", "pattern": r"^\d+\.\d{2}$", "example": "570.00"}
DATE_SCHEMA: dict[str, Any] = {"type": "string", "format": "date", "example": "2026-12-08"}
INSTANT_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "date-time",
    "example": "2026-12-08T10:00:00+03:00",
}


def respond(body: Any, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=dumps)


def money(amount: Decimal) -> str:
    return str(amount.quantize(CENT))


def instant(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment is not None else None


def path_parameter(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": ID_SCHEMA,
    }


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}
