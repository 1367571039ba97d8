"""Starting the real application inside a test."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

from core.clock import Clock
from core.config import Settings
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer


@contextlib.asynccontextmanager
async def running_app(
    settings: Settings,
    bot_api: BotAPIServer,
    clock: Clock | None = None,
    *,
    setup: Callable[[Application], None] | None = None,
) -> AsyncIterator[Application]:
    """The app in this process, connected to the Bot API double. In webhook mode it returns
    once the webhook is registered, so the double can deliver updates to it. `setup` runs
    before the start (to subscribe a test's recorder to the bus, say)."""
    application = Application(settings, clock=clock)
    if setup is not None:
        setup(application)
    since = len(bot_api.calls)  # a second app on the same double waits for its own webhook
    await application.start(database=False)
    try:
        if settings.telegram.mode == "webhook":
            await bot_api.wait_for(
                "setWebhook",
                lambda call: call.params.get("url") == settings.webhook.url,
                timeout=10,
                since=since,
            )
        yield application
    finally:
        await application.stop()
