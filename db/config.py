"""Tortoise configuration, shared by the app, the CLI and aerich (`aerich.ini` points here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
APP = "models"
MODELS = ["db.models"]
# aerich's own table, which only aerich reads and writes: registered for aerich's commands
# (`aerich.ini`, `db.apply_migrations`), not in every process, where importing aerich (its
# click machinery, dictdiffer, numpy when installed) was a third of `lunchbot link`'s run.
MIGRATION_MODELS = [*MODELS, "aerich.models"]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lunchbot"


# Connections per process. The deadline consumer holds one per notification in flight for its
# lock while it queries on others (bot.notifications.delivery), so this must stay well above
# its concurrency; the web API and the bot share the rest.
POOL_SIZE = 20


def with_pool_size(database_url: str, size: int = POOL_SIZE) -> str:
    """The URL with `maxsize` set, unless it sets one itself (Tortoise's default is 5)."""
    parts = urlsplit(database_url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("maxsize", str(size))
    return urlunsplit(parts._replace(query=urlencode(query)))


async def keep_session(_: Any) -> None:
    """What a connection does on its way back to the pool, instead of asyncpg's reset query
    (`pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`), a round trip after every
    query outside a transaction. Nothing here leaves session state on a pooled connection: no
    SET, no LISTEN, no cursor held past its transaction, advisory locks only per transaction
    (the migration lock has a connection of its own). asyncpg still rolls back a transaction
    left open before this is called."""


def connection(database_url: str) -> dict[str, Any]:
    """Tortoise's connection settings for the URL, with our pool size and reset."""
    from tortoise.backends.base.config_generator import expand_db_url

    config = expand_db_url(with_pool_size(database_url))
    if config["engine"] == "tortoise.backends.asyncpg":
        config["credentials"]["reset"] = keep_session
    return config


def tortoise_config(database_url: str, *, migrations: bool = False) -> dict[str, Any]:
    """`migrations`: the configuration aerich runs with (its table's model registered)."""
    models = MIGRATION_MODELS if migrations else MODELS
    return {
        "connections": {"default": connection(database_url)},
        "apps": {APP: {"models": models, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


# aerich reads this module-level dict; it only needs the database URL, not the whole settings.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", DEFAULT_URL), migrations=True)
