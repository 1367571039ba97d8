"""Structured logging: every line (ours, aiogram's, aiohttp's, aiokafka's) goes through structlog.

Secrets are scrubbed at the very end of the pipeline, from the rendered line, so a token that
sneaks into an exception message or a library's URL never reaches the output.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import structlog

_REDACTED = "***"


class _SecretScrubber:
    def __init__(self) -> None:
        self._secrets: tuple[str, ...] = ()

    def register(self, secrets: Iterable[str]) -> None:
        # Longest first, so a secret containing another is replaced whole.
        # Every secret, however short (a short one is refused at start-up anyway): better a
        # scrubbed word too many than a secret in the log.
        merged = set(self._secrets) | {s for s in secrets if s}
        self._secrets = tuple(sorted(merged, key=len, reverse=True))

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, _REDACTED)
        return text


scrubber = _SecretScrubber()


def _scrub_rendered(_: Any, __: str, rendered: str) -> str:
    return scrubber.scrub(rendered)


def configure_logging(
    level: str = "INFO", fmt: str = "json", secrets: Iterable[str] = (), stream: Any = None
) -> None:
    """Route stdlib logging and structlog through one processor chain to stderr.

    In a process that has not imported structlog yet (a short command: `lunchbot initdata`,
    `--help`), structlog is imported and set up by the first line logged instead: structlog
    brings rich's tracebacks and asyncio, a quarter of such a command's run (benchmark 7),
    and most of them never log.
    """
    scrubber.register(secrets)
    root = logging.getLogger()
    root.setLevel(level)
    # Per-request lines from aiohttp and per-poll lines from aiokafka drown the useful ones.
    logging.getLogger("aiohttp.access").setLevel(max(logging.WARNING, root.level))
    # aiogram's "Update id=… is handled. Duration … ms" for every update, likewise: a JSON
    # line rendered and written to stderr on the event loop per update. Its errors ("Cause
    # exception while process update") are ERROR and still show.
    logging.getLogger("aiogram.event").setLevel(max(logging.WARNING, root.level))
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
    logging.getLogger("tortoise").setLevel(max(logging.WARNING, root.level))
    # APScheduler logs "Running job …" and "… executed successfully" at INFO for every run
    # (every 30 s): routine, so DEBUG only. A job that fails (ERROR) or runs late ("was
    # missed", WARNING) still shows.
    logging.getLogger("apscheduler.executors").setLevel(
        logging.DEBUG if root.level <= logging.DEBUG else max(logging.WARNING, root.level)
    )
    global _deferred
    _deferred = functools.partial(_route_through_structlog, fmt, stream or sys.stderr)
    if "structlog" in sys.modules:
        _apply_deferred()
    else:
        root.handlers[:] = [_FirstRecord()]


_deferred: Callable[[], None] | None = None


def _apply_deferred() -> None:
    global _deferred
    apply, _deferred = _deferred, None
    if apply is not None:
        apply()


class _FirstRecord(logging.Handler):
    """Stands in for the real handler until a line is logged, then sets it up and hands the
    line over."""

    def emit(self, record: logging.LogRecord) -> None:
        _apply_deferred()
        for handler in logging.getLogger().handlers:
            if handler is not self:
                handler.handle(record)


def _route_through_structlog(fmt: str, stream: Any) -> None:
    import structlog

    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
    ]
    renderer: Any
    if fmt == "console":
        renderer = structlog.dev.ConsoleRenderer(colors=False)
    else:
        renderer = structlog.processors.JSONRenderer(ensure_ascii=False)

    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
            _scrub_rendered,
        ],
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logging.getLogger().handlers[:] = [handler]


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """structlog's logger for `name`, made (and structlog imported) when first used: modules
    take theirs at import, and a command that never logs should not load structlog."""
    return cast("structlog.stdlib.BoundLogger", _Logger(name))


class _Logger:
    __slots__ = ("_logger", "_name")

    def __init__(self, name: str | None) -> None:
        self._name = name
        self._logger: Any = None

    def __getattr__(self, attr: str) -> Any:
        if self._logger is None:
            import structlog

            _apply_deferred()  # a module imported after configure_logging logs through it
            self._logger = structlog.stdlib.get_logger(self._name)
        return getattr(self._logger, attr)
