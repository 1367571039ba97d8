"""`lunchbot deadline CAFE_ID DATE [--force]`, run the way an operator runs it (no Kafka: the
command delivers the notification itself): in this process (tests/support/cli.py), and once as
a real process."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from db.models import Deadline, DeadlineNotification, NotificationStatus
from sandbox import updates as build
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN
from tests.notifications.test_delivery import CHAT, TUESDAY
from tests.support.cli import lunchbot as in_process
from tests.support.orders import GOLDEN, make_golden_orders
from tests.support.processes import PROCESS_TIMEOUT

pytestmark = pytest.mark.timeout(300)


def environment(database_url: str, redis_url: str, bot_api: BotAPIServer) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_SERVER": bot_api.url,
        "LOG_LEVEL": "WARNING",
    }


async def lunchbot(
    database_url: str, redis_url: str, bot_api: BotAPIServer, *args: str
) -> tuple[int, str]:
    """In this process: the command's exit code and everything it printed."""
    result = await in_process(*args, env=environment(database_url, redis_url, bot_api))
    return result.code, result.output


async def lunchbot_process(
    database_url: str, redis_url: str, bot_api: BotAPIServer, *args: str
) -> tuple[int, str]:
    """As a real process (`python -m lunchbot`): its exit code and everything it printed."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env |= environment(database_url, redis_url, bot_api)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lunchbot", *args, env=env, stdout=-1, stderr=-2
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=PROCESS_TIMEOUT)
    assert proc.returncode is not None
    return proc.returncode, out.decode()


async def test_deadline_refuses_before_the_deadline_and_forces_one(
    database_url: str, redis_url: str, bot_api: BotAPIServer
) -> None:
    """The command runs on the real clock. A date whose deadline is still ahead is refused
    (nothing recorded: the real deadline keeps its work) unless --force. TUESDAY has no
    deadline rule, so it goes out at once; forced again, as a new message."""
    bot_api.add_chat(build.group_chat(CHAT, "Пельменная: заказы"))
    cafe = await make_golden_orders(TUESDAY, chat_id=CHAT)
    await Deadline.create(cafe=cafe, weekday=2, local_minutes=10 * 60)  # Wednesdays
    run = (database_url, redis_url, bot_api, "deadline", str(cafe.id))

    code, out = await lunchbot(*run, "2036-12-10")
    assert code == 1
    assert "open until 2036-12-10 10:00" in out
    assert "--force" in out
    assert not await DeadlineNotification.exists()
    assert bot_api.calls_to("sendMessage") == []

    run = (*run, TUESDAY.isoformat())
    code, out = await lunchbot(*run)
    assert code == 0, out
    assert out == f"cafe {cafe.id}, 2026-12-08: sent\n"  # the answer alone, no log lines
    assert [c.params["text"] for c in bot_api.calls_to("sendMessage")] == [GOLDEN]

    code, out = await lunchbot(*run, "--force")
    assert code == 0, out
    assert len(bot_api.messages(CHAT)) == 2
    row = await DeadlineNotification.get(cafe_id=cafe.id)
    assert row.status == NotificationStatus.SENT
    assert row.message_ids == [bot_api.messages(CHAT)[1]["message_id"]]


async def test_deadline_for_an_unknown_cafe_says_so(
    database_url: str, redis_url: str, bot_api: BotAPIServer
) -> None:
    code, out = await lunchbot_process(
        database_url, redis_url, bot_api, "deadline", "4242", "2026-12-08"
    )
    assert code == 1
    assert "cafe 4242 not found" in out
    code, out = await lunchbot(database_url, redis_url, bot_api, "deadline", "1", "tomorrow")
    assert code == 2
    assert "tomorrow" in out
