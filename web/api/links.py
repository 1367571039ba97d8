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
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, User
from services.inputs import MAX_ID, Input, Query, parse
from services.links import RequestOutcome
from services.permissions import Action
from web.api.deps import allowed_user, manager_user, path_id, signed_user
from web.api.formats import ID_SCHEMA, INSTANT_SCHEMA, instant, nullable, path_parameter, respond
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.errors import Conflict, TooManyRequests, read_json
from web.keys import CHATS, LIMITER, LINKS, SETTINGS

MAX_PAGE = 200
LINK_REQUESTS_PER_HOUR = 5  # per caller, across processes (Redis)

# ---- input ---------------------------------------------------------------------------


class LinkRequestIn(Input):
    tg_chat_id: Annotated[int, Strict(), Field(ge=-(2**63), lt=2**63)]
    tg_username: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{4,32}$")] | None = None
    chat_title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] | None = (
        None
    )
    payload: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class NotificationsIn(Input):
    enabled: StrictBool


class RequestsQuery(Query):
    status: LinkRequestStatus | None = None
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_ID)


# ---- answers -------------------------------------------------------------------------


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"tgid": user.tgid, "name": user.name, "username": user.username}


def cafe_json(cafe: Cafe, tz: tzinfo) -> dict[str, Any]:
    return {
        "id": cafe.id,
        "key": cafe.key,
        "name": cafe.name,
        "tg_chat_id": cafe.tg_chat_id,
        "tg_username": cafe.tg_username,
        "linked_at": instant(cafe.linked_at, tz),
        "notifications_enabled": cafe.notifications_enabled,
    }


def request_json(request: CafeLinkRequest, tz: tzinfo) -> dict[str, Any]:
    """Needs `cafe`, `requested_by` and `processed_by` fetched."""
    return {
        "id": request.id,
        "cafe_id": request.cafe.id,
        "cafe_name": request.cafe.name,
        "tg_chat_id": request.tg_chat_id,
        "tg_username": request.tg_username,
        "chat_title": request.chat_title,
        "status": str(request.status),
        "requested_by": _person(request.requested_by if request.requested_by_id else None),
        "processed_by": _person(request.processed_by if request.processed_by_id else None),
        "created_at": instant(request.created_at, tz),
        "processed_at": instant(request.processed_at, tz),
    }


# ---- routes --------------------------------------------------------------------------


async def create_link_request(request: web.Request) -> web.Response:
    # Cafe staff link their chat: the caller need not be on the office roster.
    caller = await signed_user(request)
    cafe_id = path_id(request, "cafe_id")
    body = parse(LinkRequestIn, await read_json(request))
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
        {"request": request_json(result.request, _tz(request)), "created": created},
        status=201 if created else 200,
    )


async def list_requests(request: web.Request) -> web.Response:
    await manager_user(request)
    query = parse(RequestsQuery, dict(request.query))
    page, total = await request.config_dict[LINKS].requests(
        query.status, offset=query.offset, limit=query.limit
    )
    tz = _tz(request)
    return respond({"requests": [request_json(r, tz) for r in page], "total": total})


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
        {
            "request": request_json(decision.request, tz),
            "cafe": cafe_json(decision.request.cafe, tz),
            "chat_told": told,
        }
    )


async def approve(request: web.Request) -> web.Response:
    return await _decided(request, approve=True)


async def reject(request: web.Request) -> web.Response:
    return await _decided(request, approve=False)


async def set_notifications(request: web.Request) -> web.Response:
    await allowed_user(request, Action.NOTIFICATIONS)
    cafe_id = path_id(request, "cafe_id")
    body = parse(NotificationsIn, await read_json(request))
    cafe = await request.config_dict[LINKS].set_notifications(cafe_id, body.enabled)
    return respond({"cafe": cafe_json(cafe, _tz(request))})


async def unlink(request: web.Request) -> web.Response:
    await allowed_user(request, Action.UNLINK)
    unlinked = await request.config_dict[LINKS].unlink(path_id(request, "cafe_id"))
    return respond({"cafe": cafe_json(unlinked.cafe, _tz(request))})


