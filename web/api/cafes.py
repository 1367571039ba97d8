"""GET /api/v1/cafes and GET /api/v1/cafes/{cafe_id}/menu — what can be ordered, and until when."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from pydantic import Field

from db.models import Category
from services.menus import HORIZON_DAYS, CafeSummary, Menu
from web.api.deps import current_user, path_id
from web.api.models import (
    Day,
    Id,
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
)
from web.keys import MENUS, SETTINGS


class MenuQuery(Query):
    date: Day | None = left_out(
        description=(
            f"Delivery date (today up to {HORIZON_DAYS} days ahead); "
            "default: the next date still open"
        ),
    )


class CafeCard(Output):
    id: Id
    name: str
    next_order_date: dt.date | None = Field(description="The earliest date still open; null: none")
    deadline: Instant | None = Field(description="When ordering for that date closes")
    receiving: bool = Field(
        description="Whether the cafe's chat can receive the orders now (linked, notifications"
        " on). Ordering is allowed either way: the managers are told, and can fix it before"
        " the deadline"
    )

    @classmethod
    def of(cls, summary: CafeSummary, tz: dt.tzinfo) -> CafeCard:
        cafe = summary.cafe
        return cls(
            id=cafe.id,
            name=cafe.name,
            next_order_date=summary.next_day,
            deadline=instant(summary.deadline, tz),
            receiving=cafe.tg_chat_id is not None and cafe.notifications_enabled,
        )


class CafeList(Output):
    cafes: list[CafeCard]


class ComboOffer(Output):
    id: Id
    name: str
    categories: list[Category] = Field(description="Pick exactly one item of each")
    price: Money


class MenuEntry(Output):
    id: Id
    name: str
    category: Category
    price: Money | None = Field(description="Extras' price; null for dishes")


class DayMenu(Output):
    cafe_id: Id
    cafe_name: str
    date: dt.date
    open: bool = Field(description="Whether orders for this date are taken now")
    no_delivery: bool = Field(
        description="The cafe does not deliver on this date (no deadline, or a day off)"
    )
    day_off: bool = Field(description="This date is one of the cafe's days off")
    deadline: Instant | None = Field(description="When ordering closes; null: no delivery that day")
    combos: list[ComboOffer]
    items: list[MenuEntry] = Field(
        description="Available items, by category, then name; extras are category 'extra'"
    )
    by_category: dict[Category, list[Id]] = Field(
        description="The item ids of each category present, in the order of `items`"
    )

    @classmethod
    def of(cls, menu: Menu, tz: dt.tzinfo) -> DayMenu:
        by_category: dict[Category, list[int]] = {}
        for item in menu.items:
            by_category.setdefault(item.category, []).append(item.id)
        return cls(
            cafe_id=menu.cafe.id,
            cafe_name=menu.cafe.name,
            date=menu.day,
            open=menu.open,
            no_delivery=menu.deadline is None,
            day_off=menu.day_off,
            deadline=instant(menu.deadline, tz),
            combos=[
                ComboOffer(id=c.id, name=c.name, categories=c.categories, price=money(c.price))
                for c in menu.combos
            ],
            items=[
                MenuEntry(
                    id=item.id,
                    name=item.name,
                    category=item.category,
                    price=money(item.price) if item.category is Category.EXTRA else None,
                )
                for item in menu.items
            ],
            by_category=by_category,
        )


PATHS = {
    "/cafes": {
        "get": {
            "summary": "Active cafes, with the next date open for ordering and its deadline",
            "operationId": "listCafes",
            "responses": {"200": json_response("The cafes, by name", CafeList), **AUTH_ERRORS},
        }
    },
    "/cafes/{cafe_id}/menu": {
        "parameters": [path_parameter("cafe_id", "The cafe")],
        "get": {
            "summary": "A cafe's menu for a delivery date, and whether ordering is open",
            "operationId": "getMenu",
            "parameters": query_parameters(MenuQuery),
            "responses": {
                "200": json_response("The menu", DayMenu),
                **AUTH_ERRORS,
                "404": error_response("No such active cafe"),
                "422": error_response("A malformed date, in the past or too far ahead"),
            },
        },
    },
}


async def cafes(request: web.Request) -> web.Response:
    await current_user(request)
    summaries = await request.config_dict[MENUS].cafes()
    tz = request.config_dict[SETTINGS].tz
    return respond(CafeList(cafes=[CafeCard.of(s, tz) for s in summaries]))


async def menu(request: web.Request) -> web.Response:
    await current_user(request)
    query = parse(MenuQuery, dict(request.query))
    menu = await request.config_dict[MENUS].menu(path_id(request, "cafe_id"), query.date)
    return respond(DayMenu.of(menu, request.config_dict[SETTINGS].tz))


def setup(api: web.Application) -> None:
    api.router.add_get("/cafes", cafes)
    api.router.add_get(r"/cafes/{cafe_id:\d{1,10}}/menu", menu)
