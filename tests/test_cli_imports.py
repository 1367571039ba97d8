"""`lunchbot --help`, `initdata`, `link` and `dlq list` print a line or a table: they must not
pay for aiogram (every Telegram type's pydantic model, seconds on a busy machine), aiogram-dialog,
google-genai, or aerich on an up-to-date database; `initdata` and `--help` not even for structlog
(nothing is logged), nor `initdata` for rich (typer draws its help with rich). `deadline`
sends through aiogram's Bot, but builds no routers, dialogs or web API for it. Each runs in a
fresh interpreter, which then reports what it imported."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest
from redis.asyncio import Redis

from core.events import DeadLetter
from core.events.memory import DLQ_KEY
from db.models import Cafe
from tests.conftest import TOKEN, free_port
from tests.support.processes import PROCESS_TIMEOUT

HEAVY = ("aiogram", "aiogram_dialog", "aiogram_i18n", "google.genai", "aerich")
ADAPTERS = ("bot.dispatcher", "bot.dialogs", "bot.handlers", "web.app", "web.api")
LOGGING = ("structlog", "rich")

# Runs the CLI the way `python -m lunchbot` does, then prints the heavy modules it imported.
PROBE = (
    """
import json, runpy, sys
sys.argv = ["lunchbot", *sys.argv[1:]]
try:
    runpy.run_module("lunchbot", run_name="__main__")
except SystemExit as exit:
    code = exit.code or 0
else:
    code = 0
def loaded(prefixes):
    return sorted(
        name for name in sys.modules
        if any(name == p or name.startswith(p + ".") for p in prefixes)
    )
heavy = loaded(HEAVY) + loaded(ADAPTERS)
logging = sorted(name for name in LOGGING if name in sys.modules)
print("IMPORTED " + json.dumps({"code": code, "heavy": heavy, "logging": logging}), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))
    .replace("ADAPTERS", repr(ADAPTERS))
    .replace("LOGGING", repr(LOGGING))
)


async def _imported(*args: str, env: dict[str, str]) -> tuple[int, list[str], str, list[str]]:
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", PROBE, *args, env={**base, **env}, stdout=-1, stderr=-1
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=PROCESS_TIMEOUT)
    lines = err.decode().splitlines()
    line = next(x for x in lines if x.startswith("IMPORTED "))
    report = json.loads(line.removeprefix("IMPORTED "))
    said = out.decode() + "".join(f"{x}\n" for x in lines if x != line)  # stdout, then stderr
    return report["code"], report["heavy"], said, report["logging"]


@pytest.mark.parametrize(
    ("args", "logging_expected"), [(["--help"], ["rich"]), (["initdata", "9201"], [])]
)
async def test_help_and_initdata_import_nothing_heavy(
    args: list[str], logging_expected: list[str]
) -> None:
    code, heavy, out, logging = await _imported(*args, env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert code == 0
    assert out.strip()
    assert heavy == []
    assert logging == logging_expected


async def test_link_imports_nothing_heavy(database_url: str, redis_url: str) -> None:
    cafe = await Cafe.create(key="pelmennaya", name="Пельменная №1")
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_SERVER": f"http://127.0.0.1:{free_port()}",
    }
    code, heavy, out, _ = await _imported(
        "link", str(cafe.id), "--bot-username", "lunch_test_bot", env=env
    )
    assert code == 0
    assert "https://t.me/lunch_test_bot?startgroup=" in out
    assert heavy == []


async def test_dlq_list_imports_nothing_heavy(
    database_url: str, redis_url: str, redis: Redis
) -> None:
    letter = DeadLetter(
        topic="lunch-bot.deadlines",
        error="Gone",
        attempts=5,
        event={"cafe_id": 7, "date": "2026-12-01"},
    )
    await redis.rpush(DLQ_KEY.format(topic="lunch-bot.deadlines"), letter.to_json())
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "TELEGRAM_BOT_TOKEN": TOKEN}
    code, heavy, out, _ = await _imported("dlq", "list", "deadlines", env=env)
    assert code == 0
    assert "lunch-bot.deadlines.dlq" in out
    assert "Gone" in out  # the letter, not "is empty"
    assert heavy == []


async def test_deadline_builds_no_routers_dialogs_or_web_api(
    database_url: str, redis_url: str
) -> None:
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_SERVER": f"http://127.0.0.1:{free_port()}",
    }
    # No such cafe: the command starts everything it sends with, then says so.
    code, imported, out, _ = await _imported("deadline", "999999", "2026-12-01", env=env)
    assert code == 1
    assert "999999" in out
    assert [name for name in imported if not name.startswith(("aiogram.", "aiogram_i18n"))] == [
        "aiogram"
    ]
