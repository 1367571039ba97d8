"""What `lunchbot sandbox` refuses before it starts anything (kept light: it runs before the
application's heavy imports, so a refusal is immediate)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from sandbox.telegram import DEFAULT_TOKEN

TOKEN = DEFAULT_TOKEN  # fake: api.telegram.org would answer 401 to it
DATABASE = "lunchbot_sandbox"
DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


class SandboxError(Exception):
    """The sandbox refuses to start; the message says why and is safe to print."""


def database_url(environ: Mapping[str, str]) -> str:
    """`DATABASE_URL` when it names a sandbox database, else the default one; anything else
    is refused (the sandbox empties its database at every start)."""
    url = environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    name = urlsplit(url).path.lstrip("/")
    if not name.startswith(DATABASE):
        raise SandboxError(
            f"DATABASE_URL names the database {name!r}; the sandbox empties its database at "
            f"every start, so it only uses one named {DATABASE}… (unset DATABASE_URL to use "
            f"{DATABASE} on 127.0.0.1)"
        )
    return url


def check_token(environ: Mapping[str, str]) -> None:
    token = environ.get("TELEGRAM_BOT_TOKEN")
    if token and token != TOKEN:
        raise SandboxError(
            "TELEGRAM_BOT_TOKEN is set to a bot token; the sandbox never talks to Telegram and "
            "runs with its own fake token only. Unset it for the sandbox "
            "(`env -u TELEGRAM_BOT_TOKEN lunchbot sandbox`); `lunchbot run` is the real bot."
        )
