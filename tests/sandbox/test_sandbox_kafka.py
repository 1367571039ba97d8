"""The sandbox with Kafka configured: the same clicks, the deadline travelling through the broker
under the sandbox's own topic prefix. Driven through the UI's HTTP API, as the page does."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from core.clock import FrozenClock
from core.events.kafka import KafkaEventBus
from db.models import Cafe
from sandbox.kafka import TansuBroker
from sandbox.runner import Sandbox
from tests.support.sandbox import running_sandbox

GROUP = -1009000000001


@pytest.fixture
async def sandbox(
    database_url: str, redis_url: str, redis: object, clock: FrozenClock, kafka: TansuBroker
) -> AsyncIterator[Sandbox]:
    environ = {"KAFKA_BROKER_URL": kafka.bootstrap_servers}
    async with running_sandbox(database_url, redis_url, clock, environ) as sandbox:
        yield sandbox


async def _press(http: aiohttp.ClientSession, sandbox: Sandbox, chat: int, label: str) -> None:
    """Press the newest button labelled `label` in `chat`, the way the page does."""
    for message in reversed(sandbox.telegram.messages(chat)):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    body: dict[str, Any] = {
                        "message_id": message["message_id"],
                        "data": button["callback_data"],
                    }
                    async with http.post(f"/api/chats/{chat}/press", json=body) as response:
                        assert response.status == 200, await response.text()
                    return
    raise AssertionError(f"no button {label!r} in chat {chat}")


async def test_a_deadline_goes_through_kafka_to_the_cafe_chat(sandbox: Sandbox) -> None:
    assert isinstance(sandbox.app.bus, KafkaEventBus)  # type: ignore[union-attr]
    assert sandbox.app.topics.deadlines == "lunch-bot-sandbox.deadlines"  # type: ignore[union-attr]
    cafe = await Cafe.get(key="pelmennaya")
    async with aiohttp.ClientSession(base_url=sandbox.url) as http:
        async with http.post("/api/chats/9101/messages", json={"text": f"/link {cafe.id}"}) as r:
            assert r.status == 200
        (link,) = re.findall(r"https://t\.me/\S+", sandbox.telegram.messages(9101)[-1]["text"])
        async with http.post(f"/api/chats/{GROUP}/add-bot", json={"link": link}) as response:
            assert response.status == 200, await response.text()
        await _press(http, sandbox, 9101, "Открыть заявку")
        await _press(http, sandbox, 9101, "✅ Одобрить")
        await _press(http, sandbox, 9101, "✅ Да, одобрить")
        before = len(sandbox.telegram.messages(GROUP))
        async with http.post(f"/api/cafes/{cafe.id}/deadline", json={}) as response:
            assert response.status == 200, await response.text()
            assert (await response.json())["date"] == "2026-12-08"

    messages = await sandbox.telegram.wait_for_messages(GROUP, before + 1, timeout=30)
    assert messages[-1]["text"].startswith("📋 Пельменная №1 — Заказ на 08.12.2026")
    assert "Итого: 4 заказа" in messages[-1]["text"]
