"""The sandbox lets a manager download a cafe's menu, send it back unchanged and stop a dish,
through the sandbox page's own HTTP API (what its buttons call)."""

from __future__ import annotations

from typing import Any

import aiohttp

from core.clock import FrozenClock
from db.models import MenuItem
from tests.support.sandbox import running_sandbox


def _button(message: dict[str, Any], prefix: str) -> str:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in rows for b in row if b["text"].startswith(prefix))


async def test_a_manager_downloads_re_uploads_and_stops_a_dish(
    database_url: str, redis_url: str, clock: FrozenClock
) -> None:
    async with (
        running_sandbox(database_url, redis_url, clock) as sandbox,
        aiohttp.ClientSession(base_url=sandbox.url) as http,
    ):
        manager = next(p for p in sandbox.world.private if p.role == "manager")
        chat = f"/api/chats/{manager.tgid}"
        tg = sandbox.telegram

        async def press(prefix: str) -> None:
            last = tg.messages(manager.tgid)[-1]
            body = {"message_id": last["message_id"], "data": _button(last, prefix)}
            async with http.post(f"{chat}/press", json=body) as response:
                assert response.status == 200, await response.text()

        async with http.post(f"{chat}/messages", json={"text": "/menus"}) as response:
            assert response.status == 200
        await press("")  # the first cafe
        await press("📥")
        document = next(m for m in tg.messages(manager.tgid) if "document" in m)["document"]
        async with http.get(f"/api/files/{document['file_id']}?name=menu.xlsx") as response:
            assert response.status == 200
            assert (await response.read())[:2] == b"PK"  # an .xlsx is a zip

        await press("📤")
        body = {"file_id": document["file_id"], "name": document["file_name"]}
        async with http.post(f"{chat}/documents", json=body) as response:
            assert response.status == 200, await response.text()
        assert "Изменений нет" in tg.messages(manager.tgid)[-1]["text"]

        await press("⬅️")
        await press("⛔")
        before = await MenuItem.filter(is_available=False).count()
        await press("✅")
        assert await MenuItem.filter(is_available=False).count() == before + 1
