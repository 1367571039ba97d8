"""What `lunchbot link` needs to know about the bot, without aiogram: its @username (stored by
the running bot at start-up, or asked of the Bot API once) and the deep link.

Importing aiogram builds the pydantic models of every Telegram type (most of a second, more on
a busy machine): a command that prints one line must not pay for that (bench/results.md).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from core.config import Settings

# Telegram's alphabet and limit (64 characters) for start/startgroup parameters.
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


class BotAPIError(Exception):
    """The Bot API could not be reached or refused getMe; the message names no token."""


def _username_key(settings: Settings) -> str:
    # The bot's id (the token's public part) keeps two bots on one Redis apart.
    return f"bot:{settings.bot_token.split(':', 1)[0]}:username"


async def remember_bot_username(redis: Redis, settings: Settings, username: str) -> None:
    """What the running bot learned from getMe, for `lunchbot link` to use offline."""
    if username:
        await redis.set(_username_key(settings), username)


async def known_bot_username(redis: Redis, settings: Settings) -> str | None:
    value = await redis.get(_username_key(settings))
    return value.decode() if isinstance(value, bytes) else value


async def ask_bot_username(settings: Settings, timeout: float = 10.0) -> str:
    """getMe through `TELEGRAM_API_SERVER`, with aiohttp alone."""
    import aiohttp

    url = f"{settings.telegram.api_base}/bot{settings.bot_token}/getMe"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http,
            http.get(url) as response,
        ):
            answer = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        reason = f"{type(error).__name__}: {error}".replace(settings.bot_token, "***")
        raise BotAPIError(reason) from None
    if not isinstance(answer, dict) or not answer.get("ok"):
        description = answer.get("description") if isinstance(answer, dict) else None
        raise BotAPIError(f"getMe refused: {description or 'no answer'}")
    return str(answer.get("result", {}).get("username") or "")


def startgroup_link(bot_username: str, payload: str) -> str:
    """`https://t.me/<bot>?startgroup=<payload>`: adds the bot to a group, which then sends
    `/start <payload>` (how a cafe's chat asks to be linked)."""
    return deep_link(bot_username, "startgroup", payload)


def deep_link(username: str, link_type: str, payload: str) -> str:
    """`https://t.me/<bot>?<link_type>=<payload>`, as aiogram's `create_deep_link` makes it
    (the payload must already be `[A-Za-z0-9_-]`, at most 64 characters)."""
    if not _PAYLOAD.fullmatch(payload):
        raise ValueError("a deep link payload is up to 64 of A-Z, a-z, 0-9, _ and -")
    return f"https://t.me/{username}?{urlencode({link_type: payload})}"
