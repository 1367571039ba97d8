"""Reading what the app logs, the way an operator's log collector does."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from typing import Any

from core.logging import configure_logging


@contextlib.contextmanager
def log_lines() -> Iterator[list[dict[str, Any]]]:
    """The JSON lines logged at INFO and above while the block runs, through the app's own
    set-up (structlog over the standard library). structlog.testing.capture_logs would miss
    the loggers an earlier test's `configure_logging` (a CLI command run in-process, say)
    already bound for good: they write to the standard library's handlers, replaced here."""
    stream = io.StringIO()
    lines: list[dict[str, Any]] = []
    configure_logging("INFO", "json", stream=stream)
    try:
        yield lines
    finally:
        configure_logging("WARNING", "console")
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())
