"""GET /api/v1/reports/monthly?month=YYYY-MM&format=xlsx|csv — the month's report as a file
(managers and admins)."""

from __future__ import annotations

from aiohttp import web
from pydantic import Field

from services.permissions import Action
from web.api.deps import allowed_user, local_today
from web.api.models import MonthQuery, parse
from web.api.openapi import AUTH_ERRORS, error_response, query_parameters
from web.errors import Unprocessable
from web.keys import TRANSLATOR

FORMATS = ("xlsx", "csv")


class ReportQuery(MonthQuery):
    # Any text is read, and a format not in FORMATS answered as `unprocessable` by the route.
    format: str = Field("xlsx", json_schema_extra={"enum": list(FORMATS)})


PATHS = {
    "/reports/monthly": {
        "get": {
            "summary": "The monthly report: people, cafes by day, every active order",
            "description": (
                "`.xlsx` with the sheets People, Cafes and Orders, or the Orders sheet as CSV "
                "(UTF-8 with a BOM). Cancelled orders are left out; sums are exact. A month "
                "without orders gives the headers (and, in .xlsx, a sentence saying so)."
            ),
            "operationId": "getMonthlyReport",
            "parameters": query_parameters(ReportQuery),
            "responses": {
                "200": {
                    "description": "The file (Content-Disposition names it lunch-YYYY-MM.xlsx)",
                    "content": {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                **AUTH_ERRORS,
                "422": error_response("month is not YYYY-MM, or format is not xlsx or csv"),
            },
        }
    }
}


async def monthly(request: web.Request) -> web.Response:
    from services.reports import parse_month, report_file

    user = await allowed_user(request, Action.REPORTS)
    query = parse(ReportQuery, dict(request.query))
    month = parse_month(query.month, local_today(request))
    if query.format not in FORMATS:
        raise Unprocessable("format must be xlsx or csv", field="format")
    file = await report_file(month, query.format, request.config_dict[TRANSLATOR], user.language)
    return web.Response(
        body=file.data,
        headers={
            "Content-Type": file.content_type,
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "Cache-Control": "no-store",
        },
    )


def setup(api: web.Application) -> None:
    api.router.add_get("/reports/monthly", monthly)
