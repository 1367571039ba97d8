"""How updates reach the bot: the webhook (setWebhook, deleteWebhook, getWebhookInfo, and
the POSTs to it) or long polling (getUpdates), and the update ids both rely on."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from sandbox.telegram.errors import ApiError, Json, WebhookDeliveryError
from sandbox.telegram.events import Events
from sandbox.telegram.state import now, update_type
from sandbox.telegram.wire import read_reply

# What Telegram delivers when allowed_updates was never set or set to [].
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Delivery:
    def __init__(self, events: Events, run_reply: Callable[[str, Json], Awaitable[Any]]) -> None:
        self._events = events
        self._run_reply = run_reply  # executes a method call a webhook answered with
        self._client: aiohttp.ClientSession | None = None
        self.closing = False
        # Survives reset(): a poller that confirmed offset N must still see
        # updates fed after a reset, exactly as Telegram never reuses ids.
        self._next_update_id = 1
        self._poll_generation = 0
        self.reset()

    def reset(self) -> None:
        self.webhook: Json = {}
        self.queue: list[Json] = []
        self.allowed_updates: list[str] | None = None

    async def start(self) -> None:
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self.closing = False

    async def stop(self) -> None:
        self.closing = True
        self._events.changed()
        if self._client is not None:
            await self._client.close()
            self._client = None

    def number(self, update: Json) -> None:
        update.setdefault("update_id", self._next_update_id)
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)

    # --- methods ------------------------------------------------------------------

    def set_webhook(self, params: Json) -> bool:
        if not params.get("url"):  # Telegram treats an empty url as "remove"
            return self.delete_webhook(params)
        keys = ("url", "secret_token", "max_connections", "ip_address")
        self.webhook = {key: params[key] for key in keys if key in params}
        if "allowed_updates" in params:
            self.allowed_updates = params["allowed_updates"] or None
        if params.get("drop_pending_updates"):
            self.queue.clear()
        return True

    def delete_webhook(self, params: Json) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self.queue.clear()
        return True

    def get_webhook_info(self, params: Json) -> Json:
        info = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        info.update({k: v for k, v in self.webhook.items() if k != "secret_token"})
        if not self.webhook:
            info["pending_update_count"] = len(self.queue)
        if self.allowed_updates:
            info["allowed_updates"] = self.allowed_updates
        return info

    def _allowed(self, update: Json) -> bool:
        kind = update_type(update)
        if self.allowed_updates is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self.allowed_updates

    async def get_updates(self, params: Json) -> list[Json]:
        """Long polling as Telegram does it: ``offset`` confirms (and forgets)
        everything before it, a newer poll terminates an older one with 409."""
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self.allowed_updates = params["allowed_updates"] or None
        offset = params.get("offset") or 0
        if offset > 0:
            self.queue = [u for u in self.queue if u["update_id"] >= offset]
        elif offset < 0:
            self.queue = self.queue[offset:]
        limit = min(max(params.get("limit") or 100, 1), 100)
        self._poll_generation += 1
        generation = self._poll_generation
        self._events.changed()  # wakes an older poll so it can be terminated
        deadline = asyncio.get_running_loop().time() + (params.get("timeout") or 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            self.queue = [u for u in self.queue if self._allowed(u)]
            if self.queue or self.closing:
                return copy.deepcopy(self.queue[:limit])
            if not await self._events.wait(deadline):
                return []

    def methods(self) -> dict[str, Callable[[Json], Any]]:
        return {
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "getUpdates": self.get_updates,
        }

    # --- handing updates over ---------------------------------------------------

    async def dispatch(self, update: Json) -> int | None:
        """POST the update to the webhook if one is set (the HTTP status), else queue it
        for getUpdates (None; also None when allowed_updates filters it out)."""
        if not self.webhook:
            self.queue.append(update)
            self._events.changed()
            return None
        if not self._allowed(update):
            return None
        return await self._post_webhook(update)

    async def _post_webhook(self, update: Json) -> int:
        if self._client is None:
            raise RuntimeError("start() the server before feeding updates to a webhook")
        url = self.webhook["url"]
        secret = self.webhook.get("secret_token")
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        try:
            async with self._client.post(url, json=update, headers=headers) as response:
                if response.status == 200:
                    # A webhook may answer with a method call in its body (aiogram does
                    # when handle_in_background=False); Telegram executes it, so we do too.
                    params = await read_reply(response)
                    if method := params.pop("method", None):
                        await self._run_reply(method, params)
                else:
                    self.webhook["last_error_date"] = now()
                    self.webhook["last_error_message"] = (
                        f"Wrong response from the webhook: {response.status} {response.reason}"
                    )
                return response.status
        except aiohttp.ClientError as exc:
            self.webhook["last_error_date"] = now()
            self.webhook["last_error_message"] = f"Connection failed: {exc}"
            raise WebhookDeliveryError(f"update {update['update_id']} -> {url}: {exc}") from exc