def setup(api: web.Application) -> None:
    api.router.add_post(r"/cafes/{cafe_id:\d{1,10}}/link-request", create_link_request)
    api.router.add_get("/cafe-requests", list_requests)
    api.router.add_post(r"/cafe-requests/{request_id:\d{1,10}}/approve", approve)
    api.router.add_post(r"/cafe-requests/{request_id:\d{1,10}}/reject", reject)
    api.router.add_patch(r"/cafes/{cafe_id:\d{1,10}}/notifications", set_notifications)
    api.router.add_delete(r"/cafes/{cafe_id:\d{1,10}}/link", unlink)


# ---- the OpenAPI description -----------------------------------------------------------


def _schema(kind: str, **more: Any) -> dict[str, Any]:
    return {"type": kind, **more}


def _object(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


_INT, _STR, _BOOL = _schema("integer"), _schema("string"), _schema("boolean")
_OPTIONAL_STR = nullable(_STR)
_PERSON = nullable(_object(["tgid", "name"], tgid=_INT, name=_STR, username=_OPTIONAL_STR))
CAFE = _object(
    ["id", "name", "tg_chat_id", "linked_at", "notifications_enabled"],
    id=ID_SCHEMA,
    key=_STR,
    name=_STR,
    tg_chat_id=nullable(_INT),
    tg_username=_OPTIONAL_STR,
    linked_at=nullable(INSTANT_SCHEMA),
    notifications_enabled=_BOOL,
)
LINK_REQUEST = _object(
    ["id", "cafe_id", "tg_chat_id", "status", "created_at"],
    id=ID_SCHEMA,
    cafe_id=ID_SCHEMA,
    cafe_name=_STR,
    tg_chat_id=_INT,
    tg_username=_OPTIONAL_STR,
    chat_title=_OPTIONAL_STR,
    status=_schema("string", enum=[str(s) for s in LinkRequestStatus]),
    requested_by=_PERSON,
    processed_by=_PERSON,
    created_at=INSTANT_SCHEMA,
    processed_at=nullable(INSTANT_SCHEMA),
)
DECIDED = _object(
    ["request", "cafe", "chat_told"],
    request=LINK_REQUEST,
    cafe=CAFE,
    chat_told=_schema(
        "boolean",
        description="false: the bot cannot write to the chat (the link was cleared again)",
    ),
)
CAFE_ANSWER = _object(["cafe"], cafe=CAFE)
REQUEST_ANSWER = _object(["request", "created"], request=LINK_REQUEST, created=_BOOL)


def _query_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema}


def _json_body(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    schema = {**_object(required, **properties), "additionalProperties": False}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


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
                "200": json_response("The decided request", DECIDED),
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
            "requestBody": _json_body(
                ["tg_chat_id", "payload"],
                tg_chat_id=_INT,
                tg_username=_OPTIONAL_STR,
                chat_title=_OPTIONAL_STR,
                payload=_schema("string", maxLength=64),
            ),
            "responses": {
                "201": json_response("Created; the managers were told", REQUEST_ANSWER),
                "200": json_response(
                    "Already pending for this chat (no duplicate)", REQUEST_ANSWER
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
            "parameters": [
                _query_param("status", LINK_REQUEST["properties"]["status"]),
                _query_param("limit", _schema("integer", minimum=1, maximum=MAX_PAGE, default=50)),
                _query_param("offset", _schema("integer", minimum=0, maximum=MAX_ID, default=0)),
            ],
            "responses": {
                "200": json_response(
                    "One page of requests and the total",
                    _object(
                        ["requests", "total"],
                        requests=_schema("array", items=LINK_REQUEST),
                        total=_INT,
                    ),
                ),
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
            "requestBody": _json_body(["enabled"], enabled=_BOOL),
            "responses": {
                "200": json_response("The cafe", CAFE_ANSWER),
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
                "200": json_response("The cafe, now without a chat", CAFE_ANSWER),
                **AUTH_ERRORS,
                "404": error_response("No such cafe, or it is not linked (`not_linked`)"),
            },
        },
    },
}
