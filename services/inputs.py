"""Input from outside (request bodies, query strings) as pydantic models.

`parse(Model, data)` returns the model or raises `InvalidError` naming every field at fault,
so every API answers bad input the same way: 422 with `details.field` (the first field at
fault, as the domain's own 422s have it) and `details.errors`, a list of
`{"field": "extras[0].quantity", "message": "..."}`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationError

from services.errors import InvalidError

M = TypeVar("M", bound=BaseModel)

MAX_ID = 2**31 - 1  # ids are PostgreSQL `integer`s
# Strict: neither "5" nor true nor 5.0 pass for 5.
Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> Any:
    # pydantic alone would also take Unix timestamps and other ISO spellings for a date.
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None


Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class Input(BaseModel):
    """A request body: unknown fields are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Query(BaseModel):
    """A query string: unknown parameters are ignored (clients add cache busters and such)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


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


def parse(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            {"field": field_path(item["loc"]) or "body", "message": message(item)}
            for item in error.errors(include_url=False, include_input=False)
        ]
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidError(
            f"{first['field']}: {first['message']}{more}",
            code="invalid_input",
            field=first["field"],
            errors=problems,
        ) from None
