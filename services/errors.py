"""Domain errors: what a service refuses, in words a user can read.

Services raise these; the web API maps each kind to its HTTP status (`web/errors.py`) and the
bot shows the message. The `code` is stable and machine-readable, the message is for people.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details


class NotFoundError(DomainError):
    """It does not exist, or it is not yours to see (we do not tell which)."""

    code = "not_found"


class ForbiddenError(DomainError):
    code = "forbidden"


class ConflictError(DomainError):
    """It exists but is in the wrong state: already decided, already closed, taken."""

    code = "conflict"


class InvalidError(DomainError):
    """Well-formed but not acceptable (a wrong item, a date in the past)."""

    code = "unprocessable"


class UnavailableError(DomainError):
    """Something it depends on (Redis, a partner API) is down: try again later."""

    code = "unavailable"
