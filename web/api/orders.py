"""The caller's orders: GET/POST /api/v1/orders, GET/PATCH/DELETE /api/v1/orders/{order_id}.

The rules live in `services.ordering`; here a body is parsed, a service called, the order
shaped as JSON.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import Field

from db.models import User
from services.inputs import Day, Input, Query, parse
from services.menus import CATEGORY_ORDER
from services.ordering import (
    DISH_CATEGORIES,
    HISTORY_SPAN_DAYS,
    NOTES_MAX,
    QUANTITY_MAX,
    OrderChanges,
    OrderForm,
    OrderView,
)
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
from web.errors import read_json
from web.keys import CONFIRMATIONS, ORDERING, SETTINGS

# ---- the OpenAPI description ---------------------------------------------------------

_FIELDS: dict[str, Any] = {
    "cafe_id": ID_SCHEMA,
    "date": {**DATE_SCHEMA, "description": "Delivery date"},
    "combo_id": ID_SCHEMA,
    "items": {
        "type": "array",
        "description": "One available dish of the cafe for each category of the combo",
        "items": ID_SCHEMA,
        "minItems": 1,
        "maxItems": len(DISH_CATEGORIES),
        "uniqueItems": True,
    },
    "extras": {
        "type": "array",
        "description": "Available items of category 'extra' of the cafe, each at most once",
        "items": {
            "type": "object",
            "required": ["menu_item_id", "quantity"],
            "additionalProperties": False,
            "properties": {
                "menu_item_id": ID_SCHEMA,
                "quantity": {"type": "integer", "minimum": 1, "maximum": QUANTITY_MAX},
            },
        },
    },
    "notes": nullable({"type": "string", "maxLength": NOTES_MAX}),
}

ORDER_FORM = {
    "type": "object",
    "required": ["cafe_id", "date", "combo_id", "items"],
    "additionalProperties": False,
    "properties": _FIELDS,
}

ORDER_CHANGES = {
    "type": "object",
    "description": (
        "The fields given replace the order's; `notes: null` clears the notes. "
        "`cafe_id` and `date` may be sent but must be the order's."
    ),
    "additionalProperties": False,
    "properties": _FIELDS,
}

ORDER = {
    "type": "object",
    "required": [
        "id",
        "cafe_id",
        "date",
        "combo_id",
        "items",
        "extras",
        "notes",
        "total_amount",
        "status",
    ],
    "properties": {
        "id": ID_SCHEMA,
        "cafe_id": ID_SCHEMA,
        "cafe_name": {"type": "string"},
        "date": DATE_SCHEMA,
        "combo_id": ID_SCHEMA,
        "combo_name": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["menu_item_id", "name", "category"],
                "properties": {
                    "menu_item_id": ID_SCHEMA,
                    "name": {"type": "string"},
                    "category": CATEGORY_SCHEMA,
                },
            },
        },
        "extras": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["menu_item_id", "name", "quantity", "unit_price", "amount"],
                "properties": {
                    "menu_item_id": ID_SCHEMA,
                    "name": {"type": "string"},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": QUANTITY_MAX},
                    "unit_price": MONEY_SCHEMA,
                    "amount": MONEY_SCHEMA,
                },
            },
        },
        "notes": nullable({"type": "string"}),
        "total_amount": MONEY_SCHEMA,
        "status": {"type": "string", "enum": ["active", "cancelled"]},
        "deadline": nullable(
            {**INSTANT_SCHEMA, "description": "When changes and cancelling stop being possible"}
        ),
        "editable": {"type": "boolean", "description": "Active, and its deadline is ahead"},
    },
}

_ORDER_ID = path_parameter("order_id", "One of the caller's orders")
_BODY_ERRORS = {
    "400": error_response("The body is not JSON"),
    "413": error_response("The body is larger than 64 KiB"),
    "422": error_response("A rule is broken; `details.field` names the field"),
}

PATHS = {
    "/orders": {
        "get": {
            "summary": "The caller's orders (active and cancelled) by delivery date",
            "operationId": "listOrders",
            "parameters": [
                {
                    "name": "from",
                    "in": "query",
                    "required": False,
                    "description": "First delivery date (default: today)",
                    "schema": DATE_SCHEMA,
                },
                {
                    "name": "to",
                    "in": "query",
                    "required": False,
                    "description": (
                        "Last delivery date, inclusive (default: 30 days after `from`); "
                        f"at most {HISTORY_SPAN_DAYS - 1} days after `from`"
                    ),
                    "schema": DATE_SCHEMA,
                },
            ],
            "responses": {
                "200": json_response(
                    "The orders",
                    {
                        "type": "object",
                        "required": ["orders"],
                        "properties": {"orders": {"type": "array", "items": ORDER}},
                    },
                ),
                **AUTH_ERRORS,
                "422": error_response("A malformed date, or a range backwards or too long"),
            },
        },
        "post": {
            "summary": "Place an order (one per cafe and delivery date) before the deadline",
            "operationId": "placeOrder",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ORDER_FORM}},
            },
            "responses": {
                "201": json_response("The order placed", ORDER),
                **AUTH_ERRORS,
                **_BODY_ERRORS,
                "409": error_response(
                    "Ordering has closed (`deadline_passed`, with `details.deadline`), or an "
                    "order for this cafe and date exists (`order_exists`, `details.order_id`)"
                ),
            },
        },
    },
    "/orders/{order_id}": {
        "parameters": [_ORDER_ID],
        "get": {
            "summary": "One of the caller's orders",
            "operationId": "getOrder",
            "responses": {
                "200": json_response("The order", ORDER),
                **AUTH_ERRORS,
                "404": error_response("No such order of the caller"),
            },
        },
        "patch": {
            "summary": "Change an order before its deadline",
            "operationId": "changeOrder",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ORDER_CHANGES}},
            },
            "responses": {
                "200": json_response("The order as changed", ORDER),
                **AUTH_ERRORS,
                "404": error_response("No such order of the caller"),
                **_BODY_ERRORS,
                "409": error_response("Ordering has closed, or the order is cancelled"),
            },
        },
        "delete": {
            "summary": "Cancel an order before its deadline (again: no change)",
            "operationId": "cancelOrder",
            "responses": {
                "200": json_response("The order, cancelled", ORDER),
                **AUTH_ERRORS,
                "404": error_response("No such order of the caller"),
                "409": error_response("Ordering has closed (`details.deadline`)"),
            },
        },
    },
    "/orders/{order_id}/repeat": {
        "parameters": [_ORDER_ID],
        "post": {
            "summary": "Order the same again (combo, dishes, extras, notes) for another date",
            "operationId": "repeatOrder",
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "date": {
                                    **DATE_SCHEMA,
                                    "description": "Delivery date (default: the cafe's next open)",
                                }
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": json_response("The new order", ORDER),
                **AUTH_ERRORS,
                "404": error_response("No such order of the caller"),
                **_BODY_ERRORS,
                "422": error_response(
                    "Something of it is no longer on the menu (`unavailable`; `details.items` "
                    "lists each: kind combo|item|extra, id, name), or the date is not valid"
                ),
                "409": error_response(
                    "Ordering has closed for that date, or an order for it exists (`order_exists`)"
                ),
            },
        },
    },
}

# ---- the routes ------------------------------------------------------------------------


class OrdersQuery(Query):
    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")


def order_json(view: OrderView, tz: Any) -> dict[str, Any]:
    order = view.order
    dishes = sorted(order.items, key=lambda row: CATEGORY_ORDER[row.menu_item.category])
    return {
        "id": order.id,
        "cafe_id": order.cafe_id,
        "cafe_name": order.cafe.name,
        "date": order.date.isoformat(),
        "combo_id": order.combo_id,
        "combo_name": order.combo.name,
        "items": [
            {
                "menu_item_id": row.menu_item_id,
                "name": row.menu_item.name,
                "category": str(row.menu_item.category),
            }
            for row in dishes
        ],
        "extras": [
            {
                "menu_item_id": row.menu_item_id,
                "name": row.menu_item.name,
                "quantity": row.quantity,
                "unit_price": money(row.unit_price),
                "amount": money(row.unit_price * row.quantity),
            }
            for row in order.extras
        ],
        "notes": order.notes,
        "total_amount": money(order.total_amount),
        "status": str(order.status),
        "deadline": instant(view.deadline, tz),
        "editable": view.editable,
    }


def _answer(request: web.Request, view: OrderView, status: int = 200) -> web.Response:
    return respond(order_json(view, request.config_dict[SETTINGS].tz), status=status)


async def list_orders(request: web.Request) -> web.Response:
    user = await current_user(request)
    query = parse(OrdersQuery, dict(request.query))
    views = await request.config_dict[ORDERING].of_user(user, query.start, query.end)
    tz = request.config_dict[SETTINGS].tz
    return respond({"orders": [order_json(v, tz) for v in views]})


async def _confirm(request: web.Request, action: str, view: OrderView, user: User) -> None:
    """The message in the person's chat follows the order (sent in the background)."""
    await request.config_dict[CONFIRMATIONS].order_changed(action, view.order, user)


