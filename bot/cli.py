"""`lunchbot` — the command line (also `python -m bot`)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from core.config import ConfigError, Settings, load_settings
from core.logging import configure_logging

cli = typer.Typer(
    name="lunchbot",
    help="Lunch bot: office lunches from partner cafes, ordered in Telegram.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"lunchbot: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    configure_logging(settings.log.level, settings.log.format, settings.secrets())
    return settings


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    from db import DatabaseUnavailable

    try:
        return asyncio.run(coro)
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    except DatabaseUnavailable as error:
        raise _fail(str(error), code=1) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


@cli.command()
def run() -> None:
    """Run the bot, the web server, the event consumers and the scheduler in one process."""
    from bot.app import serve

    settings = _settings()
    try:
        settings.require_bot()
    except ConfigError as error:
        raise _fail(f"configuration error: {error}") from None
    _run(serve(settings))


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
    console.print(f"applied: {', '.join(applied)}" if applied else "database is up to date")


@cli.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="YAML or JSON file, see README › Import format")],
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
            return await apply(data)
        finally:
            await close_db()

    try:
        report = _run(main())
    except ImportError_ as error:
        raise _fail(f"{file}: nothing imported:\n  " + "\n  ".join(error.errors), code=1) from None
    table = Table("entity", "created", "updated", "unchanged", "deleted", title=str(file))
    for kind, tally in report.tallies.items():
        table.add_row(
            kind, *(str(n) for n in (tally.created, tally.updated, tally.unchanged, tally.deleted))
        )
    console.print(table)
    cafes = Table("cafe key", "id", title="cafes")
    for key, cafe_id in report.cafes:
        cafes.add_row(key, str(cafe_id))
    console.print(cafes)


def main() -> None:
    try:
        cli()
    except ConfigError as error:  # raised inside a command before _run could catch it
        print(f"lunchbot: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


@cli.command()
def link(
    cafe_id: Annotated[int, typer.Argument(help="The cafe's id (printed by `lunchbot import`)")],
) -> None:
    """Print the deep link that links a cafe's Telegram group (asks Telegram for the bot's name)."""
    from aiogram.exceptions import TelegramAPIError
    from aiogram.utils.deep_linking import create_startgroup_link

    from bot.app import create_bot
    from db import apply_migrations, close_db, init_db
    from services.errors import NotFoundError
    from services.linking import LinkPayloads

    settings = _settings()
    payloads = LinkPayloads(settings.bot_token)

    async def main() -> tuple[str, str, str]:
        from db.models import Cafe

        await init_db(str(settings.database.url))
        try:
            await apply_migrations(str(settings.database.url))
            cafe = await Cafe.get_or_none(id=cafe_id)
        finally:
            await close_db()
        if cafe is None:
            raise NotFoundError(f"no cafe #{cafe_id}")
        payload = payloads.make(cafe.id)
        bot = create_bot(settings)
        try:
            link = await create_startgroup_link(bot, payload)
            command = f"/start@{(await bot.me()).username} {payload}"
        finally:
            await bot.session.close()
        return cafe.name, link, command

    try:
        name, link, command = _run(main())
    except NotFoundError as error:
        raise _fail(error.message, code=1) from None
    except TelegramAPIError as error:
        raise _fail(
            f"cannot ask Telegram for the bot's username: {error.message}", code=1
        ) from None
    console.print(f"{name} (#{cafe_id}): {link}", markup=False, highlight=False, soft_wrap=True)
    console.print(
        f"If linking does not start in the group by itself, send there: {command}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
