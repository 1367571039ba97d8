"""GET /api/v1/reports/monthly?month=YYYY-MM&format=xlsx|csv — the month's report as a file
(managers and admins)."""

from __future__ import annotations

from aiohttp import web

from services.permissions import Action
from web.api.deps import allowed_user, local_today
from web.api.openapi import AUTH_ERRORS, error_response
from web.errors import Unprocessable
from web.keys import TRANSLATOR

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
            "parameters": [
                {
                    "name": "month",
                    "in": "query",
                    "required": False,
                    "description": "YYYY-MM; default the current month in TIMEZONE",
                    "schema": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
                },
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["xlsx", "csv"], "default": "xlsx"},
                },
            ],
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
    month = parse_month(request.query.get("month"), local_today(request))
    fmt = request.query.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise Unprocessable("format must be xlsx or csv", field="format")
    file = await report_file(month, fmt, request.config_dict[TRANSLATOR], user.language)
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
