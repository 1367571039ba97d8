"""Structured JSON logs, and secrets scrubbed from every line whatever its source."""

from __future__ import annotations

import io
import json
import logging

from core.logging import configure_logging, get_logger


def test_json_lines_and_secrets_scrubbed() -> None:
    stream = io.StringIO()
    token = "123456:SECRET-token-value-000000000000"
    try:
        configure_logging("INFO", "json", [token, "gemini-key-abcdef"], stream=stream)
        get_logger("lunchbot.test").info("sent", cafe_id=7, token=token)
        logging.getLogger("aiogram.event").warning("POST https://api/bot%s/sendMessage", token)
        try:
            raise RuntimeError("bad key gemini-key-abcdef")
        except RuntimeError:
            get_logger("lunchbot.test").exception("failed")
    finally:
        configure_logging("WARNING", "console")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["event"] == "sent"
    assert lines[0]["cafe_id"] == 7
    assert lines[0]["level"] == "info"
    assert lines[0]["token"] == "***"
    assert lines[1]["event"] == "POST https://api/bot***/sendMessage"
    assert "gemini-key-abcdef" not in stream.getvalue()
    assert "SECRET-token" not in stream.getvalue()


async def test_routine_job_runs_are_debug_failures_stay_visible() -> None:
    """An idle bot's log at INFO is not APScheduler's "Running job … executed successfully"
    every 30 seconds; a job that fails still shows."""
    import asyncio

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    stream = io.StringIO()
    ran = asyncio.Event()

    async def routine() -> None:
        ran.set()

    async def broken() -> None:
        raise RuntimeError("the tick broke")

    try:
        configure_logging("INFO", "json", stream=stream)
        scheduler = AsyncIOScheduler()
        scheduler.add_job(routine, "date", id="routine")
        scheduler.add_job(broken, "date", id="broken")
        scheduler.start()
        await asyncio.wait_for(ran.wait(), 10)
        for _ in range(100):
            if "the tick broke" in stream.getvalue():
                break
            await asyncio.sleep(0.05)
        scheduler.shutdown(wait=False)
    finally:
        configure_logging("WARNING", "console")
    log = stream.getvalue()
    assert "Running job" not in log
    assert "executed successfully" not in log
    failures = [json.loads(line) for line in log.splitlines() if "raised an exception" in line]
    assert failures
    assert failures[0]["level"] == "error"
    assert "the tick broke" in failures[0]["exception"]


def test_a_process_that_logs_late_still_logs_json_without_secrets() -> None:
    """A short command sets logging up before structlog is imported (it is imported by the
    first line logged): that line, and those of loggers made afterwards, are still scrubbed
    JSON on stderr, not structlog's unconfigured default on stdout."""
    import subprocess
    import sys

    token = "123456:SECRET-token-value-000000000000"
    probe = f"""
import logging, sys
from core.logging import configure_logging, get_logger
configure_logging("INFO", "json", [{token!r}])
assert "structlog" not in sys.modules, "structlog imported before anything was logged"
logging.getLogger("aiohttp.client").warning("GET /bot%s/getMe failed", {token!r})
get_logger("lunchbot.late").info("sent", token={token!r})
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == ""
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [line["event"] for line in lines] == ["GET /bot***/getMe failed", "sent"]
    assert lines[1]["token"] == "***"
    assert "SECRET-token" not in done.stderr
