"""The caller's orders: GET/POST /api/v1/orders, GET/PATCH/DELETE /api/v1/orders/{order_id}.

The rules live in `services.ordering`; here a body is parsed, a service called, the order
shaped as JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from aiohttp import web
from pydantic import AfterValidator, Field, StringConstraints, field_validator

from db.models import Category, OrderStatus, User
from services.menus import CATEGORY_ORDER
from services.ordering import (
    DISH_CATEGORIES,
    HISTORY_SPAN_DAYS,
    NOTES_MAX,
    QUANTITY_MAX,
    UNCHANGED,
    ChosenExtra,
    OrderChoice,
    OrderEdit,
    OrderView,
)
from web.api.deps import current_user, path_id
from web.api.models import (
    Day,
    Id,
    Input,
    Instant,
    Money,
    Output,
    Query,
    instant,
    left_out,
    money,
    parse,
    respond,
)
from web.api.openapi import (
    AUTH_ERRORS,
    error_response,
    json_response,
    path_parameter,
    query_parameters,
    request_body,
)
from web.errors import read_json
from web.keys import CONFIRMATIONS, ORDERING, SETTINGS

# ---- what comes in -------------------------------------------------------------------

# Control characters but tab and line breaks; and lone surrogates (JSON "\ud800"), which
# are not text and which PostgreSQL could not store.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean_notes(value: str) -> str | None:
    if _UNPRINTABLE.search(value):
        raise ValueError("may not contain control characters or broken text")
    return value or None


def _once_each(values: list[Any]) -> list[Any]:
    ids = [v.menu_item_id if isinstance(v, ExtraChoice) else v for v in values]
    if len(set(ids)) != len(ids):
        raise ValueError("each menu item may appear once")
    return values


Quantity = Annotated[int, Field(ge=1, le=QUANTITY_MAX, strict=True)]


class ExtraChoice(Input):
    menu_item_id: Id
    quantity: Quantity


Notes = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=NOTES_MAX),
    AfterValidator(_clean_notes),
]
Dishes = Annotated[
    list[Id],
    Field(
        min_length=1,
        max_length=len(DISH_CATEGORIES),
        description="One available dish of the cafe for each category of the combo",
        json_schema_extra={"uniqueItems": True},
    ),
    AfterValidator(_once_each),
]
Extras = Annotated[
    list[ExtraChoice],
    Field(description="Available items of category 'extra' of the cafe, each at most once"),
    AfterValidator(_once_each),
]


def _extras(extras: list[ExtraChoice]) -> list[ChosenExtra]:
    return [ChosenExtra(e.menu_item_id, e.quantity) for e in extras]


class OrderForm(Input):
    """A new order."""

    cafe_id: Id
    date: Annotated[Day, Field(description="Delivery date")]
    combo_id: Id
    items: Dishes
    extras: Extras = Field(default_factory=list)
    notes: Notes | None = None

    def choice(self) -> OrderChoice:
        return OrderChoice(
            cafe_id=self.cafe_id,
            date=self.date,
            combo_id=self.combo_id,
            items=self.items,
            extras=_extras(self.extras),
            notes=self.notes,
        )


class OrderChanges(Input):
    """The fields given replace the order's; `notes: null` clears the notes. `cafe_id` and
    `date` may be sent but must be the order's."""

    cafe_id: Id | None = left_out()
    date: Day | None = left_out()
    combo_id: Id | None = left_out()
    items: Dishes | None = left_out()
    extras: Extras | None = left_out()
    notes: Notes | None = None

    @field_validator("cafe_id", "date", "combo_id", "items", "extras", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null (leave the field out to keep it)")
        return value

    def edit(self) -> OrderEdit:
        return OrderEdit(
            cafe_id=self.cafe_id,
            date=self.date,
            combo_id=self.combo_id,
            items=self.items,
            extras=None if self.extras is None else _extras(self.extras),
            notes=self.notes if "notes" in self.model_fields_set else UNCHANGED,
        )


class RepeatForm(Input):
    date: Annotated[
        Day | None, Field(description="Delivery date (default: the cafe's next open)")
    ] = None


class OrdersQuery(Query):
    start: Day | None = left_out(alias="from", description="First delivery date (default: today)")
    end: Day | None = left_out(
        alias="to",
        description=(
            "Last delivery date, inclusive (default: 30 days after `from`); "
            f"at most {HISTORY_SPAN_DAYS - 1} days after `from`"
        ),
    )


# ---- what goes out -------------------------------------------------------------------


class OrderedDish(Output):
    menu_item_id: Id
    name: str
    category: Category


class OrderedExtra(Output):
    menu_item_id: Id
    name: str
    quantity: Quantity
    unit_price: Money
    amount: Money


class Order(Output):
    id: Id
    cafe_id: Id
    cafe_name: str
    date: dt.date
    combo_id: Id
    combo_name: str
    items: list[OrderedDish]
    extras: list[OrderedExtra]
    notes: str | None
    total_amount: Money
    status: OrderStatus
    deadline: Instant | None = Field(description="When changes and cancelling stop being possible")
    editable: bool = Field(description="Active, and its deadline is ahead")

    @classmethod
    def of(cls, view: OrderView, tz: dt.tzinfo) -> Order:
        order = view.order
        dishes = sorted(order.items, key=lambda row: CATEGORY_ORDER[row.menu_item.category])
        return cls(
            id=order.id,
            cafe_id=order.cafe_id,
            cafe_name=order.cafe.name,
            date=order.date,
            combo_id=order.combo_id,
            combo_name=order.combo.name,
            items=[
                OrderedDish(
                    menu_item_id=row.menu_item_id,
                    name=row.menu_item.name,
                    category=row.menu_item.category,
                )
                for row in dishes
            ],
            extras=[
                OrderedExtra(
                    menu_item_id=row.menu_item_id,
                    name=row.menu_item.name,
                    quantity=row.quantity,
                    unit_price=money(row.unit_price),
                    amount=money(row.unit_price * row.quantity),
                )
                for row in order.extras
            ],
            notes=order.notes,
            total_amount=money(order.total_amount),
            status=order.status,
            deadline=instant(view.deadline, tz),
            editable=view.editable,
        )


class OrderList(Output):
    orders: list[Order]


# ---- the OpenAPI description ---------------------------------------------------------

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
            "parameters": query_parameters(OrdersQuery),
            "responses": {
                "200": json_response("The orders", OrderList),
                **AUTH_ERRORS,
                "422": error_response("A malformed date, or a range backwards or too long"),
            },
        },
        "post": {
            "summary": "Place an order (one per cafe and delivery date) before the deadline",
            "operationId": "placeOrder",
            "requestBody": request_body(OrderForm),
            "responses": {
                "201": json_response("The order placed", Order),
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
                "200": json_response("The order", Order),
                **AUTH_ERRORS,
                "404": error_response("No such order of the caller"),
            },
        },
        "patch": {
            "summary": "Change an order before its deadline",
            "operationId": "changeOrder",
            "requestBody": request_body(OrderChanges),
            "responses": {
                "200": json_response("The order as changed", Order),
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
                "200": json_response("The order, cancelled", Order),
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
            "requestBody": request_body(RepeatForm, required=False),
            "responses": {
                "201": json_response("The new order", Order),
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


def _answer(request: web.Request, view: OrderView, status: int = 200) -> web.Response:
    return respond(Order.of(view, request.config_dict[SETTINGS].tz), status=status)


async def list_orders(request: web.Request) -> web.Response:
    user = await current_user(request)
    query = parse(OrdersQuery, dict(request.query))
    views = await request.config_dict[ORDERING].of_user(user, query.start, query.end)
    tz = request.config_dict[SETTINGS].tz
    return respond(OrderList(orders=[Order.of(v, tz) for v in views]))


async def _confirm(request: web.Request, action: str, view: OrderView, user: User) -> None:
    """The message in the person's chat follows the order (sent in the background)."""
    await request.config_dict[CONFIRMATIONS].order_changed(action, view.order, user)


async def place_order(request: web.Request) -> web.Response:
    user = await current_user(request)
    form = parse(OrderForm, await read_json(request))
    view = await request.config_dict[ORDERING].place(user, form.choice())
    await _confirm(request, "placed", view, user)
    return _answer(request, view, status=201)


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
    view = await request.config_dict[ORDERING].change(user, order_id, changes.edit())
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
