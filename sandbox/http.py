"""The lifecycle both doubles share: an aiohttp app on a (free) local port."""

from __future__ import annotations

from typing import Self

from aiohttp import web


class LocalHTTPServer:
    """Subclasses build their routes in `make_app()`; `url` is what the client is pointed at."""

    shutdown_timeout = 1.0

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self._port = port
        self._runner: web.AppRunner | None = None

    def make_app(self) -> web.Application:
        raise NotImplementedError

    async def start(self) -> None:
        # Short shutdown timeout: a stop() during an injected delay must not hang for 60 s.
        self._runner = web.AppRunner(
            self.make_app(), access_log=None, shutdown_timeout=self.shutdown_timeout
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self._port).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self._port}"
