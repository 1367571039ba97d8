"""Collecting the events a bus delivers, to wait for them in a test."""

from __future__ import annotations

import asyncio

from core.events import Event


class Recorder:
    """A bus handler that keeps every event it gets."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.arrived = asyncio.Event()

    async def __call__(self, event: Event) -> None:
        self.events.append(event)
        self.arrived.set()

    async def wait(self, count: int, timeout: float = 20) -> list[Event]:
        async with asyncio.timeout(timeout):
            while len(self.events) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.events
