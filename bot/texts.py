"""Turning domain values into message text: errors, moments, names. Messages are HTML, so
every string that came from a user or a chat is escaped here, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from aiogram import html

from services.errors import DomainError
from services.text import single_line

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


def local_time(moment: datetime | None, tz: tzinfo) -> str:
    """`07.12.2026 11:00` in TIMEZONE: what the office reads on its wall clock."""
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M") if moment else "—"


def quoted(value: str | None) -> str:
    """Someone's words in our message: one line, no bidi controls (`services.text`), escaped."""
    value = single_line(value)
    return html.quote(value) if value else "—"


def username(value: str | None) -> str:
    value = single_line(value)
    return f"@{html.quote(value)}" if value else "—"
