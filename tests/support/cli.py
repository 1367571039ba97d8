"""Running `lunchbot` inside the test's process.

A new interpreter pays seconds for its imports (aiogram builds every Telegram type) before the
command does anything; in-process the command costs what it does. It runs the way a shell runs
it — its own `asyncio.run`, its own database connections, its arguments parsed by typer — in a
thread of its own, because the doubles it talks to (the Bot API, Gemini) are served by this
test's event loop, which must keep running meanwhile. Each command keeps one real subprocess
test besides (the entry point, the interpreter's exit code).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from typer.testing import CliRunner

from lunchbot.cli import cli


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


async def lunchbot(*args: str, env: dict[str, str], timeout: float = 120) -> Result:
    """`lunchbot ARGS` with these environment variables set (the harness has removed every
    other variable of ours from the process; a test sets each one its command reads)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Result] = loop.create_future()

    def invoke() -> None:
        # A thread starts with an empty context: the command's Tortoise connections are its
        # own, not the test session's.
        try:
            result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "120", **env})
            outcome = Result(result.exit_code, result.stdout, result.stderr)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                error = result.exception
                loop.call_soon_threadsafe(done.set_exception, error)
                return
        except BaseException as error:  # reported to the awaiting test
            loop.call_soon_threadsafe(done.set_exception, error)
            return
        loop.call_soon_threadsafe(done.set_result, outcome)

    threading.Thread(target=invoke, name=f"lunchbot {' '.join(args)}", daemon=True).start()
    return await asyncio.wait_for(done, timeout)
