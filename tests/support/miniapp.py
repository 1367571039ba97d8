"""The Mini App as a test sees it: a Telegram user calling /api/v1 over real HTTP."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import aiohttp

from core.clock import Clock
from tests.conftest import TOKEN
from web.auth import sign_init_data

IVAN = {"id": 9201, "first_name": "Иван", "last_name": "Сидоров", "language_code": "ru"}


class MiniApp:
    """Calls the API as `user` (a Telegram user dict), with initData signed at the app's
    clock's current time, so a test can move the clock by days and stay signed in."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, clock: Clock, user: dict):
        self.http = http
        self.base_url = base_url
        self.clock = clock
        self.user = user

    def authorization(self) -> str:
        return "tma " + sign_init_data(TOKEN, self.user, auth_date=self.clock.now())

    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        authorization: str | None = "",
    ) -> tuple[int, Any]:
        """(status, JSON body); `authorization=None` sends none, a string sends that one."""
        headers = {}
        if authorization == "":
            headers["Authorization"] = self.authorization()
        elif authorization is not None:
            headers["Authorization"] = authorization
        if data is not None:
            headers["Content-Type"] = "application/json"
        async with self.http.request(
            method, f"{self.base_url}/api/v1{path}", json=json, data=data, headers=headers
        ) as response:
            return response.status, await response.json()

    async def get(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, body: Any, **kwargs: Any) -> tuple[int, Any]:
        return await self.call("POST", path, json=body, **kwargs)

    async def patch(self, path: str, body: Any, **kwargs: Any) -> tuple[int, Any]:
        return await self.call("PATCH", path, json=body, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        return await self.call("DELETE", path, **kwargs)


@contextlib.contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements this process sends while the block runs (Tortoise logs
    each one at DEBUG on `tortoise.db_client`)."""
    logger = logging.getLogger("tortoise.db_client")
    queries: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            queries.append(record.getMessage())

    handler = Collect(logging.DEBUG)
    saved = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # collected here, not printed
    logger.addHandler(handler)
    try:
        yield queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
