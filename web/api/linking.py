"""Cafe linking over HTTP (SPEC §6), the same service and the same notices as the bot:

- `POST /cafes/{cafe_id}/link-request` — anyone signed in; the cafe's deep-link payload is
  the proof (a payload of another cafe is refused);
- `GET /cafe-requests?status=…`, `POST /cafe-requests/{id}/approve|reject`,
  `PATCH /cafes/{cafe_id}/notifications`, `DELETE /cafes/{cafe_id}/link` — managers and admins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, User
from services.linking import ChatRef, Decision, RequestOutcome
from web.api.deps import application, current_user, manager_user
from web.api.openapi import AUTH_ERRORS, error_response, json_response
from web.errors import Conflict, Unprocessable, read_model

MAX_PAGE = 200

# ---- bodies --------------------------------------------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinkRequestIn(_Body):
    tg_chat_id: int = Field(ge=-(2**63), lt=2**63)
    tg_username: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{4,32}$")] | None = None
    chat_title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] | None = (
        None
    )
    payload: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class NotificationsIn(_Body):
    enabled: StrictBool


# ---- answers -------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"tgid": user.tgid, "name": user.name, "username": user.username}


def cafe_json(cafe: Cafe) -> dict[str, Any]:
    return {
        "id": cafe.id,
        "key": cafe.key,
        "name": cafe.name,
        "tg_chat_id": cafe.tg_chat_id,
        "tg_username": cafe.tg_username,
        "linked_at": _iso(cafe.linked_at),
        "notifications_enabled": cafe.notifications_enabled,
    }


def request_json(request: CafeLinkRequest) -> dict[str, Any]:
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
        "created_at": _iso(request.created_at),
        "processed_at": _iso(request.processed_at),
    }


# ---- routes --------------------------------------------------------------------------


def _id(request: web.Request, name: str) -> int:
    return int(request.match_info[name])  # digits only: see the routes


async def create_link_request(request: web.Request) -> web.Response:
    caller = await current_user(request)
    cafe_id = _id(request, "cafe_id")
    body = await read_model(request, LinkRequestIn)
    app = application(request)
    chat = ChatRef(body.tg_chat_id, body.chat_title, body.tg_username)
    result = await app.services.links.request_link(body.payload, chat, caller, cafe_id=cafe_id)
    if result.request is None:  # RequestOutcome.ALREADY_LINKED
        raise Conflict("This chat is already linked to this cafe", code="already_linked")
    await app.link_notices.request_opened(result)
    created = result.outcome is RequestOutcome.CREATED
    return web.json_response(
        {"request": request_json(result.request), "created": created},
        status=201 if created else 200,
    )


def _query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    if not raw.isdecimal() or not low <= int(raw) <= high:
        raise Unprocessable(
            f"{name} must be a whole number from {low} to {high}", code="invalid_query"
        )
    return int(raw)


async def list_requests(request: web.Request) -> web.Response:
    await manager_user(request)
    raw_status = request.query.get("status")
    statuses = [str(s) for s in LinkRequestStatus]
    if raw_status is not None and raw_status not in statuses:
        raise Unprocessable(f"status must be one of {', '.join(statuses)}", code="invalid_query")
    status = LinkRequestStatus(raw_status) if raw_status else None
    limit = _query_int(request, "limit", 50, 1, MAX_PAGE)
    offset = _query_int(request, "offset", 0, 0, 2**31 - 1)
    page, total = await application(request).services.links.requests(
        status, offset=offset, limit=limit
    )
    return web.json_response({"requests": [request_json(r) for r in page], "total": total})


async def _decided(request: web.Request, decision: Decision) -> web.Response:
    told = await application(request).link_notices.decided(decision)
    await decision.request.cafe.refresh_from_db()  # unlinked again if the chat was lost
    return web.json_response(
        {
            "request": request_json(decision.request),
            "cafe": cafe_json(decision.request.cafe),
            "chat_told": told,
        }
    )


async def approve(request: web.Request) -> web.Response:
    manager = await manager_user(request)
    links = application(request).services.links
    return await _decided(request, await links.approve(_id(request, "request_id"), manager))


async def reject(request: web.Request) -> web.Response:
    manager = await manager_user(request)
    links = application(request).services.links
    return await _decided(request, await links.reject(_id(request, "request_id"), manager))


async def set_notifications(request: web.Request) -> web.Response:
    await manager_user(request)
    cafe_id = _id(request, "cafe_id")
    body = await read_model(request, NotificationsIn)
    cafe = await application(request).services.links.set_notifications(cafe_id, body.enabled)
    return web.json_response({"cafe": cafe_json(cafe)})


async def unlink(request: web.Request) -> web.Response:
    await manager_user(request)
    app = application(request)
    unlinked = await app.services.links.unlink(_id(request, "cafe_id"))
    await app.link_notices.unlinked(unlinked)
    return web.json_response({"cafe": cafe_json(unlinked.cafe)})


def setup(api: web.Application) -> None:
    api.router.add_post(r"/cafes/{cafe_id:\d+}/link-request", create_link_request)
    api.router.add_get("/cafe-requests", list_requests)
    api.router.add_post(r"/cafe-requests/{request_id:\d+}/approve", approve)
    api.router.add_post(r"/cafe-requests/{request_id:\d+}/reject", reject)
    api.router.add_patch(r"/cafes/{cafe_id:\d+}/notifications", set_notifications)
    api.router.add_delete(r"/cafes/{cafe_id:\d+}/link", unlink)


# ---- the OpenAPI description -----------------------------------------------------------


def _schema(kind: str, *, nullable: bool = False, **more: Any) -> dict[str, Any]:
    return {"type": kind, **({"nullable": True} if nullable else {}), **more}


def _object(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


_INT, _STR, _BOOL = _schema("integer"), _schema("string"), _schema("boolean")
_OPTIONAL_STR = _schema("string", nullable=True)
_MOMENT = _schema("string", format="date-time")
_OPTIONAL_MOMENT = _schema("string", format="date-time", nullable=True)
_PERSON = {
    **_object(["tgid", "name"], tgid=_INT, name=_STR, username=_OPTIONAL_STR),
    "nullable": True,
}
CAFE = _object(
    ["id", "name", "tg_chat_id", "linked_at", "notifications_enabled"],
    id=_INT,
    key=_STR,
    name=_STR,
    tg_chat_id=_schema("integer", nullable=True),
    tg_username=_OPTIONAL_STR,
    linked_at=_OPTIONAL_MOMENT,
    notifications_enabled=_BOOL,
)
LINK_REQUEST = _object(
    ["id", "cafe_id", "tg_chat_id", "status", "created_at"],
    id=_INT,
    cafe_id=_INT,
    cafe_name=_STR,
    tg_chat_id=_INT,
    tg_username=_OPTIONAL_STR,
    chat_title=_OPTIONAL_STR,
    status=_schema("string", enum=[str(s) for s in LinkRequestStatus]),
    requested_by=_PERSON,
    processed_by=_PERSON,
    created_at=_MOMENT,
    processed_at=_OPTIONAL_MOMENT,
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


def _path_param(name: str, description: str) -> dict[str, Any]:
    schema = _schema("integer", minimum=1)
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


def _query_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema}


def _json_body(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    schema = {**_object(required, **properties), "additionalProperties": False}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


CAFE_ID = _path_param("cafe_id", "The cafe")
REQUEST_ID = _path_param("request_id", "The link request")
_INVALID_BODY = {"422": error_response("The body is not valid (`invalid_body`)")}


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
                "403": error_response("The payload is not this cafe's (`invalid_payload`)"),
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
                _query_param("offset", _schema("integer", minimum=0, default=0)),
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
                "422": error_response("A query parameter is not valid (`invalid_query`)"),
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
