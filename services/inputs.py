"""What outside input (request bodies, query strings, uploaded files) is checked against, and
how pydantic's errors about it read: `field_path` and `message` word them the same way for
the web API (`web.api.models.parse`) and the importers.
"""

from __future__ import annotations

from typing import Any

MAX_ID = 2**31 - 1  # ids are PostgreSQL `integer`s


def field_path(loc: tuple[Any, ...]) -> str:
    """pydantic's error location as one would write it: `extras[0].quantity`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def message(error: Any) -> str:
    """A pydantic error's message in plain words."""
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        return "required"
    return str(error["msg"]).removeprefix("Value error, ")
