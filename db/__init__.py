"""Database: the Tortoise models, their aerich migrations, and connecting/migrating."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import Tortoise
from tortoise.context import get_current_context

from core.logging import get_logger
from db.config import APP, MIGRATIONS_DIR, tortoise_config

log = get_logger(__name__)

# Any fixed 64-bit number works; every lunchbot process must use the same one.
MIGRATION_LOCK_ID = 0x6C756E6368626F74  # "lunchbot"


class DatabaseUnavailable(Exception):
    """PostgreSQL cannot be reached or refused us; the message is safe to print."""


async def init_db(database_url: str) -> None:
    """Connect Tortoise for this process, creating the database on first use.

    The global fallback makes the connection visible to tasks started before init (aiohttp's
    request tasks, aiogram's polling tasks). Note: Tortoise writes TIMEZONE=UTC into
    os.environ here; our settings must be read before (they are, once, at start-up).
    """
    current = await ensure_database(database_url)
    # The first init in a process is its global one. A later one (a CLI command run inside
    # the test process, in a thread of its own) keeps its connections to its own context
    # instead of failing: Tortoise allows one global context per process.
    first = get_current_context() is None
    # aerich's table model only where `apply_migrations` will need aerich (it runs on the
    # Tortoise it finds initialised).
    config = tortoise_config(database_url, migrations=not current)
    await Tortoise.init(config=config, _enable_global_fallback=first)
    (_current.add if current else _current.discard)(database_url)


# Databases this process found fully migrated when it connected: nothing can unapply a
# migration, so `apply_migrations` need not ask again.
_current: set[str] = set()


async def ensure_database(database_url: str) -> bool:
    """Create the database if it is missing; whether its schema is current (every committed
    migration applied), asked on the same connection."""
    dsn = _asyncpg_dsn(database_url)
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
    except asyncpg.InvalidCatalogNameError:
        await _create_database(dsn)
        return False
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        raise DatabaseUnavailable(
            f"cannot connect to PostgreSQL ({_where(dsn)}): {error}"
        ) from None
    try:
        rows = await conn.fetch("SELECT version FROM aerich WHERE app = $1", APP)
    except asyncpg.PostgresError:  # no table yet: a new database
        return False
    finally:
        await conn.close()
    return migration_files() <= {row["version"] for row in rows}


async def _create_database(dsn: str) -> None:
    parsed = urlsplit(dsn)
    name = parsed.path.lstrip("/")
    maintenance = urlunsplit(parsed._replace(path="/postgres"))
    conn = await asyncpg.connect(maintenance, timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name.replace(chr(34), "")}"')
        log.info("database created", database=name)
    except asyncpg.DuplicateDatabaseError:
        pass  # another process created it a moment ago
    finally:
        await conn.close()


def _where(dsn: str) -> str:
    parsed = urlsplit(dsn)
    return f"{parsed.hostname}:{parsed.port or 5432}{parsed.path}"


async def close_db() -> None:
    await Tortoise.close_connections()


def migration_files() -> set[str]:
    """The migrations committed (`<n>_<when>_<name>.py`), as aerich names them in its table."""
    found = set()
    for path in (MIGRATIONS_DIR / APP).glob("*.py"):
        number, sep, _ = path.stem.partition("_")
        if sep and number.isdigit():
            found.add(path.name)
    return found


async def _all_applied() -> bool:
    """Every committed migration is in aerich's table: one query on the open connection,
    without importing aerich (a third of a CLI command's start otherwise)."""
    try:
        rows = await Tortoise.get_connection("default").execute_query_dict(
            "SELECT version FROM aerich WHERE app = $1", [APP]
        )
    except Exception:  # no table yet (a new database), or anything else: let aerich decide
        return False
    return migration_files() <= {row["version"] for row in rows}


async def apply_migrations(database_url: str) -> list[str]:
    """Apply pending aerich migrations while holding a PostgreSQL advisory lock, so two
    processes starting together cannot both run them. Tortoise must be initialised.

    Nothing pending (every start but the first after an upgrade) is no query at all: `init_db`
    asked on its way in."""
    if database_url in _current or await _all_applied():
        return []
    from aerich import Command  # imported late: aerich pulls in click machinery

    lock_conn = await asyncpg.connect(_asyncpg_dsn(database_url))
    try:
        await lock_conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_ID)
        command = Command(
            tortoise_config=tortoise_config(database_url, migrations=True),
            app=APP,
            location=str(MIGRATIONS_DIR),
        )
        await command.init()
        applied = await command.upgrade(run_in_transaction=True)
    finally:
        try:
            await lock_conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_ID)
        finally:
            await lock_conn.close()
    if applied:
        log.info("migrations applied", migrations=applied)
    return applied


def _asyncpg_dsn(database_url: str) -> str:
    # Tortoise accepts the `postgres://` and `asyncpg://` schemes; asyncpg wants postgres(ql).
    scheme, sep, rest = database_url.partition("://")
    return f"postgresql://{rest}" if sep and scheme in {"asyncpg", "psycopg"} else database_url
