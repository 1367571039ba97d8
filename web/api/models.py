"""What every feature's models are made of: bodies, query strings and answers of /api/v1 as
pydantic models, the field types they share, `parse` for what comes in and `respond` for what
goes out. The OpenAPI document is generated from the same models (`web.api.openapi`).

Money is a decimal string with two places ("570.00": exact, unlike a JSON number in
JavaScript); instants are ISO 8601 with the offset of TIMEZONE; dates are YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from aiohttp import web
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    WithJsonSchema,
)

from services.errors import InvalidError
from services.inputs import MAX_ID, field_path, message

M = TypeVar("M", bound=BaseModel)

CENT = Decimal("0.01")

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


# A date sent to us; the answers' dates are plain `dt.date`s.
Day = Annotated[dt.date, BeforeValidator(_iso_day), Field(examples=["2026-12-08"])]
Money = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["570.00"])]
Instant = Annotated[
    str,
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2026-12-08T10:00:00+03:00"]}
    ),
]


def left_out(alias: str | None = None, description: str | None = None, **schema: Any) -> Any:
    """A field that may be left out (None then) but is not sent as null: the document shows
    its type without null or a default; `schema` adds what a route checks itself."""

    def shown(json_schema: dict[str, Any]) -> None:
        if "anyOf" in json_schema:
            choices = [s for s in json_schema.pop("anyOf") if s != {"type": "null"}]
            json_schema.update(choices[0] if len(choices) == 1 else {"anyOf": choices})
        json_schema.pop("default", None)
        json_schema.update(schema)

    return Field(None, alias=alias, description=description, json_schema_extra=shown)


class Input(BaseModel):
    """A request body: unknown fields are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Query(BaseModel):
    """A query string: unknown parameters are ignored (clients add cache busters and such)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class MonthQuery(Query):
    # Any text reaches `services.reports.parse_month`, which answers a bad one as
    # `invalid_month`; the pattern tells clients what it takes.
    month: str | None = left_out(
        description="YYYY-MM; default the current month in TIMEZONE",
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
    )


class Output(BaseModel):
    """An answer. A field with a default is left out of the JSON unless it was given; the
    others are always there, `null` included. It can be read from the attributes of a row or
    a service's dataclass whose names are the answer's."""

    model_config = ConfigDict(extra="forbid", frozen=True, from_attributes=True)


def parse(model: type[M], data: Any) -> M:
    """`data` as `model`, or `InvalidError` (422 `invalid_input`) naming every field at fault:
    `details.field` the first (as the domain's own 422s have it), `details.errors` a list of
    `{"field": "extras[0].quantity", "message": "..."}`."""
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


def respond(answer: Output, status: int = 200) -> web.Response:
    # pydantic writes the JSON itself (UTF-8 as is, like `dumps`), without a dict in between.
    return web.Response(
        body=answer.__pydantic_serializer__.to_json(answer, exclude_unset=True),
        status=status,
        content_type="application/json",
    )


def money(amount: Decimal) -> str:
    return str(amount.quantize(CENT))


def instant(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment is not None else None
