"""The Mini App's office tab (managers and admins): the next delivery date at a glance and the
month by day and by person. The same service answers `/today` in the bot."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from pydantic import Field

from services.office import Today
from services.permissions import Action
from services.reports import parse_month
from web.api.deps import allowed_user, local_today
from web.api.models import Id, Instant, Money, MonthQuery, Output, parse, respond
from web.api.openapi import AUTH_ERRORS, error_response, json_response, query_parameters
from web.keys import OFFICE

MAX_NAMES = 30


class CafeToday(Output):
    id: Id
    name: str
    orders: int
    total: Money
    deadline: Instant
    open: bool
    linked: bool
    notifications: bool


class Absentee(Output):
    name: str
    tgid: int


class OfficeToday(Output):
    date: dt.date | None
    orders: int
    total: Money
    deadline: Instant | None
    cafes: list[CafeToday]
    missing: list[Absentee] = Field(description=f"At most {MAX_NAMES}, by name")
    missing_count: int

    @classmethod
    def of(cls, view: Today | None) -> OfficeToday:
        if view is None:
            return cls(date=None, orders=0, total="0.00", deadline=None, cafes=[], missing=[],
                       missing_count=0)  # fmt: skip
        return cls(
            date=view.date,
            orders=view.orders,
            total=f"{view.total:.2f}",
            deadline=view.deadline.isoformat() if view.deadline else None,
            cafes=[
                CafeToday(
                    id=day.cafe.id,
                    name=day.cafe.name,
                    orders=day.orders,
                    total=f"{day.total:.2f}",
                    deadline=day.deadline.isoformat(),
                    open=day.open,
                    linked=day.linked,
                    notifications=day.cafe.notifications_enabled,
                )
                for day in view.cafes
            ],
            missing=[Absentee(name=u.name, tgid=u.tgid) for u in view.missing[:MAX_NAMES]],
            missing_count=len(view.missing),
        )


class MonthDay(Output):
    date: dt.date
    orders: dict[str, int] = Field(description="Orders by cafe name")


class MonthPerson(Output):
    name: str
    tgid: int
    orders: int
    total: Money


class OfficeMonth(Output):
    month: str
    cafes: list[str]
    days: list[MonthDay]
    people: list[MonthPerson]
    orders: int
    total: Money


PATHS = {
    "/office/today": {
        "get": {
            "summary": "The next delivery date: per cafe orders, total, deadline; who has not "
            f"ordered (at most {MAX_NAMES} names, and the count)",
            "operationId": "getOfficeToday",
            "responses": {"200": json_response("Today", OfficeToday), **AUTH_ERRORS},
        }
    },
    "/office/month": {
        "get": {
            "summary": "A month's orders per day and cafe, and per person",
            "operationId": "getOfficeMonth",
            "parameters": query_parameters(MonthQuery),
            "responses": {
                "200": json_response("The month", OfficeMonth),
                **AUTH_ERRORS,
                "422": error_response("month is not YYYY-MM"),
            },
        }
    },
}


async def today(request: web.Request) -> web.Response:
    await allowed_user(request, Action.OFFICE)
    return respond(OfficeToday.of(await request.config_dict[OFFICE].today()))


async def month(request: web.Request) -> web.Response:
    await allowed_user(request, Action.OFFICE)
    query = parse(MonthQuery, dict(request.query))
    first = parse_month(query.month, local_today(request))
    return respond(OfficeMonth.model_validate(await request.config_dict[OFFICE].month(first)))


def setup(api: web.Application) -> None:
    api.router.add_get("/office/today", today)
    api.router.add_get("/office/month", month)
