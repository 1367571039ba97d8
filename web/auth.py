"""Mini App authentication: `Authorization: tma <initData>`, checked the way Telegram says.

The signature is HMAC-SHA256 over the sorted fields with the key HMAC_SHA256("WebAppData",
bot token), compared in constant time (aiogram's `safe_parse_webapp_init_data`); the data
must also be younger than `INIT_DATA_MAX_AGE`, so a leaked initData stops working.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from aiogram.utils.web_app import WebAppInitData

    from core.clock import Clock

CLOCK_SKEW = 60  # seconds an auth_date may be ahead of our clock
MAX_TGID = 2**63  # `tgid` is a PostgreSQL bigint; Telegram's ids are far below it
# A Mini App sends the same initData with every request until it is reopened, so its
# signature is checked once per process and the parsed data kept, keyed by the exact string
# (and the token): anything else, a single byte changed, is checked afresh. Only signed data
# is kept (a failed check raises and is not cached), so a stranger cannot fill it; the age is
# checked on every request from the kept `auth_date`, so expiry works as before. A few
# thousand open Mini Apps per process, a few hundred bytes each.
VERIFIED_CACHE_SIZE = 4096


def parse_authorization(
    header: str | None, *, bot_token: str, max_age: int, clock: Clock
) -> WebAppInitData:
    from web.errors import Unauthorized

    if not header:
        raise Unauthorized("Missing Authorization header: expected 'tma <initData>'")
    scheme, _, init_data = header.partition(" ")
    if scheme.lower() != "tma" or not init_data.strip():
        raise Unauthorized("Authorization must be 'tma <initData>'")
    try:
        data = _verified(bot_token, init_data.strip())
    except Exception:
        # Not only ValueError: a non-ASCII `hash` makes hmac.compare_digest raise TypeError,
        # and a deeply nested field RecursionError. Whatever it is, the caller is not signed in.
        raise Unauthorized("initData signature is invalid", code="invalid_init_data") from None
    age = (clock.now() - data.auth_date.astimezone(UTC)).total_seconds()
    if age > max_age:
        raise Unauthorized("initData has expired; reopen the Mini App", code="expired_init_data")
    if age < -CLOCK_SKEW:
        raise Unauthorized("initData is dated in the future", code="invalid_init_data")
    if data.user is None:
        raise Unauthorized("initData carries no user", code="invalid_init_data")
    if not 0 < data.user.id < MAX_TGID:
        raise Unauthorized("initData carries no valid user id", code="invalid_init_data")
    return data


@lru_cache(maxsize=VERIFIED_CACHE_SIZE)
def _verified(bot_token: str, init_data: str) -> WebAppInitData:
    # Here, not at the top: `lunchbot initdata` signs with this module and must not import
    # aiogram (every Telegram type's model) nor aiohttp's server to print one line.
    from aiogram.utils.web_app import safe_parse_webapp_init_data

    return safe_parse_webapp_init_data(bot_token, init_data)


def _user_json(user: dict[str, Any]) -> str:
    """As Telegram writes it: UTF-8 as is; escaped only where that is not text (a lone
    surrogate, which tests send on purpose, has no UTF-8)."""
    text = json.dumps(user, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode()
    except UnicodeEncodeError:
        text = json.dumps(user, separators=(",", ":"))
    return text


def sign_init_data(
    bot_token: str,
    user: dict[str, Any],
    *,
    auth_date: datetime | int | None = None,
    query_id: str = "AAEAAAE",
    **extra: str,
) -> str:
    """Build initData as Telegram would for `user` (tests, the sandbox, the README's curl)."""
    if isinstance(auth_date, datetime):
        auth_date = int(auth_date.timestamp())
    fields = {
        "query_id": query_id,
        "user": _user_json(user),
        "auth_date": str(auth_date if auth_date is not None else int(time.time())),
        **extra,
    }
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)
