"""The link REST API over real HTTP, with real initData, against the same services
and notices as the bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest

from core.clock import FrozenClock
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, Role, User
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN
from tests.links.conftest import Json, open_request, pending, texts
from tests.support.miniapp import MiniApp
from web.auth import sign_init_data

KITCHEN = -1001234500


Call = Callable[..., Awaitable[tuple[int, Any]]]


@pytest.fixture
async def api(app: Application, app_url: str, clock: FrozenClock) -> AsyncIterator[Call]:
    """`await api(method, path, person, json=…)` → (status, body): `person` calls through the
    Mini App; without one, only the `authorization` given (if any) is sent."""
    async with aiohttp.ClientSession() as http:

        async def call(
            method: str, path: str, person: Json | None = None, **kwargs: Any
        ) -> tuple[int, Any]:
            if person is None:
                kwargs.setdefault("authorization", None)
            return await MiniApp(http, app_url, clock, person or EMPLOYEE).call(
                method, path, **kwargs
            )

        yield call


def _signed(person: Json, at: datetime) -> str:
    return "tma " + sign_init_data(TOKEN, person, auth_date=at)


EMPLOYEE = {"id": 9201, "first_name": "Иван", "language_code": "ru"}


@pytest.fixture(autouse=True)
def chats(bot_api: BotAPIServer) -> None:
    """The chats Telegram knows, with the bot in them and the employee their administrator
    (the link request's chat is checked with Telegram)."""
    for chat_id, title, name in ((KITCHEN, "Кухня", "pelmen_kitchen"), (-100999, "Суши", None)):
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        bot_api.add_chat(chat | ({"username": name} if name else {}))
        bot_api.set_member(chat_id, {"id": 9201, "is_bot": False, "first_name": "Иван"},
                           "administrator")  # fmt: skip


def _body(app: Application, cafe: Cafe, **extra: Any) -> dict[str, Any]:
    return {
        "tg_chat_id": KITCHEN,
        "tg_username": "pelmen_kitchen",
        "chat_title": "Кухня",
        "payload": app.services.links.payloads.make(cafe.id),
        **extra,
    }


async def test_anyone_signed_in_may_ask_with_the_cafes_payload(
    app: Application, api: Call, bot_api: BotAPIServer, cafe: Cafe, anna: Json
) -> None:
    status, body = await api(
        "POST", f"/cafes/{cafe.id}/link-request", EMPLOYEE, json=_body(app, cafe)
    )
    assert status == 201
    assert body["created"] is True
    assert body["request"] | {"created_at": None} == {
        "id": 1,
        "cafe_id": cafe.id,
        "cafe_name": "Пельменная №1",
        "tg_chat_id": KITCHEN,
        "tg_username": "pelmen_kitchen",
        "chat_title": "Кухня",
        "status": "pending",
        "requested_by": {"tgid": 9201, "name": "Иван", "username": None},
        "processed_by": None,
        "created_at": None,
        "processed_at": None,
    }
    # The managers hear of it exactly as from the bot.
    (news,) = bot_api.messages(anna["id"])
    assert news["text"].startswith("📨 <b>Новая заявка #1</b>")

    # Asked again while pending: the same request, no second notice.
    status, again = await api(
        "POST", f"/cafes/{cafe.id}/link-request", EMPLOYEE, json=_body(app, cafe)
    )
    assert (status, again["created"], again["request"]["id"]) == (200, False, 1)
    assert len(bot_api.messages(anna["id"])) == 1


async def test_a_link_request_needs_this_cafes_valid_payload(
    app: Application, api: Call, cafe: Cafe
) -> None:
    other = await Cafe.create(key="sushi", name="Суши")
    path = f"/cafes/{cafe.id}/link-request"
    cases = [
        (
            path,
            _body(app, cafe, payload=app.services.links.payloads.make(other.id)),
            403,
            "invalid_payload",
        ),
        (path, _body(app, cafe, payload="1-AAAAAAAAAAAAAAAAAAAAAA"), 403, "invalid_payload"),
        (path, _body(app, cafe, payload=""), 422, "invalid_input"),
        (path, _body(app, cafe, payload="x" * 65), 422, "invalid_input"),
        (path, {"tg_chat_id": KITCHEN}, 422, "invalid_input"),
        (path, _body(app, cafe, tg_chat_id="not a number"), 422, "invalid_input"),
        (path, _body(app, cafe, surprise=1), 422, "invalid_input"),
        ("/cafes/999/link-request", _body(app, cafe), 403, "invalid_payload"),
        ("/cafes/99999999999/link-request", _body(app, cafe), 404, "not_found"),
    ]
    for where, body, status, code in cases:
        got, answer = await api("POST", where, EMPLOYEE, json=body)
        assert (got, answer["error"]["code"]) == (status, code), (body, answer)
    status, answer = await api("POST", path, EMPLOYEE, data=b"{not json")
    assert (status, answer["error"]["code"]) == (400, "malformed_json")
    assert await CafeLinkRequest.all().count() == 0

    # A payload of a cafe deleted since: the cafe is not found.
    payload = app.services.links.payloads.make(other.id)
    await other.delete()
    status, answer = await api(
        "POST", f"/cafes/{other.id}/link-request", EMPLOYEE, json=_body(app, cafe, payload=payload)
    )
    assert (status, answer["error"]["code"]) == (404, "cafe_not_found")


async def test_a_chat_linked_already_is_a_conflict(app: Application, api: Call, cafe: Cafe) -> None:
    other = await Cafe.create(key="sushi", name="Суши", tg_chat_id=-100999)
    await Cafe.filter(id=cafe.id).update(tg_chat_id=KITCHEN)
    status, answer = await api(
        "POST", f"/cafes/{cafe.id}/link-request", EMPLOYEE, json=_body(app, cafe)
    )
    assert (status, answer["error"]["code"]) == (409, "already_linked")
    body = _body(app, cafe, tg_chat_id=-100999)
    status, answer = await api("POST", f"/cafes/{cafe.id}/link-request", EMPLOYEE, json=body)
    assert (status, answer["error"]["code"]) == (409, "chat_linked_elsewhere")
    assert answer["error"]["details"] == {"cafe_id": other.id, "cafe_name": "Суши"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/cafe-requests?status=pending", None),
        ("POST", "/cafe-requests/1/approve", None),
        ("POST", "/cafe-requests/1/reject", None),
        ("PATCH", "/cafes/1/notifications", {"enabled": False}),
        ("DELETE", "/cafes/1/link", None),
    ],
)
async def test_manager_routes_refuse_employees_and_bad_init_data(
    app: Application,
    api: Call,
    clock: FrozenClock,
    cafe: Cafe,
    anna: Json,
    method: str,
    path: str,
    body: Any,
) -> None:
    await Cafe.filter(id=cafe.id).update(tg_chat_id=KITCHEN)
    await CafeLinkRequest.create(cafe=cafe, tg_chat_id=-100700)
    manager = {"id": 9101, "first_name": "Анна"}
    now = clock.now()
    tampered = _signed(manager, now).replace("%D0%90%D0%BD%D0%BD%D0%B0", "%D0%9E%D0%BB%D1%8F")
    refusals = [
        ({"person": EMPLOYEE}, 403, "forbidden"),
        ({"authorization": tampered}, 401, "invalid_init_data"),
        ({"authorization": _signed(manager, now - timedelta(days=2))}, 401, "expired_init_data"),
        ({}, 401, "unauthorized"),
    ]
    for how, status, code in refusals:
        got, answer = await api(method, path, json=body, **how)
        assert (got, answer["error"]["code"]) == (status, code), how
    await cafe.refresh_from_db()
    assert (cafe.tg_chat_id, cafe.notifications_enabled) == (KITCHEN, True)
    assert (await CafeLinkRequest.get()).status is LinkRequestStatus.PENDING


