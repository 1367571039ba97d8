"""JSON errors of the web API: `{"error": {"code": "...", "message": "..."}}`."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from core.logging import get_logger
from services.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidError,
    NotFoundError,
    UnavailableError,
)

log = get_logger(__name__)


class ErrorInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)  # left out when empty


class Error(BaseModel):
    """Every answer of 400 and above."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    error: ErrorInfo


class ApiError(Exception):
    """Raise from a service or a route; the middleware turns it into the JSON answer."""

    status = 400
    code = "bad_request"

    def __init__(
        self, message: str, *, code: str | None = None, status: int | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details

    def response(self) -> web.Response:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return error_response(self.status, body)


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class Unprocessable(ApiError):
    status, code = 422, "unprocessable"


class TooManyRequests(ApiError):
    status, code = 429, "rate_limited"

    def __init__(self, message: str, *, retry_after: float, **details: Any) -> None:
        super().__init__(message, retry_after=max(1, round(retry_after)), **details)

    def response(self) -> web.Response:
        response = super().response()
        response.headers["Retry-After"] = str(self.details["retry_after"])
        return response


def error_response(status: int, error: dict[str, Any]) -> web.Response:
    body = Error(error=ErrorInfo.model_validate(error)).model_dump(exclude_unset=True)
    return web.json_response(body, status=status, dumps=dumps)


def dumps(value: Any) -> str:
    """JSON as the API writes it: UTF-8 text as it is (names are Cyrillic), not \\u escapes."""
    return json.dumps(value, ensure_ascii=False, default=str)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
}


_DOMAIN_STATUS: dict[type[DomainError], int] = {
    NotFoundError: 404,
    ForbiddenError: 403,
    ConflictError: 409,
    InvalidError: 422,
    UnavailableError: 503,
}


def _domain_response(error: DomainError) -> web.Response:
    status = next((s for kind, s in _DOMAIN_STATUS.items() if isinstance(error, kind)), 422)
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details:
        body["details"] = error.details
    return error_response(status, body)


@web.middleware
async def json_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every failure under /api leaves as JSON: ours, the domain's, aiohttp's (404, 405, 413),
    and crashes (logged, answered without details)."""
    try:
        return await handler(request)
    except ApiError as error:
        return error.response()
    except DomainError as error:
        return _domain_response(error)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = _HTTP_CODES.get(error.status, "http_error")
        return error_response(error.status, {"code": code, "message": error.reason})
    except Exception:
        log.exception("api request failed", path=request.path, method=request.method)
        return error_response(500, {"code": "internal", "message": "Internal server error"})


async def read_json(request: web.Request, max_bytes: int = 64 * 1024) -> Any:
    """The request body as JSON: 413 beyond `max_bytes` (read no further), 400 when malformed."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise PayloadTooLarge(f"The body is larger than {max_bytes // 1024} KiB")
    body = await request.content.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"The body is larger than {max_bytes // 1024} KiB")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError(f"The body is not valid JSON: {error}", code="malformed_json") from None
    except RecursionError:
        raise ApiError("The body is nested too deeply", code="malformed_json") from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise ApiError(f"The body cannot be read: {error}", code="malformed_json") from None
