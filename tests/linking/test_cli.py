"""`lunchbot link CAFE_ID`, run the way an operator runs it."""

from __future__ import annotations

import asyncio
import os
import sys

from db.models import Cafe
from sandbox.telegram import BotAPIServer
from services.linking import LinkPayloads
from tests.conftest import TOKEN
from tests.linking.conftest import BOT
from tests.support.processes import PROCESS_TIMEOUT


async def _lunchbot(database_url: str, bot_api: BotAPIServer, *args: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}} | {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_SERVER": bot_api.url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, stdout=-1, stderr=-1
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=PROCESS_TIMEOUT)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_link_prints_the_deep_link(database_url: str, bot_api: BotAPIServer) -> None:
    cafe = await Cafe.create(key="pelmennaya", name="Пельменная №1")
    payload = LinkPayloads(TOKEN).make(cafe.id)
    code, out, err = await _lunchbot(database_url, bot_api, "link", str(cafe.id))
    assert code == 0, err
    assert f"Пельменная №1 (#{cafe.id}): https://t.me/{BOT}?startgroup={payload}" in out
    assert f"/start@{BOT} {payload}" in out