async def test_managers_list_approve_and_a_second_approve_conflicts(
    app: Application, api: Call, bot_api: BotAPIServer, clock: FrozenClock, cafe: Cafe, anna: Json
) -> None:
    ours = await open_request(app, cafe, KITCHEN, "Кухня")
    other = await open_request(app, cafe, -100701, "Другой")
    bot_api.add_chat({"id": KITCHEN, "type": "supergroup", "title": "Кухня"})
    bot_api.add_chat({"id": -100701, "type": "supergroup", "title": "Другой"})

    status, body = await api("GET", "/cafe-requests?status=pending", anna)
    assert status == 200
    assert (body["total"], [r["id"] for r in body["requests"]]) == (2, [ours.id, other.id])

    status, body = await api("POST", f"/cafe-requests/{ours.id}/approve", anna)
    assert status == 200
    assert body["request"]["status"] == "approved"
    assert body["request"]["processed_by"] == {
        "tgid": 9101,
        "name": "Анна Петрова",
        "username": None,
    }
    assert body["chat_told"] is True
    assert body["cafe"] | {"linked_at": None} == {
        "id": cafe.id,
        "key": "pelmennaya",
        "name": "Пельменная №1",
        "tg_chat_id": KITCHEN,
        "tg_username": None,
        "linked_at": None,
        "notifications_enabled": True,
    }
    assert body["cafe"]["linked_at"] == "2026-12-07T11:00:00+03:00"  # in TIMEZONE
    assert texts(bot_api, KITCHEN)[-1].startswith("✅ Готово")
    # The cafe's other pending request was closed, and its chat told.
    assert (await CafeLinkRequest.get(id=other.id)).status is LinkRequestStatus.REJECTED
    assert texts(bot_api, -100701)[-1].startswith("Заявка на привязку этого чата к кафе")

    status, body = await api("POST", f"/cafe-requests/{ours.id}/approve", anna)
    assert status == 409
    assert body["error"]["code"] == "already_decided"
    assert body["error"]["details"]["status"] == "approved"
    assert body["error"]["details"]["decided_by"] == {"tgid": 9101, "name": "Анна Петрова"}
    status, body = await api("POST", f"/cafe-requests/{ours.id}/reject", anna)
    assert status == 409

    for path in ("/cafe-requests/424242/approve", "/cafe-requests/99999999999/reject"):
        status, body = await api("POST", path, anna)
        assert status == 404, path
    status, body = await api("GET", "/cafe-requests?status=approved", anna)
    assert [r["id"] for r in body["requests"]] == [ours.id]
    status, body = await api("GET", "/cafe-requests", anna)
    assert body["total"] == 2
    for query in ("status=maybe", "limit=0", "limit=1000", "offset=-1", "limit=x"):
        status, body = await api("GET", f"/cafe-requests?{query}", anna)
        assert (status, body["error"]["code"]) == (422, "invalid_input"), query


