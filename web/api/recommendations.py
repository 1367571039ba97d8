"""GET /api/v1/users/{tgid}/recommendations — a person's nutrition advice."""

from __future__ import annotations

from aiohttp import web
from pydantic import Field

from services.stats import MIN_ORDERS
from web import keys
from web.api.deps import current_user
from web.api.models import Instant, Output, respond
from web.api.openapi import AUTH_ERRORS, error_response, json_response, path_parameter


class OrderStats(Output):
    orders_last_30_days: int
    categories: dict[str, float] = Field(
        description="Share of the dishes eaten, in percent, by category"
    )
    unique_dishes: int


class Recommendations(Output):
    summary: str | None
    tips: list[str]
    stats: OrderStats
    generated_at: Instant | None
    enabled: bool = Field(
        description="Whether this installation writes advice at all (GEMINI_API_KEYS)"
    )
    min_orders: int = Field(description="Active orders within 30 days that make someone eligible")


PATHS = {
    "/users/{tgid}/recommendations": {
        "parameters": [path_parameter("tgid", "The person's Telegram id", int)],
        "get": {
            "summary": "Nutrition advice of the night and 30-day order statistics",
            "description": (
                "For the user themself, or a manager or admin. Without cached advice, "
                "`summary` and `generated_at` are null and `tips` is empty; `stats` are always "
                "current."
            ),
            "operationId": "getRecommendations",
            "responses": {
                "200": json_response("Advice and statistics", Recommendations),
                **AUTH_ERRORS,
                "404": error_response("No such user (asked by a manager)"),
                "503": error_response("The recommendation cache is unreachable"),
            },
        },
    }
}


async def recommendations(request: web.Request) -> web.Response:
    viewer = await current_user(request)
    tgid = int(request.match_info["tgid"])
    view = await request.config_dict[keys.RECOMMENDATIONS].view(viewer, tgid)
    # What the Profile needs to say what is true when there is no advice yet.
    answer = Recommendations.model_validate(
        {**view, "enabled": request.config_dict[keys.SETTINGS].gemini.enabled,
         "min_orders": MIN_ORDERS}
    )  # fmt: skip
    return respond(answer)


def setup(api: web.Application) -> None:
    api.router.add_get(r"/users/{tgid:\d{1,18}}/recommendations", recommendations)
