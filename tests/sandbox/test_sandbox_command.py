"""`lunchbot sandbox` as a new developer runs it: up with nothing configured, the URL printed,
a real bot token or another database refused; and none of it inside `lunchbot run`."""

from __future__ import annotations

import ast
import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from sandbox.ui import startgroup_payload
from tests.conftest import PG, free_port
from tests.support.processes import PROCESS_TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
LUNCHBOT = Path(sys.executable).with_name("lunchbot")
REAL_LOOKING_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def _env(**extra: str) -> dict[str, str]:
    # What a fresh shell has: PATH and HOME, none of the harness's settings.
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return {**env, **extra}


def _refused(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LUNCHBOT), "sandbox"],
        env=_env(**env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )


def test_a_real_bot_token_is_refused(tmp_path: Path) -> None:
    result = _refused(tmp_path, TELEGRAM_BOT_TOKEN=REAL_LOOKING_TOKEN)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is set" in result.stderr
    assert REAL_LOOKING_TOKEN not in result.stderr + result.stdout


def test_a_database_other_than_the_sandboxs_is_refused(tmp_path: Path) -> None:
    result = _refused(tmp_path, DATABASE_URL=f"{PG}/lunchbot")
    assert result.returncode == 2
    assert "DATABASE_URL names the database 'lunchbot'" in result.stderr


def test_lunchbot_run_imports_nothing_of_the_sandbox() -> None:
    """The product's packages never import `sandbox`; the CLI does only inside its `sandbox`
    command. (Read from the source: importing the app here would prove nothing, the harness
    has loaded the doubles already.)"""
    found = []
    for package in ("lunchbot", "bot", "web", "services", "core", "db"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            inside = {
                id(node): function.name
                for function in ast.walk(tree)
                if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                for node in ast.walk(function)
            }
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                else:
                    continue
                if any(name.split(".")[0] == "sandbox" for name in names):
                    found.append(f"{path.relative_to(ROOT)}:{inside.get(id(node), '<module>')}")
    assert found == ["lunchbot/cli.py:sandbox", "lunchbot/cli.py:sandbox"]


def test_startgroup_links_are_read_like_telegram_does() -> None:
    bot = "lunch_sandbox_bot"
    assert startgroup_payload(f"https://t.me/{bot}?startgroup=1-abc_D", bot) == "1-abc_D"
    assert startgroup_payload(f"tg://resolve?domain={bot}&startgroup=xyz", bot) == "xyz"
    for wrong in (
        "https://t.me/other_bot?startgroup=1-abc",
        f"https://t.me/{bot}?start=1-abc",
        f"https://example.com/{bot}?startgroup=1-abc",
        f"https://t.me/{bot}?startgroup=<script>",
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - each says why in words
            startgroup_payload(wrong, bot)


async def test_the_command_comes_up_with_nothing_configured_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    """The README's first command, minus the setup: the URL within a minute, the UI and the
    application answering, Ctrl+C stopping it cleanly."""
    name = f"lunchbot_sandbox_test_{secrets.token_hex(3)}"
    ui_port, app_port = free_port(), free_port()
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        str(LUNCHBOT),
        "sandbox",
        "--port",
        str(ui_port),
        "--app-port",
        str(app_port),
        env=_env(DATABASE_URL=f"{PG}/{name}"),  # a sandbox database of this test's own
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        printed = []
        async with asyncio.timeout(PROCESS_TIMEOUT):
            while not any(line.startswith("  Open ") for line in printed):
                line = await process.stdout.readline()  # type: ignore[union-attr]
                assert line, "exited early: " + (await process.stderr.read()).decode()  # type: ignore[union-attr]
                printed.append(line.decode())
        took = time.monotonic() - started
        print(f"lunchbot sandbox: URL printed after {took:.1f} s")
        assert f"  Open http://127.0.0.1:{ui_port}/\n" in printed
        rest = await process.stdout.readuntil(b"Ctrl+C stops it.")  # type: ignore[union-attr]
        assert b"Three things to try:" in rest
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{ui_port}/api/state") as response:
                state = await response.json()
            async with http.get(f"http://127.0.0.1:{app_port}/readyz") as response:
                assert response.status == 200
        assert state["bot"]["username"] == "lunch_sandbox_bot"
        assert {c["title"] for c in state["chats"]} >= {"Пельменная №1", "Анна Петрова"}
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(PROCESS_TIMEOUT):
            assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        conn = await asyncpg.connect(f"{PG}/postgres")
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()
