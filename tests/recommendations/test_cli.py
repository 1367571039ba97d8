"""`lunchbot recommendations` as an operator runs it: a progress bar, a summary.

The first run is in this process (tests/support/cli.py), the second a real one (a new Python
process pays seconds for its imports).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from datetime import datetime
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from db.models import User
from sandbox.gemini import GeminiServer
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN
from tests.recommendations.conftest import World
from tests.support.cli import lunchbot as in_process
from tests.support.processes import PROCESS_TIMEOUT


async def lunchbot(*args: str, **env: str) -> tuple[int, str, str]:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    # Asynchronously: the doubles it talks to run in this very event loop.
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "lunchbot",
        *args,
        cwd=tempfile.gettempdir(),  # no .env there
        env={**clean, "COLUMNS": "120", **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(PROCESS_TIMEOUT):
        out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_one_person_now_then_everyone(
    world: World,
    database_url: str,
    redis_url: str,
    redis: Redis,
    gemini: GeminiServer,
    bot_api: BotAPIServer,
) -> None:
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()  # the process has no frozen clock
    for tgid, count in ((9201, 5), (9202, 6), (9203, 2)):
        user = await User.create(tgid=tgid, name=str(tgid))
        await world.orders(user, count, "light", ["borsch", "kotleta"], before=today)
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_SERVER": bot_api.url,
        "GEMINI_API_KEYS": "cli-key-000001",
        "GEMINI_BASE_URL": gemini.url,
        "LOG_LEVEL": "WARNING",
    }

    result = await in_process("recommendations", "--user", "9201", env=env)
    code, out, err = result.code, result.stdout, result.stderr
    assert code == 0, err
    assert "1/1" in out  # the progress bar, done
    assert "│ 1        │ 1         │ 0       │ 0      │ 0" in out.replace("┃", "│")
    assert "keys used:" in out
    assert "cli-key-000001" not in out + err
    assert json.loads(await redis.get("recommendations:user:9201"))["tips"]

    code, out, err = await lunchbot("recommendations", **env)
    assert code == 0, err
    assert "1/1" in out  # 9201 is fresh, 9203 has too few orders: only 9202 is asked about
    assert len(gemini.calls) == 2
