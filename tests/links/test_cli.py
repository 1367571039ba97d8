"""`lunchbot link CAFE_ID`, run the way an operator runs it: offline once the bot has run."""

from __future__ import annotations

import asyncio
import os
import sys

from db.models import Cafe
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from services.links import LinkPayloads
from tests.conftest import TOKEN, free_port
from tests.links.conftest import BOT
from tests.support.cli import lunchbot
from tests.support.processes import PROCESS_TIMEOUT


async def _lunchbot(database_url: str, redis_url: str, *args: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}} | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        # Nothing listens there: the command must not need Telegram.
        "TELEGRAM_API_SERVER": f"http://127.0.0.1:{free_port()}",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lunchbot", *args, env=env, stdout=-1, stderr=-1
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=PROCESS_TIMEOUT)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_link_prints_only_the_deep_link_offline(
    app: Application, database_url: str, redis_url: str, bot_api: BotAPIServer
) -> None:
    """The running bot (`app`) learned its username at start-up; the command uses it without
    reaching Telegram, prints exactly its answer on stdout and nothing on stderr."""
    cafe = await Cafe.create(key="pelmennaya", name="Пельменная №1")
    payload = LinkPayloads(TOKEN).make(cafe.id)
    calls = len(bot_api.calls)

    code, out, err = await _lunchbot(database_url, redis_url, "link", str(cafe.id))
    assert code == 0, err
    assert out == (
        f"Пельменная №1 (#{cafe.id}): https://t.me/{BOT}?startgroup={payload}\n"
        f"If linking does not start in the group by itself, send there: /start@{BOT} {payload}\n"
    )
    assert err == ""

    # In-process (one real process per command is enough): --bot-username wins.
    offline = f"http://127.0.0.1:{free_port()}"
    result = await lunchbot(
        "link",
        str(cafe.id),
        "--bot-username",
        "@other_lunch_bot",
        env={
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_SERVER": offline,
        },
    )
    assert result.code == 0, result.output
    assert f"https://t.me/other_lunch_bot?startgroup={payload}\n" in result.stdout
    assert f"/start@other_lunch_bot {payload}\n" in result.stdout
    assert len(bot_api.calls) == calls  # Telegram was never asked
