"""Mini App initData: Telegram's HMAC check, its age, and the JSON errors around it."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest

from core.clock import FrozenClock
from db.models import User
from lunchbot.app import Application
from tests.conftest import TOKEN
from web.auth import sign_init_data

ANNA = {
    "id": 9101,
    "first_name": "Анна",
    "last_name": "Петрова",
    "username": "anna",
    "language_code": "ru",
}


async def _me(app_url: str, authorization: str | None) -> tuple[int, dict]:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{app_url}/api/v1/me", headers=headers) as r,
    ):
        return r.status, await r.json()


async def test_valid_init_data_identifies_and_creates_the_user(
    app: Application, app_url: str, clock: FrozenClock
) -> None:
    init_data = sign_init_data(TOKEN, ANNA, auth_date=clock.now() - timedelta(minutes=5))
    status, body = await _me(app_url, f"tma {init_data}")
    assert status == 200
    assert body == {
        "tgid": 9101,
        "name": "Анна Петрова",
        "username": "anna",
        "language": "ru",
        "role": "employee",
        "reminders": True,
        "today": "2026-12-07",
        "member": True,  # the harness's SIGNUP=open: on the roster at first contact
        "signup": "open",
        "access": None,
    }
    assert await User.filter(tgid=9101).count() == 1


@pytest.mark.parametrize(
    ("make_header", "code"),
    [
        (lambda now: None, "unauthorized"),
        (lambda now: "Bearer abc", "unauthorized"),
        (lambda now: "tma ", "unauthorized"),
        (
            lambda now: "tma " + sign_init_data("1:other-bots-token", ANNA, auth_date=now),
            "invalid_init_data",
        ),
        (
            lambda now: "tma " + sign_init_data(TOKEN, ANNA, auth_date=now).replace("anna", "olga"),
            "invalid_init_data",
        ),
        (
            lambda now: "tma " + sign_init_data(TOKEN, ANNA, auth_date=now - timedelta(days=2)),
            "expired_init_data",
        ),
        (
            lambda now: "tma " + sign_init_data(TOKEN, ANNA, auth_date=now + timedelta(hours=1)),
            "invalid_init_data",
        ),
        (lambda now: "tma query_id=1&hash=abc", "invalid_init_data"),
    ],
    ids=[
        "missing",
        "other-scheme",
        "empty",
        "other-bot",
        "tampered",
        "expired",
        "future",
        "garbage",
    ],
)
async def test_bad_init_data_is_refused_with_a_json_401(
    app: Application, app_url: str, clock: FrozenClock, make_header, code: str
) -> None:
    status, body = await _me(app_url, make_header(clock.now()))
    assert status == 401
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert await User.filter(tgid=9101).count() == 0


async def test_accepted_init_data_expires_and_its_altered_copies_stay_refused(
    app: Application, app_url: str, clock: FrozenClock
) -> None:
    """A verified initData is kept per process by its exact string: it still ages out, and a
    copy with one field changed is checked afresh."""
    init_data = sign_init_data(TOKEN, ANNA, auth_date=clock.now())
    assert (await _me(app_url, f"tma {init_data}"))[0] == 200
    assert (await _me(app_url, f"tma {init_data}"))[0] == 200
    tampered = init_data.replace("anna", "olga")
    status, body = await _me(app_url, f"tma {tampered}")
    assert (status, body["error"]["code"]) == (401, "invalid_init_data")
    clock.advance(timedelta(days=2))
    status, body = await _me(app_url, f"tma {init_data}")
    assert (status, body["error"]["code"]) == (401, "expired_init_data")


async def test_unknown_api_routes_answer_json(app: Application, app_url: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}/api/v1/nothing-here") as r:
        assert r.status == 404
        assert (await r.json())["error"]["code"] == "not_found"


async def test_domain_errors_map_to_http_statuses() -> None:
    """Services raise domain errors; the API answers each as its JSON error."""
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    from services.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
    from web.errors import json_errors

    errors = {
        "/nf": NotFoundError("No such order"),
        "/fb": ForbiddenError("Managers only"),
        "/cf": ConflictError("Ordering closed at 10:00", code="deadline_passed", deadline="x"),
        "/iv": InvalidError("Pick a soup"),
    }

    async def fail(request: web.Request) -> web.Response:
        raise errors[request.path]

    api = web.Application(middlewares=[json_errors])
    for path in errors:
        api.router.add_get(path, fail)
    async with TestClient(TestServer(api)) as client:
        answers = {}
        for path in errors:
            response = await client.get(path)
            answers[path] = (response.status, await response.json())
    assert answers["/nf"] == (404, {"error": {"code": "not_found", "message": "No such order"}})
    assert answers["/fb"][0] == 403
    assert answers["/cf"] == (
        409,
        {
            "error": {
                "code": "deadline_passed",
                "message": "Ordering closed at 10:00",
                "details": {"deadline": "x"},
            }
        },
    )
    assert answers["/iv"][0] == 422
