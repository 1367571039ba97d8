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