async def test_two_managers_approving_at_once_over_http(
    app: Application, api: Call, bot_api: BotAPIServer, cafe: Cafe, anna: Json, dmitry: Json
) -> None:
    request = await open_request(app, cafe, KITCHEN, "Кухня")
    bot_api.add_chat({"id": KITCHEN, "type": "supergroup", "title": "Кухня"})
    answers = await asyncio.gather(
        *(api("POST", f"/cafe-requests/{request.id}/approve", p) for p in (anna, dmitry))
    )
    assert sorted(status for status, _ in answers) == [200, 409]
    assert len(texts(bot_api, KITCHEN)) == 1


async def test_notifications_and_unlink_over_http(
    app: Application, api: Call, bot_api: BotAPIServer, cafe: Cafe, anna: Json
) -> None:
    await Cafe.filter(id=cafe.id).update(tg_chat_id=KITCHEN)
    bot_api.add_chat({"id": KITCHEN, "type": "supergroup", "title": "Кухня"})
    status, body = await api(
        "PATCH", f"/cafes/{cafe.id}/notifications", anna, json={"enabled": False}
    )
    assert (status, body["cafe"]["notifications_enabled"]) == (200, False)
    for bad in ({"enabled": "no"}, {"enabled": 0}, {}, {"enabled": True, "also": 1}):
        status, body = await api("PATCH", f"/cafes/{cafe.id}/notifications", anna, json=bad)
        assert (status, body["error"]["code"]) == (422, "invalid_input"), bad
    status, body = await api("PATCH", "/cafes/424242/notifications", anna, json={"enabled": True})
    assert (status, body["error"]["code"]) == (404, "cafe_not_found")
    assert not (await Cafe.get(id=cafe.id)).notifications_enabled

    status, body = await api("DELETE", f"/cafes/{cafe.id}/link", anna)
    assert (status, body["cafe"]["tg_chat_id"]) == (200, None)
    assert texts(bot_api, KITCHEN) == [
        "Этот чат отвязан от кафе «Пельменная №1»: заказы сюда больше не придут."
    ]
    status, body = await api("DELETE", f"/cafes/{cafe.id}/link", anna)
    assert (status, body["error"]["code"]) == (404, "not_linked")
    status, body = await api("DELETE", "/cafes/424242/link", anna)
    assert (status, body["error"]["code"]) == (404, "cafe_not_found")


async def test_admins_count_as_managers(app: Application, api: Call, cafe: Cafe) -> None:
    await User.create(tgid=9100, name="Босс", role=Role.ADMIN)
    status, _ = await api("GET", "/cafe-requests", {"id": 9100, "first_name": "Босс"})
    assert status == 200
    assert await pending(cafe) == []
