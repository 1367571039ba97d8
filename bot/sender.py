"""Sending messages the way Telegram wants, shared by the whole app and every process.

- Rate limits (Redis, across processes): about 30 messages a second in total, 20 a minute per
  group chat, one a second per private chat.
- `TelegramRetryAfter`: wait exactly what Telegram asks, then try again.
- Network errors and 5xx: retry with exponential backoff (and jitter), a bounded number of times.
- A group that moved (upgraded to a supergroup) is followed: the link moves with it
  (`LinkService.chat_moved`) and the message goes to the new chat, once.
- A chat that is gone (bot kicked, chat not found, blocked) is not retried: a cafe linked to it
  is unlinked and the managers told (`LinkService.chat_lost`), then `ChatGone` is raised for
  the caller (a private chat: the caller marks the person as unreachable, if it cares).
  Every feature sending to a cafe chat gets both for nothing: this is the one place for them.
- Anything else Telegram refuses (a malformed message, say) is `DeliveryFailed` at once.
- Priorities (`core.ratelimit.Priority`): cafe lists and alerts first, then replies to what a
  person just did, then fan-outs such as reminders, which also use at most two thirds of the
  global rate.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from core.logging import get_logger
from core.metrics import Metrics
from core.ratelimit import Limit, Priority, RateLimiter
from services.links import UnlinkReason
from services.ports import ChatUnreachable, SendFailed

log = get_logger(__name__)

# Telegram's published limits, with a little margin: measured at our side, a send reaches
# Telegram a few milliseconds later, so a window exactly as wide as the limit could overflow.
# 20 ms is several times the jitter of a send on a busy host; every millisecond more is one
# the deadline fan-out waits in each window, below the rate Telegram allows.
GLOBAL_LIMIT = (30, 1.02)
GROUP_LIMIT = (20, 61.0)
PRIVATE_LIMIT = (1, 1.05)

_GONE_MARKERS = (
    "chat not found",
    "bot was kicked",
    "bot is not a member",
    "bot was blocked",
    "user is deactivated",
    "have no rights to send",
    "not enough rights",
)


class ChatGone(ChatUnreachable):
    """The bot can no longer write to this chat (kicked, removed, blocked, deleted)."""


def unlink_reason(gone: ChatGone) -> UnlinkReason:
    """Why Telegram says the chat is lost, as the managers will read it."""
    if "chat not found" in gone.reason.lower():
        return UnlinkReason.CHAT_NOT_FOUND
    return UnlinkReason.BOT_FORBIDDEN  # kicked, no longer a member, no right to write


class Chats(Protocol):
    """Told when a send finds a chat moved or gone (`services.links.LinkService`)."""

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> object: ...

    async def chat_lost(self, chat_id: int, reason: UnlinkReason) -> object: ...


class ChatMoved(Exception):
    """The group became a supergroup; it now lives under `new_chat_id`."""

    def __init__(self, chat_id: int, new_chat_id: int) -> None:
        super().__init__(f"chat {chat_id} migrated to {new_chat_id}")
        self.chat_id = chat_id
        self.new_chat_id = new_chat_id


_UNEDITABLE_MARKERS = ("message to edit not found", "message can't be edited")


class MessageGone(Exception):
    """The message to edit is no longer there (deleted by the person, or too old)."""

    def __init__(self, chat_id: int, reason: str) -> None:
        super().__init__(f"chat {chat_id}: {reason}")
        self.chat_id = chat_id
        self.reason = reason


class DeliveryFailed(SendFailed):
    """Given up: Telegram refused the message, or kept failing past the last retry."""

    def __init__(self, chat_id: int, reason: str, attempts: int) -> None:
        super().__init__(chat_id, reason)
        self.attempts = attempts

    def __str__(self) -> str:
        return f"chat {self.chat_id}: {self.description}"

    @property
    def description(self) -> str:
        return f"{self.reason} (after {self.attempts} attempts)"


_TRANSIENT = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter)


def _wait(base: float, cap: float) -> Any:
    backoff = wait_exponential_jitter(initial=base, max=cap, jitter=base)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, TelegramRetryAfter):
            return float(error.retry_after)
        return backoff(state)

    return wait


class Sender:
    def __init__(
        self,
        bot: Bot,
        limiter: RateLimiter | None,
        metrics: Metrics,
        *,
        attempts: int = 6,
        backoff: tuple[float, float] = (1.0, 30.0),
        chats: Chats | None = None,
    ) -> None:
        """`limiter=None` turns the rate limits off (benchmarks of our own throughput).
        `chats=None`: a moved chat is raised as `ChatMoved`, a lost one only as `ChatGone`
        (the app sets `chats` once the services exist: they send through this sender)."""
        self.bot = bot
        self.limiter = limiter
        self.metrics = metrics
        self.attempts = attempts
        self.backoff = backoff
        self.chats = chats

    def limits_for(self, chat_id: int, priority: Priority = Priority.URGENT) -> tuple[Limit, ...]:
        per_chat = GROUP_LIMIT if chat_id < 0 else PRIVATE_LIMIT
        count, window = GLOBAL_LIMIT
        if priority is Priority.BULK:
            # A third of the global rate stays free for cafe lists and alerts.
            count = count * 2 // 3
        return (Limit("global", count, window), Limit(f"chat:{chat_id}", *per_chat))

    async def send_message(
        self, chat_id: int, text: str, *, priority: Priority = Priority.URGENT, **kwargs: Any
    ) -> Message:
        """Send a message. `priority`: cafe lists and alerts are URGENT (the default),
        replies to a person's own action NORMAL, fan-outs such as reminders BULK: they take
        no slot while a more urgent message waits for one. The message's `chat.id` is
        where it went (a group that moved is followed to its supergroup)."""
        try:
            return await self._reaching(
                chat_id, priority, lambda: self.bot.send_message(chat_id, text, **kwargs)
            )
        except ChatMoved as moved:
            if self.chats is None:
                raise
            await self.chats.chat_moved(moved.chat_id, moved.new_chat_id)
            new_id = moved.new_chat_id
            try:
                return await self._reaching(
                    new_id, priority, lambda: self.bot.send_message(new_id, text, **kwargs)
                )
            except ChatMoved as again:  # followed once: a chain of moves is not a chat
                raise DeliveryFailed(new_id, str(again), 1) from again

    async def _reaching(
        self, chat_id: int, priority: Priority, call: Callable[[], Awaitable[Any]]
    ) -> Any:
        try:
            return await self._call(chat_id, priority, call)
        except ChatGone as gone:
            if self.chats is not None and chat_id < 0:  # a group: it may be a cafe's
                await self.chats.chat_lost(chat_id, unlink_reason(gone))
            raise

    async def edit_message_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        priority: Priority = Priority.URGENT,
        **kwargs: Any,
    ) -> Message | None:
        """Edit a message of the bot's. Returns None when the message is already exactly this
        (Telegram's "message is not modified": nothing to do); `MessageGone` when it cannot be
        edited any more (deleted, too old)."""
        try:
            result = await self._call(
                chat_id,
                priority,
                lambda: self.bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message_id, **kwargs
                ),
            )
        except DeliveryFailed as failed:
            reason = failed.reason.lower()
            if "message is not modified" in reason:
                return None
            if any(marker in reason for marker in _UNEDITABLE_MARKERS):
                raise MessageGone(chat_id, failed.reason) from failed
            raise
        return result if isinstance(result, Message) else None

    async def _call(
        self, chat_id: int, priority: Priority, call: Callable[[], Awaitable[Any]]
    ) -> Any:
        attempt = 0
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(_TRANSIENT),
            wait=_wait(*self.backoff),
            stop=stop_after_attempt(self.attempts),
            reraise=True,
        )
        try:
            async for try_ in retrying:
                with try_:
                    attempt += 1
                    return await self._once(chat_id, priority, call)
        except TelegramMigrateToChat as error:
            raise ChatMoved(chat_id, error.migrate_to_chat_id) from error
        except (TelegramForbiddenError, TelegramBadRequest) as error:
            if isinstance(error, TelegramForbiddenError) or any(
                marker in error.message.lower() for marker in _GONE_MARKERS
            ):
                raise ChatGone(chat_id, error.message) from error
            raise DeliveryFailed(chat_id, error.message, attempt) from error
        except _TRANSIENT as error:
            raise DeliveryFailed(chat_id, f"{type(error).__name__}: {error}", attempt) from error
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    async def _once(
        self, chat_id: int, priority: Priority, call: Callable[[], Awaitable[Any]]
    ) -> Any:
        if self.limiter is not None:
            await self.limiter.acquire(*self.limits_for(chat_id, priority), priority=priority)
        started = time.perf_counter()
        try:
            return await call()
        except TelegramRetryAfter as error:
            log.warning("telegram asks to wait", chat_id=chat_id, retry_after=error.retry_after)
            raise
        finally:
            self.metrics.send_latency.observe(time.perf_counter() - started)
