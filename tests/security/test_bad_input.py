"""Bad credentials and odd input are answered with a 4xx and at
most an INFO line, never a 500 with a traceback; no row keeps a broken value."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest
from yarl import URL

from core.clock import FrozenClock
from db.models import User
from lunchbot.app import Application
from tests.conftest import TOKEN, WEBHOOK_SECRET
from web.auth import sign_init_data

ANNA = {"id": 9101, "first_name": "Анна", "last_name": "Петрова", "username": "anna"}


async def raw_request(port: int, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """One HTTP/1.1 request written byte for byte (clients refuse to send these headers)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
        writer.write(body)
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
        await writer.wait_closed()
    status = int(answer.split(b" ", 2)[1])
    return status, answer


@pytest.fixture
def no_errors_logged(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []


async def test_a_non_ascii_hash_is_401(app: Application, app_url: str, no_errors_logged) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{app_url}/api/v1/me", headers={"Authorization": "tma hash=%C3%A9"}) as r,
    ):
        assert r.status == 401
        assert (await r.json())["error"]["code"] == "invalid_init_data"


async def test_a_webhook_secret_with_non_ascii_bytes_is_401(
    app: Application, no_errors_logged
) -> None:
    path = app.settings.webhook.path.encode()
    head = (
        b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"X-Telegram-Bot-Api-Secret-Token: \xc3\xa9\xff\r\n"
    )
    status, _ = await raw_request(app.port, head, b'{"update_id": 1}')
    assert status == 401


async def test_a_webhook_body_that_is_not_json_is_400(app: Application, no_errors_logged) -> None:
    head = (
        b"POST " + app.settings.webhook.path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
        b"X-Telegram-Bot-Api-Secret-Token: " + WEBHOOK_SECRET.encode() + b"\r\n"
    )
    status, _ = await raw_request(app.port, head, b"[" * 30_000)
    assert status == 400


async def test_a_nul_in_a_mini_app_path_is_404(app: Application, no_errors_logged) -> None:
    status, _ = await raw_request(app.port, b"GET /app/index.html%00.js HTTP/1.1\r\nHost: x\r\n")
    assert status == 404
    async with (
        aiohttp.ClientSession() as http,
        http.get(URL(f"http://127.0.0.1:{app.port}/app/index.html%00.js", encoded=True)) as r,
    ):
        assert r.status == 404


@pytest.mark.parametrize(
    "body", [b'{"cafe_id": ' + b"9" * 5000 + b"}", b"[" * 30_000 + b"]" * 30_000]
)
async def test_json_the_decoder_cannot_hold_is_400_malformed_json(
    app: Application, app_url: str, clock: FrozenClock, body: bytes, no_errors_logged
) -> None:
    await User.create(tgid=ANNA["id"], name="Анна Петрова")
    authorization = "tma " + sign_init_data(TOKEN, ANNA, auth_date=clock.now())
    headers = {"Authorization": authorization, "Content-Type": "application/json"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{app_url}/api/v1/orders", data=body, headers=headers) as r,
    ):
        assert r.status == 400
        assert (await r.json())["error"]["code"] == "malformed_json"


@pytest.mark.parametrize(
    ("user", "status", "field"),
    [
        ({"id": 2**63, "first_name": "Big"}, 401, None),
        ({"id": 0, "first_name": "Zero"}, 401, None),
        ({"id": -5, "first_name": "Negative"}, 401, None),
        ({"id": 9102, "first_name": "A" * 256}, 422, "first_name"),
        ({"id": 9103, "first_name": "A" * 200, "last_name": "B" * 200}, 422, "name"),
        ({"id": 9104, "first_name": "Nul\x00l"}, 422, "first_name"),
        ({"id": 9105, "first_name": "Half\ud800"}, 422, "first_name"),
        ({"id": 9106, "first_name": "Long", "username": "u" * 65}, 422, "username"),
        ({"id": 9107, "first_name": "Odd", "username": "not a name"}, 422, "username"),
    ],
)
async def test_signed_init_data_with_impossible_values_is_refused_and_writes_no_row(
    app: Application,
    app_url: str,
    clock: FrozenClock,
    user: dict,
    status: int,
    field: str | None,
    no_errors_logged,
) -> None:
    authorization = "tma " + sign_init_data(TOKEN, user, auth_date=clock.now())
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{app_url}/api/v1/me", headers={"Authorization": authorization}) as r,
    ):
        assert r.status == status
        error = (await r.json())["error"]
    if field is not None:
        assert (error["code"], error["details"]["field"]) == ("invalid_user", field)
    assert not await User.exists()


async def test_bidi_overrides_and_line_breaks_leave_names(
    app: Application, app_url: str, clock: FrozenClock
) -> None:
    user = {"id": 9108, "first_name": "Ива\u202en\nКасса: 0 ₽", "last_name": "\u2066Пе\u200fтров"}
    authorization = "tma " + sign_init_data(TOKEN, user, auth_date=clock.now())
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{app_url}/api/v1/me", headers={"Authorization": authorization}) as r,
    ):
        assert r.status == 200
        assert r.headers["Server"] == "lunchbot"  # no versions
    assert (await User.get(tgid=9108)).name == "Иваn Касса: 0 ₽ Петров"
