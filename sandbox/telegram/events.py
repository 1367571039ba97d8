"""Who is told that something happened: waiters (``wait_for``, long polls) and live views."""

from __future__ import annotations

import asyncio
import contextlib

from sandbox.telegram.errors import Json


class Events:
    def __init__(self) -> None:
        self._changed = asyncio.Event()
        self._subscribers: list[asyncio.Queue[Json]] = []

    def changed(self) -> None:
        """Wake everyone waiting for a change."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait(self, deadline: float) -> bool:
        """Sleep until state changes or the deadline passes; False on timeout."""
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), remaining)
        return True

    def subscribe(self) -> asyncio.Queue[Json]:
        queue: asyncio.Queue[Json] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Json]) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(queue)

    def emit(self, event: Json) -> None:
        for queue in self._subscribers:
            queue.put_nowait(event)
