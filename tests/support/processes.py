"""Waiting for a real `lunchbot` (or Python) process a test starts."""

from __future__ import annotations

import asyncio

import aiohttp

# A new interpreter spends seconds importing aiogram before it does anything, and many more
# while the other test workers keep every core busy: a process is given this long to start,
# answer or exit. It is a bound for a hang, never a speed target (those live in bench/).
PROCESS_TIMEOUT = 180.0


async def wait_ready(
    url: str, proc: asyncio.subprocess.Process, timeout: float = PROCESS_TIMEOUT
) -> None:
    """Until `url` answers 200 (the process's /readyz), failing at once if the process exits."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            assert proc.returncode is None, "lunchbot run exited early"
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"{url} never answered 200")
