"""Cafe links over HTTP: the same use cases as the bot's (`services.links`):

- `POST /cafes/{cafe_id}/link-request` — anyone signed in; the cafe's deep-link payload is
  the proof (a payload of another cafe is refused); the chat's title and @username come from
  Telegram (`getChat`), the bot must be in the chat and the caller one of its administrators
  (`getChatMember`); 5 attempts per caller an hour;
- `GET /cafe-requests?status=…`, `POST /cafe-requests/{id}/approve|reject`,
  `PATCH /cafes/{cafe_id}/notifications`, `DELETE /cafes/{cafe_id}/link` — managers and admins.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Any

from aiohttp import web
from pydantic import Field, Strict, StrictBool, StringConstraints

from core.ratelimit import Limit
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus
from services.inputs import MAX_ID
from services.links import RequestOutcome
from services.permissions import Action
from web.api.deps import allowed_user, manager_user, path_id, signed_user
from web.api.models import Id, Input, Instant, Output, Query, instant, left_out, parse, respond
from web.api.openapi import (
    AUTH_ERRORS,
    error_response,
    json_response,
    path_parameter,
    query_parameters,
    request_body,
)
from web.errors import Conflict, TooManyRequests, read_json
from web.keys import CHATS, LIMITER, LINKS, SETTINGS

MAX_PAGE = 200
LINK_REQUESTS_PER_HOUR = 5  # per caller, across processes (Redis)

# ---- what comes in -------------------------------------------------------------------


class LinkRequestForm(Input):
    tg_chat_id: Annotated[int, Strict(), Field(ge=-(2**63), lt=2**63)]
    tg_username: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{4,32}$")] | None = None
    chat_title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] | None = (
        None
    )
    payload: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class NotificationsForm(Input):
    enabled: StrictBool


class RequestsQuery(Query):
    status: LinkRequestStatus | None = left_out()
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_ID)


# ---- what goes out -------------------------------------------------------------------


class Person(Output):
    tgid: int
    name: str
    username: str | None


class LinkedCafe(Output):
    id: Id
    key: str
    name: str
    tg_chat_id: int | None
    tg_username: str | None
    linked_at: Instant | None
    notifications_enabled: bool

    @classmethod
    def of(cls, cafe: Cafe, tz: tzinfo) -> LinkedCafe:
        return cls(
            id=cafe.id,
            key=cafe.key,
            name=cafe.name,
            tg_chat_id=cafe.tg_chat_id,
            tg_username=cafe.tg_username,
            linked_at=instant(cafe.linked_at, tz),
            notifications_enabled=cafe.notifications_enabled,
        )


class LinkRequest(Output):
    id: Id
    cafe_id: Id
    cafe_name: str
    tg_chat_id: int
    tg_username: str | None
    chat_title: str | None
    status: LinkRequestStatus
    requested_by: Person | None
    processed_by: Person | None
    created_at: Instant
    processed_at: Instant | None

    @classmethod
    def of(cls, request: CafeLinkRequest, tz: tzinfo) -> LinkRequest:
        """Needs `cafe`, `requested_by` and `processed_by` fetched."""
        created_at = instant(request.created_at, tz)
        assert created_at is not None
        return cls(
            id=request.id,
            cafe_id=request.cafe.id,
            cafe_name=request.cafe.name,
            tg_chat_id=request.tg_chat_id,
            tg_username=request.tg_username,
            chat_title=request.chat_title,
            status=request.status,
            requested_by=request.requested_by if request.requested_by_id else None,
            processed_by=request.processed_by if request.processed_by_id else None,
            created_at=created_at,
            processed_at=instant(request.processed_at, tz),
        )


class LinkRequestAnswer(Output):
    request: LinkRequest
    created: bool


class LinkRequestPage(Output):
    requests: list[LinkRequest]
    total: int


class Decision(Output):
    request: LinkRequest
    cafe: LinkedCafe
    chat_told: bool = Field(
        description="false: the bot cannot write to the chat (the link was cleared again)"
    )


class CafeAnswer(Output):
    cafe: LinkedCafe


# ---- the OpenAPI description -----------------------------------------------------------

CAFE_ID = path_parameter("cafe_id", "The cafe")
REQUEST_ID = path_parameter("request_id", "The link request")
_INVALID_BODY = {"422": error_response("The body is not valid (`invalid_input`)")}


def _decide(verb: str, what: str) -> dict[str, Any]:
    return {
        "parameters": [REQUEST_ID],
        "post": {
            "summary": f"{verb} a pending link request ({what}); the chat is told",
            "operationId": f"{verb.lower()}LinkRequest",
            "responses": {
                "200": json_response("The decided request", Decision),
                **AUTH_ERRORS,
                "404": error_response("No such request"),
                "409": error_response(
                    "Already decided (`already_decided`, details say by whom and how), or the "
                    "chat is linked to another cafe (`chat_linked_elsewhere`)"
                ),
            },
        },
    }


PATHS = {
    "/cafes/{cafe_id}/link-request": {
        "parameters": [CAFE_ID],
        "post": {
            "summary": "Ask to link a chat to the cafe; its deep-link payload is the proof",
            "operationId": "createLinkRequest",
            "requestBody": request_body(LinkRequestForm),
            "responses": {
                "201": json_response("Created; the managers were told", LinkRequestAnswer),
                "200": json_response(
                    "Already pending for this chat (no duplicate)", LinkRequestAnswer
                ),
                **AUTH_ERRORS,
                "403": error_response(
                    "The payload is not this cafe's (`invalid_payload`), the bot is not in the "
                    "chat (`bot_not_in_chat`), the caller is not one of its administrators "
                    "(`not_chat_admin`), or it is not a group (`not_a_group`)"
                ),
                "429": error_response("More than 5 requests in an hour (`rate_limited`)"),
                "503": error_response("Telegram unreachable (`telegram_unavailable`)"),
                "404": error_response("No such cafe"),
                "409": error_response(
                    "The chat is linked to this cafe already (`already_linked`) or to another "
                    "one (`chat_linked_elsewhere`)"
                ),
                **_INVALID_BODY,
            },
        },
    },
    "/cafe-requests": {
        "get": {
            "summary": "Link requests, newest first (pending ones oldest first)",
            "operationId": "listLinkRequests",
            "parameters": query_parameters(RequestsQuery),
            "responses": {
                "200": json_response("One page of requests and the total", LinkRequestPage),
                **AUTH_ERRORS,
                "422": error_response("A query parameter is not valid (`invalid_input`)"),
            },
        }
    },
    "/cafe-requests/{request_id}/approve": _decide(
        "Approve", "links the cafe, rejects its other pending requests"
    ),
    "/cafe-requests/{request_id}/reject": _decide("Reject", "the cafe stays as it is"),
    "/cafes/{cafe_id}/notifications": {
        "parameters": [CAFE_ID],
        "patch": {
            "summary": "Turn the cafe's deadline notifications on or off",
            "operationId": "setCafeNotifications",
            "requestBody": request_body(NotificationsForm),
            "responses": {
                "200": json_response("The cafe", CafeAnswer),
                **AUTH_ERRORS,
                "404": error_response("No such cafe"),
                **_INVALID_BODY,
            },
        },
    },
    "/cafes/{cafe_id}/link": {
        "parameters": [CAFE_ID],
        "delete": {
            "summary": "Unlink the cafe's chat; the chat is told",
            "operationId": "unlinkCafe",
            "responses": {
                "200": json_response("The cafe, now without a chat", CafeAnswer),
                **AUTH_ERRORS,
                "404": error_response("No such cafe, or it is not linked (`not_linked`)"),
            },
        },
    },
}


# ---- routes --------------------------------------------------------------------------


async def create_link_request(request: web.Request) -> web.Response:
    # Cafe staff link their chat: the caller need not be on the office roster.
    caller = await signed_user(request)
    cafe_id = path_id(request, "cafe_id")
    body = parse(LinkRequestForm, await read_json(request))
    links = request.config_dict[LINKS]
    links.check_payload(body.payload, cafe_id)  # no Telegram call for a bad one
    # Every attempt with a valid payload counts, refused ones too: nobody probes chats through
    # the bot or floods the managers.
    wait = await request.config_dict[LIMITER].try_acquire(
        Limit(f"link-request:{caller.tgid}", LINK_REQUESTS_PER_HOUR, 3600.0)
    )
    if wait > 0:
        raise TooManyRequests(
            f"At most {LINK_REQUESTS_PER_HOUR} link requests an hour", retry_after=wait
        )
    # The body's tg_username and chat_title are ignored: Telegram says what they are.
    chat = await request.config_dict[CHATS].verified_group(body.tg_chat_id, caller.tgid)
    result = await links.ask(body.payload, chat, caller, cafe_id=cafe_id)
    if result.request is None:  # RequestOutcome.ALREADY_LINKED
        raise Conflict("This chat is already linked to this cafe", code="already_linked")
    created = result.outcome is RequestOutcome.CREATED
    return respond(
        LinkRequestAnswer(request=LinkRequest.of(result.request, _tz(request)), created=created),
        status=201 if created else 200,
    )


async def list_requests(request: web.Request) -> web.Response:
    await manager_user(request)
    query = parse(RequestsQuery, dict(request.query))
    page, total = await request.config_dict[LINKS].requests(
        query.status, offset=query.offset, limit=query.limit
    )
    tz = _tz(request)
    return respond(LinkRequestPage(requests=[LinkRequest.of(r, tz) for r in page], total=total))


def _tz(request: web.Request) -> tzinfo:
    return request.config_dict[SETTINGS].tz


async def _decided(request: web.Request, *, approve: bool) -> web.Response:
    manager = await manager_user(request)
    decision, told = await request.config_dict[LINKS].decide(
        path_id(request, "request_id"), manager, approve=approve
    )
    await decision.request.cafe.refresh_from_db()  # unlinked again if the chat was lost
    tz = _tz(request)
    return respond(
        Decision(
            request=LinkRequest.of(decision.request, tz),
            cafe=LinkedCafe.of(decision.request.cafe, tz),
            chat_told=told,
        )
    )


async def approve(request: web.Request) -> web.Response:
    return await _decided(request, approve=True)


async def reject(request: web.Request) -> web.Response:
    return await _decided(request, approve=False)


async def set_notifications(request: web.Request) -> web.Response:
    await allowed_user(request, Action.NOTIFICATIONS)
    cafe_id = path_id(request, "cafe_id")
    body = parse(NotificationsForm, await read_json(request))
    cafe = await request.config_dict[LINKS].set_notifications(cafe_id, body.enabled)
    return respond(CafeAnswer(cafe=LinkedCafe.of(cafe, _tz(request))))


async def unlink(request: web.Request) -> web.Response:
    await allowed_user(request, Action.UNLINK)
    unlinked = await request.config_dict[LINKS].unlink(path_id(request, "cafe_id"))
    return respond(CafeAnswer(cafe=LinkedCafe.of(unlinked.cafe, _tz(request))))


def setup(api: web.Application) -> None:
    api.router.add_post(r"/cafes/{cafe_id:\d{1,10}}/link-request", create_link_request)
    api.router.add_get("/cafe-requests", list_requests)
    api.router.add_post(r"/cafe-requests/{request_id:\d{1,10}}/approve", approve)
    api.router.add_post(r"/cafe-requests/{request_id:\d{1,10}}/reject", reject)
    api.router.add_patch(r"/cafes/{cafe_id:\d{1,10}}/notifications", set_notifications)
    api.router.add_delete(r"/cafes/{cafe_id:\d{1,10}}/link", unlink)
