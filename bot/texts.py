"""Turning domain values into message text: errors, moments, names. Messages are HTML, so
every string that came from a user or a chat is escaped here, once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from html.parser import HTMLParser

from aiogram import html
from aiogram.utils.formatting import sizeof
from babel.dates import format_date, format_skeleton, format_time

from core.i18n import DEFAULT_LOCALE
from services.errors import DomainError
from services.text import single_line

MAX_MESSAGE_LENGTH = 4096  # Telegram's limit, in UTF-16 code units of the visible text

Translate = Callable[..., str]  # (key, **args) -> text: I18nContext.get or a bound Translator


def error_text(get: Translate, error: DomainError) -> str:
    """A domain error in the reader's language: `error-<code>` from `locales/`, with the
    error's scalar details as arguments (escaped; ids as text, or Fluent groups digits)."""
    args = {
        name: html.quote(str(value))
        for name, value in error.details.items()
        if isinstance(value, str | int) and not isinstance(value, bool)
    }
    return get("error-" + error.code.replace("_", "-"), **args)


def local_time(moment: datetime | None, tz: tzinfo, locale: str = DEFAULT_LOCALE) -> str:
    """The moment on the office's wall clock (TIMEZONE), as the reader's language writes it
    (CLDR's short forms): `07.12.2026 11:00`, `12/7/26 11:00 AM`."""
    if moment is None:
        return "—"
    return f"{local_date(moment.astimezone(tz), locale)} {clock_time(moment, tz, locale)}"


def clock_time(moment: datetime, tz: tzinfo, locale: str = DEFAULT_LOCALE) -> str:
    """The time of day on the office's wall clock: `11:00`, `11:00 AM`."""
    return format_time(moment.astimezone(tz), "short", locale=locale)


def local_date(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """A day as the reader's language writes it (CLDR's short form): `07.12.2026`, `12/7/26`."""
    return format_date(day, "short", locale=locale)


def day_and_month(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """A day of the coming weeks, without the year: `07.12`, `12/7`."""
    return format_skeleton("dM", day, locale=locale)


def quoted(value: str | None) -> str:
    """Someone's words in our message: one line, no bidi controls (`services.text`), escaped."""
    value = single_line(value)
    return html.quote(value) if value else "—"


def username(value: str | None) -> str:
    value = single_line(value)
    return f"@{html.quote(value)}" if value else "—"


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.length = 0

    def handle_data(self, data: str) -> None:
        self.length += sizeof(data)


def telegram_length(text: str) -> int:
    """How long Telegram finds an HTML message: the text after entity parsing, in UTF-16 code
    units (an emoji is 2), which is what its 4096 limit counts."""
    visible = _Visible()
    visible.feed(text)
    visible.close()
    return visible.length


def pack_lines(
    lines: Iterable[str], limit: int = MAX_MESSAGE_LENGTH, *, separator: str = "\n"
) -> list[str]:
    """Whole lines (or blocks) per message, as many as fit under `limit`. A line is measured
    as sent, markup and all, in UTF-16 units: never less than Telegram counts, and a sum of
    lengths rather than a parse of each candidate message. A line longer than the limit on
    its own stays whole (a caller that can have one cuts it first)."""
    parts: list[list[str]] = []
    length = 0
    gap = sizeof(separator)
    for line in lines:
        size = sizeof(line)
        if parts and length + gap + size <= limit:
            parts[-1].append(line)
            length += gap + size
        else:
            parts.append([line])
            length = size
    return [separator.join(part) for part in parts]
