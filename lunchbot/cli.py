"""`lunchbot` — the command line (also `python -m bot`)."""

from __future__ import annotations

import contextlib
import datetime
import functools
import sys
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.config import ConfigError, Settings, load_settings
from core.logging import configure_logging

if TYPE_CHECKING:
    from rich.console import Console

    from lunchbot.app import Application

cli = typer.Typer(
    name="lunchbot",
    help="Lunch bot: office lunches from partner cafes, ordered in Telegram.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


# rich, asyncio and the bot's packages are imported by the commands that use them: a command
# pays for what it does (`lunchbot initdata` prints one line, benchmark 7).
@functools.cache
def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


def _table(*columns: str, title: str | None = None) -> Any:
    from rich.table import Table

    return Table(*columns, title=title)


def _fail(message: str, code: int = 2) -> typer.Exit:
    _console(stderr=True).print(
        f"lunchbot: {message}", markup=False, highlight=False, soft_wrap=True
    )
    return typer.Exit(code)


def _settings(*, command: bool = True) -> Settings:
    """`command`: a command that answers and exits. Its answer is stdout; stderr carries only
    warnings and errors (or everything with LOG_LEVEL=DEBUG, for troubleshooting), so the
    start-up lines `lunchbot run` logs at INFO never mix with it."""
    try:
        settings = load_settings()
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    level = settings.log.level
    if command and level == "INFO":
        level = "WARNING"
    configure_logging(level, settings.log.format, settings.secrets())
    return settings


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    import asyncio

    try:
        return asyncio.run(coro)
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except Exception as error:
        # Imported only now: `db` loads Tortoise, which a command that never touches the
        # database (`dlq list`) should not pay for; one that failed to connect has it loaded.
        from db import DatabaseUnavailable

        if isinstance(error, DatabaseUnavailable):
            raise _fail(str(error), code=1) from None
        raise


@cli.command()
def run() -> None:
    """Run the bot, the web server, the event consumers and the scheduler in one process."""
    from lunchbot.app import serve

    settings = _settings(command=False)
    try:
        settings.require_bot()
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    _run(serve(settings))


@cli.command()
def sandbox(
    port: Annotated[int, typer.Option(help="The browser UI's port")] = 8081,
    app_port: Annotated[int, typer.Option(help="The application's web server port")] = 8080,
) -> None:
    """Run the real bot offline: a local Telegram and Gemini, the demo data, a browser UI.

    Needs only PostgreSQL and Redis on 127.0.0.1; uses the database `lunchbot_sandbox`
    (emptied at every start), never a real bot token (refused) and never `.env`.
    """
    import os

    from sandbox.guard import SandboxError, check_token, database_url

    try:
        check_token(os.environ)
        url = database_url(os.environ)
    except SandboxError as error:
        raise _fail(str(error)) from None
    configure_logging(
        os.environ.get("LOG_LEVEL", "WARNING").upper(), os.environ.get("LOG_FORMAT", "console")
    )

    from sandbox.runner import leased_redis, run_sandbox

    async def main() -> None:
        async with leased_redis(os.environ) as redis_url:
            await run_sandbox(
                database_url=url, redis_url=redis_url, ui_port=port, app_port=app_port, say=print
            )

    try:
        _run(main())
    except SandboxError as error:
        raise _fail(str(error), code=1) from None
    except OSError as error:  # a port taken, most likely
        raise _fail(f"sandbox: {error}", code=1) from None


@cli.command()
def secret() -> None:
    """Print a fresh WEBHOOK_SECRET (43 random URL-safe characters); reads no settings."""
    import secrets as random

    typer.echo(random.token_urlsafe(32))


@cli.command()
def migrate() -> None:
    """Apply pending database migrations (also done by `run` at start-up)."""
    from db import apply_migrations, close_db, init_db

    settings = _settings()

    async def main() -> list[str]:
        await init_db(str(settings.database.url))
        try:
            return await apply_migrations(str(settings.database.url))
        finally:
            await close_db()

    applied = _run(main())
    _console().print(f"applied: {', '.join(applied)}" if applied else "database is up to date")


@cli.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(help="YAML or JSON file, or a menu .xlsx; see README › Import format"),
    ],
) -> None:
    """Load cafes, deadlines, menus, combos, users (and order history) from a file. Idempotent."""
    from db import apply_migrations, close_db, init_db
    from services.importer import ImportError_, apply, load_file

    settings = _settings()
    try:
        data = load_file(file)
    except ImportError_ as error:
        raise _fail(f"{file}: nothing imported:\n  " + "\n  ".join(error.errors), code=1) from None

    async def main() -> Any:
        await init_db(str(settings.database.url))
        try:
            await apply_migrations(str(settings.database.url))
            # A spreadsheet is the cafe's whole menu: what it leaves out becomes unavailable.
            return await apply(data, complete_menus=file.suffix.lower() == ".xlsx")
        finally:
            await close_db()

    try:
        report = _run(main())
    except ImportError_ as error:
        raise _fail(f"{file}: nothing imported:\n  " + "\n  ".join(error.errors), code=1) from None
    table = _table("entity", "created", "updated", "unchanged", "deleted", title=str(file))
    for kind, tally in report.tallies.items():
        table.add_row(
            kind, *(str(n) for n in (tally.created, tally.updated, tally.unchanged, tally.deleted))
        )
    _console().print(table)
    cafes = _table("cafe key", "id", title="cafes")
    for key, cafe_id in report.cafes:
        cafes.add_row(key, str(cafe_id))
    _console().print(cafes)
    if report.cancelled:
        # From a shell nobody is told: /menus and the HTTP API tell people themselves.
        _console().print(
            f"orders cancelled for new days off: {len(report.cancelled)} (not notified)"
        )


