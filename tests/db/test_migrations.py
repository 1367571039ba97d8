"""The committed migrations build the schema the models describe, exactly once."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from db.config import APP, MIGRATIONS_DIR
from tests.support.processes import PROCESS_TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"


@pytest.fixture
async def empty_database() -> str:
    name = f"lunchbot_mig_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(f"{PG}/postgres")
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    yield f"{PG}/{name}"
    conn = await asyncpg.connect(f"{PG}/postgres")
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def _tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await conn.close()
    return {row["tablename"] for row in rows}


def _lunchbot(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "-m", "lunchbot", *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url, "LOG_FORMAT": "console"},
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )


async def test_lunchbot_migrate_creates_the_schema_then_is_a_no_op(empty_database: str) -> None:
    first = _lunchbot("migrate", database_url=empty_database)
    assert first.returncode == 0, first.stderr
    assert "applied:" in first.stdout
    tables = await _tables(empty_database)
    assert {
        "users",
        "cafes",
        "cafe_link_requests",
        "deadlines",
        "menu_items",
        "combos",
        "orders",
        "order_items",
        "order_extras",
        "deadline_notifications",
        "aerich",
    } <= tables
    second = _lunchbot("migrate", database_url=empty_database)
    assert second.returncode == 0, second.stderr
    assert "database is up to date" in second.stdout


async def test_aerich_cli_upgrades_an_empty_database(empty_database: str) -> None:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "aerich"), "-c", "aerich.ini", "upgrade"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": empty_database},
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert "orders" in await _tables(empty_database)


async def test_two_processes_migrating_at_once_apply_it_once(empty_database: str) -> None:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env |= {"DATABASE_URL": empty_database, "LOG_FORMAT": "console"}
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "lunchbot",
            "migrate",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    results = [await p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    outputs = sorted(out.decode().strip().split(":")[0] for out, _ in results)
    assert outputs == ["applied", "database is up to date"]
    conn = await asyncpg.connect(empty_database)
    try:
        assert await conn.fetchval("SELECT count(*) FROM aerich") == len(
            list((MIGRATIONS_DIR / APP).glob("*.py"))
        )
    finally:
        await conn.close()


async def test_models_and_committed_migrations_agree(database_url: str, tmp_path: Path) -> None:
    """A model change without its migration fails here, not in production. aerich diffs the
    models against the last committed migration, in a copy of the folder it may write to."""
    from aerich import Command

    from db.config import tortoise_config

    shutil.copytree(MIGRATIONS_DIR, tmp_path / "migrations")
    command = Command(
        tortoise_config=tortoise_config(database_url, migrations=True),
        app=APP,
        location=str(tmp_path / "migrations"),
    )
    await command.init(offline=True)
    generated = await command.migrate("pending", no_input=True, offline=True)
    assert not generated, f"models changed without a migration; aerich would write {generated}"