async def place_order(request: web.Request) -> web.Response:
    user = await current_user(request)
    form = parse(OrderForm, await read_json(request))
    view = await request.config_dict[ORDERING].place(user, form)
    await _confirm(request, "placed", view, user)
    return _answer(request, view, status=201)


class RepeatForm(Input):
    date: Day | None = None


async def repeat_order(request: web.Request) -> web.Response:
    user = await current_user(request)
    order_id = path_id(request, "order_id")
    body = await read_json(request) if request.can_read_body else {}
    form = parse(RepeatForm, body)
    view = await request.config_dict[ORDERING].repeat(user, order_id, form.date)
    await _confirm(request, "placed", view, user)
    return _answer(request, view, status=201)


async def get_order(request: web.Request) -> web.Response:
    user = await current_user(request)
    view = await request.config_dict[ORDERING].one(user, path_id(request, "order_id"))
    return _answer(request, view)


async def change_order(request: web.Request) -> web.Response:
    user = await current_user(request)
    order_id = path_id(request, "order_id")
    changes = parse(OrderChanges, await read_json(request))
    view = await request.config_dict[ORDERING].change(user, order_id, changes)
    await _confirm(request, "changed", view, user)
    return _answer(request, view)


async def cancel_order(request: web.Request) -> web.Response:
    user = await current_user(request)
    view = await request.config_dict[ORDERING].cancel(user, path_id(request, "order_id"))
    await _confirm(request, "cancelled", view, user)
    return _answer(request, view)


def setup(api: web.Application) -> None:
    api.router.add_get("/orders", list_orders)
    api.router.add_post("/orders", place_order)
    order = api.router.add_resource(r"/orders/{order_id:\d{1,10}}")
    order.add_route("GET", get_order)
    order.add_route("PATCH", change_order)
    order.add_route("DELETE", cancel_order)
    api.router.add_post(r"/orders/{order_id:\d{1,10}}/repeat", repeat_order)