@cli.command()
def recommendations(
    user: Annotated[
        int | None,
        typer.Option(
            "--user", metavar="TGID", help="Only this person, even if their advice is fresh."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Also people who got advice in the last 20 hours.")
    ] = False,
) -> None:
    """Ask Gemini for nutrition advice now: everyone eligible (5+ orders in 30 days), or one."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from lunchbot.app import Application

    settings = _settings()

    async def main() -> Any:
        app = Application(settings)
        await app.start(web=False, telegram=False, background=False)
        try:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
            with Progress(*columns, TimeRemainingColumn(), console=_console()) as bar:
                task = bar.add_task("recommendations", total=None)
                return await app.services.recommendation_batch.run(
                    tgid=user,
                    force=force,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        finally:
            await app.stop()

    report = _run(main())
    if report.outcome in ("off", "busy"):
        raise _fail(f"recommendations not generated: {report.message}", code=1)
    table = _table("eligible", "generated", "skipped", "failed", "not reached", "seconds")
    counts = (report.eligible, report.generated, report.skipped, report.failed, report.not_reached)
    table.add_row(*map(str, counts), f"{report.seconds:.1f}")
    _console().print(table)
    if report.keys_used:
        _console().print(
            "keys used: " + ", ".join(f"{k} ×{n}" for k, n in report.keys_used.items()),
            highlight=False,
        )
    if report.message:
        _console().print(report.message, markup=False, highlight=False)
    if report.outcome == "exhausted":
        raise typer.Exit(1)


dlq = typer.Typer(help="Dead-letter queues: events that failed past their retries.")
cli.add_typer(dlq, name="dlq")
TOPIC_NAMES = ("deadlines", "daily-tasks", "recommendations")


def _topic(settings: Settings, name: str) -> str:
    if name not in TOPIC_NAMES:
        raise _fail(f"unknown topic {name!r}: one of {', '.join(TOPIC_NAMES)}")
    return f"{settings.kafka.topic_prefix}.{name}"


@dlq.command("list")
def dlq_list(
    topic: Annotated[str, typer.Argument(help=f"one of {', '.join(TOPIC_NAMES)}")] = "deadlines",
    limit: Annotated[int, typer.Option(help="at most this many letters")] = 100,
) -> None:
    """Show the dead letters of a topic: when, why, after how many attempts, and the event."""
    # The bus alone, not the application: reading a DLQ needs no aiogram.
    from core.events import Topics
    from core.events.factory import create_bus
    from core.metrics import Metrics
    from core.redis import create_redis

    settings = _settings()
    name = _topic(settings, topic)

    async def main() -> Any:
        redis = create_redis(str(settings.redis.url))
        try:
            bus = create_bus(settings, Topics(settings.kafka.topic_prefix), Metrics(), redis)
            return await bus.dead_letters(name, limit)
        finally:
            await redis.aclose()

    letters = _run(main())
    table = _table("failed at", "attempts", "error", "event", title=f"{name}.dlq")
    for letter in letters:
        table.add_row(letter.failed_at, str(letter.attempts), letter.error, str(letter.event))
    _console().print(table if letters else f"{name}.dlq is empty")


@contextlib.asynccontextmanager
async def _bus_only(settings: Settings) -> AsyncIterator[Application]:
    """The database and the bus for a command that publishes: no web server, no Bot API, no
    scheduler (whose tick would act on every cafe's deadlines from a command meant for one).
    The consumers only with the in-process bus; with Kafka the running processes' consumers
    handle what is published, and joining their groups from here would only cause a
    rebalance."""
    from lunchbot.app import Application

    app = Application(settings)
    try:
        await app.start(
            web=False, telegram=False, background=False, consumers=not settings.kafka.enabled
        )
        yield app
    finally:
        await app.stop()


@dlq.command("replay")
def dlq_replay(
    topic: Annotated[str, typer.Argument(help=f"one of {', '.join(TOPIC_NAMES)}")],
    limit: Annotated[int, typer.Option(help="at most this many letters")] = 1000,
) -> None:
    """Publish a topic's dead letters again, once each (after the cause was fixed).

    With Kafka the running consumers handle them; with the in-process bus this command
    handles them itself before it exits.
    """
    settings = _settings()
    name = _topic(settings, topic)

    async def main() -> tuple[int, int]:
        async with _bus_only(settings) as app:
            replayed = await app.bus.replay_dead_letters(name, limit)
            await app.bus.drain()
            return replayed

    replayed, skipped = _run(main())
    _console().print(f"replayed {replayed}, skipped {skipped} that were never valid events")


@cli.command()
def report(
    month: Annotated[str, typer.Argument(help="The month, YYYY-MM")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The file to write (default lunch-YYYY-MM.<format>)"),
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", help="xlsx (three sheets) or csv (the orders)")
    ] = "xlsx",
    language: Annotated[str, typer.Option("--language", help="Headers in ru or en")] = "ru",
) -> None:
    """Write the monthly report: who ordered what, per person, per cafe and day, every order."""
    from core.i18n import Translator
    from db import close_db, init_db
    from services.errors import InvalidError
    from services.reports import parse_month, report_file

    settings = _settings()
    if format_ not in ("xlsx", "csv"):
        raise _fail(f"--format {format_!r}: expected xlsx or csv")
    if language not in ("ru", "en"):
        raise _fail(f"--language {language!r}: expected ru or en")
    try:
        first = parse_month(month, datetime.date.today())
    except InvalidError:
        raise _fail(f"month {month!r}: expected YYYY-MM, e.g. 2026-11") from None

    async def main() -> Any:
        translator = Translator()
        await translator.load()
        await init_db(str(settings.database.url))
        try:
            return await report_file(first, format_, translator, language)
        finally:
            await close_db()

    file = _run(main())
    target = output or Path(file.filename)
    try:
        target.write_bytes(file.data)
    except OSError as error:
        raise _fail(f"{target}: {error.strerror}", code=1) from None
    _console().print(
        f"{target}: {len(file.report.orders)} orders, {file.report.total} ₽ ({first:%Y-%m})",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@cli.command()
def deadline(
    cafe_id: Annotated[int, typer.Argument(min=1, help="The cafe's id")],
    date: Annotated[
        datetime.datetime, typer.Argument(formats=["%Y-%m-%d"], help="Delivery date, YYYY-MM-DD")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Send again although it was already delivered")
    ] = False,
) -> None:
    """Emit the cafe's `deadline.passed` event for DATE now (its orders go to the cafe chat).

    With Kafka the running bot's consumer sends the message; with the in-process bus this
    command sends it itself before it exits.
    """
    from services.errors import ConflictError, NotFoundError

    settings = _settings()
    day = date.date()

    async def main() -> Any:
        async with _bus_only(settings) as app:
            record = await app.outbox.fire(cafe_id, day, force=force)
            await app.bus.drain()
            await record.refresh_from_db()
            return record

    try:
        record = _run(main())
    except (NotFoundError, ConflictError) as error:
        raise _fail(str(error), code=1) from None
    detail = record.skip_reason or record.last_error or ""
    _console().print(
        f"cafe {cafe_id}, {day}: {record.status}" + (f" ({detail})" if detail else ""),
        markup=False,
        highlight=False,
    )
    if record.status in ("pending", "failed"):
        raise typer.Exit(1)


@cli.command()
def initdata(
    tgid: Annotated[int, typer.Argument(min=1, help="Telegram user id to sign for")],
    name: Annotated[str, typer.Option(help="First and last name")] = "Test User",
    username: Annotated[str | None, typer.Option(help="Telegram @username, without @")] = None,
    language: Annotated[str, typer.Option(help="Telegram language code")] = "ru",
) -> None:
    """Print Mini App initData for TGID, signed now with this bot's token (for curl and tests).

    Anyone holding it acts as that user for INIT_DATA_MAX_AGE seconds: a developer tool.
    """
    from web.auth import sign_init_data

    settings = _settings()
    try:
        token = settings.bot_token
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    first, _, last = name.strip().partition(" ")
    user: dict[str, Any] = {"id": tgid, "first_name": first or str(tgid), "language_code": language}
    if last:
        user["last_name"] = last
    if username:
        user["username"] = username.removeprefix("@")
    print(sign_init_data(token, user))  # not rich: it would wrap the long line


def main() -> None:
    try:
        cli()
    except ConfigError as error:  # raised inside a command before _run could catch it
        print(f"lunchbot: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


@cli.command()
def link(
    cafe_id: Annotated[int, typer.Argument(help="The cafe's id (printed by `lunchbot import`)")],
    bot_username: Annotated[
        str | None,
        typer.Option(
            "--bot-username",
            metavar="NAME",
            help="The bot's @username (default: the one the running bot learned at start-up)",
        ),
    ] = None,
) -> None:
    """Print the deep link that links a cafe's Telegram group.

    Offline: the bot's username is the one `lunchbot run` stored at its start-up (or
    --bot-username); Telegram is asked only when neither is known.
    """
    from redis.exceptions import RedisError

    # Not bot.client nor aiogram: this prints one line (tests/test_cli_imports.py).
    from bot.identity import (
        BotAPIError,
        ask_bot_username,
        known_bot_username,
        remember_bot_username,
        startgroup_link,
    )
    from core.redis import create_redis
    from db import apply_migrations, close_db, init_db
    from services.errors import NotFoundError
    from services.links import LinkPayloads, find_cafe

    settings = _settings()
    payloads = LinkPayloads(settings.bot_token)

    async def username() -> str:
        if bot_username:
            return bot_username.strip().removeprefix("@")
        redis = create_redis(str(settings.redis.url))
        try:
            known = await known_bot_username(redis, settings)
            if known:
                return known
            name = await ask_bot_username(settings)  # the bot never ran here: ask once
            await remember_bot_username(redis, settings, name)
            return name
        finally:
            await redis.aclose()

    async def main() -> tuple[str, str, str]:
        await init_db(str(settings.database.url))
        try:
            await apply_migrations(str(settings.database.url))
            cafe = await find_cafe(cafe_id)
        finally:
            await close_db()
        payload = payloads.make(cafe.id)
        name = await username()
        return cafe.name, startgroup_link(name, payload), f"/start@{name} {payload}"

    try:
        name, link, command = _run(main())
    except NotFoundError as error:
        raise _fail(error.message, code=1) from None
    except RedisError as error:
        raise _fail(
            f"cannot read the bot's username from Redis ({error}): pass --bot-username NAME",
            code=1,
        ) from None
    except (BotAPIError, OSError) as error:
        raise _fail(
            f"cannot ask Telegram for the bot's username ({error}): start the bot once"
            " (`lunchbot run`) or pass --bot-username NAME",
            code=1,
        ) from None
    # Plain lines, not rich: nothing to style, and the link must not wrap.
    print(f"{name} (#{cafe_id}): {link}")
    print(f"If linking does not start in the group by itself, send there: {command}")
