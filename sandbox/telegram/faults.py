"""Ways for a method to misbehave, and the list of those a test injected."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import ClassVar

from sandbox.telegram.errors import ApiError, Json


class Fault:
    """A way for a method to misbehave, worded exactly like Telegram, because
    aiogram and bot code branch on status codes, parameters and descriptions."""

    delay: float = 0.0

    def error(self) -> ApiError | None:
        return None


class _Worded(Fault):
    """A fault that is always the same answer, given as the subclass's class arguments."""

    status: ClassVar[int]
    description: ClassVar[str]

    def __init_subclass__(cls, *, status: int, description: str) -> None:
        super().__init_subclass__()
        cls.status, cls.description = status, description

    def error(self) -> ApiError:
        return ApiError(self.status, self.description)


@dataclass(frozen=True)
class RetryAfter(Fault):
    seconds: int = 1

    def error(self) -> ApiError:
        return ApiError(
            429, f"Too Many Requests: retry after {self.seconds}", {"retry_after": self.seconds}
        )


@dataclass(frozen=True)
class ChatNotFound(_Worded, status=400, description="Bad Request: chat not found"):
    pass


@dataclass(frozen=True)
class BotKicked(_Worded, status=403, description="Forbidden: bot was kicked from the group chat"):
    pass


@dataclass(frozen=True)
class BotBlocked(_Worded, status=403, description="Forbidden: bot was blocked by the user"):
    pass


@dataclass(frozen=True)
class ServerError(Fault):
    status: int = 500

    def error(self) -> ApiError:
        return ApiError(self.status, HTTPStatus(self.status).phrase)


@dataclass(frozen=True)
class Slow(Fault):
    """Answers normally, late: for client timeouts and concurrency races."""

    seconds: float = 1.0

    @property
    def delay(self) -> float:  # type: ignore[override]
        return self.seconds


@dataclass(frozen=True)
class Migrated(Fault):
    new_chat_id: int

    def error(self) -> ApiError:
        return ApiError(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": self.new_chat_id},
        )


@dataclass(frozen=True)
class Failure(Fault):
    """Any other error Telegram might return."""

    status: int
    description: str
    parameters: Json | None = None

    def error(self) -> ApiError:
        return ApiError(self.status, self.description, self.parameters)


@dataclass
class _Injection:
    method: str  # lower-cased; "*" matches every method
    fault: Fault
    chat_id: int | None
    remaining: int | None


class Faults:
    """The faults a test asked for, first injected first served."""

    def __init__(self) -> None:
        self._injected: list[_Injection] = []

    def add(self, method: str, fault: Fault, chat_id: int | None, times: int | None) -> None:
        self._injected.append(_Injection(method.lower(), fault, chat_id, times))

    def take(self, method: str, params: Json) -> Fault | None:
        """The fault this call meets, if any, used up by one."""
        for injection in self._injected:
            if injection.method not in ("*", method.lower()):
                continue
            if injection.chat_id is not None and params.get("chat_id") != injection.chat_id:
                continue
            if injection.remaining is not None:
                injection.remaining -= 1
                if injection.remaining <= 0:
                    self._injected.remove(injection)
            return injection.fault
        return None

    def clear(self) -> None:
        self._injected.clear()
