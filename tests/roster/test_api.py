"""The office roster in the Mini App's API: `403 not_registered` from every ordering endpoint
for someone not on it (and no order made), `GET /me` says where they stand, and
`POST /me/access-request` asks the managers."""

from __future__ import annotations

import aiohttp
import pytest

from core.clock import FrozenClock
from db.models import AccessRequest, Order, User
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from services.importer import apply, parse
from tests.links.conftest import staff, texts
from tests.roster.conftest import STRANGER
from tests.support.catalog import Catalog, load_catalog
from tests.support.miniapp import MiniApp


@pytest.fixture
def stranger(http: aiohttp.ClientSession, app: Application, clock: FrozenClock) -> MiniApp:
    return MiniApp(http, f"http://127.0.0.1:{app.port}", clock, STRANGER)


@pytest.fixture
async def catalog(app: Application) -> Catalog:
    return await load_catalog()


async def test_someone_not_on_the_roster_can_order_nothing(
    stranger: MiniApp, catalog: Catalog
) -> None:
    cafe_id = catalog.cafes["pelmennaya"]
    calls = [
        stranger.post("/orders", catalog.order()),
        stranger.get("/orders"),
        stranger.get("/orders/1"),
        stranger.get("/cafes"),
        stranger.get(f"/cafes/{cafe_id}/menu?date=2026-12-08"),
        stranger.patch("/me", {"reminders": False}),
        stranger.get(f"/users/{STRANGER['id']}/recommendations"),
    ]
    for call in calls:
        status, body = await call
        assert status == 403, body
        assert body["error"]["code"] == "not_registered"
        assert body["error"]["details"] == {"signup": "approval"}
    assert await Order.all().count() == 0


async def test_me_says_where_they_stand_and_the_request_reaches_the_managers(
    app: Application, stranger: MiniApp, bot_api: BotAPIServer, catalog: Catalog
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    status, me = await stranger.get("/me")
    assert status == 200
    assert (me["member"], me["signup"], me["access"]) == (False, "approval", None)

    status, me = await stranger.post("/me/access-request", None)
    assert status == 201, me
    request = await AccessRequest.get()
    assert me["access"] == {
        "id": request.id,
        "status": "pending",
        "created_at": request.created_at.isoformat(),
    }
    (notice,) = texts(bot_api, anna["id"])
    assert "Пётр Новиков (@petya, id <code>9301</code>)" in notice
    assert (await stranger.post("/me/access-request", None))[0] == 200  # nothing new
    assert len(texts(bot_api, anna["id"])) == 1

    await app.services.roster.approve(request.id, await User.get(tgid=9101))
    status, me = await stranger.get("/me")
    assert (me["member"], me["access"]["status"]) == (True, "approved")
    status, order = await stranger.post("/orders", catalog.order())
    assert status == 201, order


@pytest.mark.parametrize("signup", ["closed"])
async def test_with_signup_closed_asking_is_refused(stranger: MiniApp, signup: str) -> None:
    status, body = await stranger.post("/me/access-request", None)
    assert (status, body["error"]["code"]) == (403, "signup_closed")
    assert await AccessRequest.all().count() == 0


@pytest.mark.parametrize("signup", ["open"])
async def test_with_signup_open_the_mini_app_lets_anyone_in(
    stranger: MiniApp, catalog: Catalog, signup: str
) -> None:
    status, me = await stranger.get("/me")
    assert (status, me["member"]) == (200, True)
    assert (await stranger.post("/orders", catalog.order()))[0] == 201


async def test_the_import_puts_a_stranger_on_the_roster(
    stranger: MiniApp, catalog: Catalog
) -> None:
    assert (await stranger.get("/me"))[1]["member"] is False
    report = await apply(parse(f"users:\n  - {{tgid: {STRANGER['id']}, name: Пётр Новиков}}\n"))
    assert report.tallies["users"].updated == 1
    assert (await stranger.get("/me"))[1]["member"] is True
    assert (await stranger.post("/orders", catalog.order()))[0] == 201
