"""End to end, the way a user starts it: `lunchbot run` as a process, in webhook mode, against
PostgreSQL, Redis, the tansu Kafka broker and the Bot API double."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from sandbox import updates
from sandbox.kafka import TansuBroker
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN, WEBHOOK_SECRET, free_port
from tests.support.processes import PROCESS_TIMEOUT, wait_ready

ROOT = Path(__file__).resolve().parents[1]


async def test_lunchbot_run_end_to_end(
    database_url: str, redis_url: str, kafka: TansuBroker, bot_api: BotAPIServer, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}} | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "KAFKA_BROKER_URL": kafka.bootstrap_servers,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_SERVER": bot_api.url,
        "TELEGRAM_MODE": "webhook",
        "WEBHOOK_BASE_URL": base,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
        "PYTHONWARNINGS": "always::ResourceWarning",
    }
    stderr_path = tmp_path / "stderr.log"
    with stderr_path.open("wb") as stderr:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-X",
            "dev",
            "-m",
            "lunchbot",
            "run",
            cwd=tmp_path,
            env=env,
            stderr=stderr,
        )
        try:
            await wait_ready(f"{base}/readyz", proc)
            webhook = await bot_api.wait_for("setWebhook", timeout=PROCESS_TIMEOUT)
            assert webhook.params["url"] == f"{base}/telegram/webhook"
            assert webhook.params["secret_token"] == WEBHOOK_SECRET
            assert "message" in webhook.params["allowed_updates"]

            # A wrong secret: refused, and no handler runs.
            olga = updates.user(9001, "Ольга")
            update = updates.message_update(updates.private_chat(olga), olga, "/start")
            async with (
                aiohttp.ClientSession() as http,
                http.post(
                    f"{base}/telegram/webhook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"},
                ) as response,
            ):
                assert response.status == 401
            assert bot_api.calls_to("sendMessage") == []

            # The double delivers /start with the right secret. Ольга is nobody the office
            # knows (the default SIGNUP=approval): she is sent to her office manager.
            await bot_api.send_text(updates.private_chat(olga), olga, "/start")
            (answer,) = bot_api.messages(9001)
            assert "вас пока нет в списке" in answer["text"]
            assert answer["reply_markup"]["inline_keyboard"][0][0]["text"] == "🙋 Запросить доступ"
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(proc.wait(), timeout=PROCESS_TIMEOUT)
    log = stderr_path.read_text()
    assert code == 0, log
    for bad in ("Unclosed client session", "Unclosed connector", "Task was destroyed", "Traceback"):
        assert bad not in log, log
    assert TOKEN.split(":")[1] not in log
    assert '"event": "lunchbot stopped"' in log
