"""The README's first run, as an operator does it: `cp .env.example .env`, a token in it,
`lunchbot import examples/demo.yaml`, `lunchbot run` (polling, the file's default)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN, free_port
from tests.support.processes import PROCESS_TIMEOUT, wait_ready

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.timeout(300)


def _shipped_env(tmp_path: Path) -> None:
    text = (ROOT / ".env.example").read_text()
    assert "\nTELEGRAM_BOT_TOKEN=\n" in text
    (tmp_path / ".env").write_text(
        text.replace("\nTELEGRAM_BOT_TOKEN=\n", f"\nTELEGRAM_BOT_TOKEN={TOKEN}\n")
    )


async def test_env_example_as_shipped_imports_and_runs(
    database_url: str, redis_url: str, bot_api: BotAPIServer, tmp_path: Path
) -> None:
    _shipped_env(tmp_path)
    port = free_port()
    # Only where this machine differs from the file: the test's database, Redis, the
    # double, a free port. Everything else (empty WEBHOOK_*, GEMINI_BASE_URL=, …) is the file's.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}} | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_API_SERVER": bot_api.url,
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
    }
    demo = str(ROOT / "examples" / "demo.yaml")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "lunchbot",
        "import",
        demo,
        cwd=tmp_path,
        env=env,
        stdout=-1,
        stderr=-1,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=PROCESS_TIMEOUT)
    assert proc.returncode == 0, err.decode()
    assert err.decode() == ""  # no start-up log lines: the answer alone
    lines = out.decode().splitlines()
    assert lines[0].strip() == demo
    assert not any(line.lstrip().startswith("{") for line in lines)
    assert any("pelmennaya" in line and " 1 " in f"{line} " for line in lines)

    stderr_path = tmp_path / "stderr.log"
    with stderr_path.open("wb") as stderr:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "lunchbot", "run", cwd=tmp_path, env=env, stderr=stderr
        )
        try:
            await wait_ready(f"http://127.0.0.1:{port}/readyz", proc, timeout=PROCESS_TIMEOUT)
            await bot_api.wait_for("getUpdates", timeout=60)  # polling, as the file says
            ivan = updates.user(9201, "Иван", "Сидоров")
            await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")
            (greeting,) = await bot_api.wait_for_messages(9201, 1, timeout=30)
            assert greeting["text"].startswith("Привет, Иван Сидоров!")
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(proc.wait(), timeout=30)
    log = stderr_path.read_text()
    assert code == 0, log
    assert '"event": "lunchbot started"' in log
    assert "configuration error" not in log
    assert "Traceback" not in log
