"""GET /api/v1/users/{tgid}/recommendations from the Mini App: who may read what, and shapes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlsplit

import aiohttp
import pytest
from redis.asyncio import Redis

from core.clock import FrozenClock
from db.models import Category, MenuItem, Order, OrderItem, OrderStatus, Role, User
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN
from tests.recommendations.conftest import World
from tests.support.app import running_app
from tests.support.miniapp import MiniApp
from tests.support.proxy import TcpProxy
from web.auth import sign_init_data

IVAN = {"id": 9201, "first_name": "Иван", "language_code": "ru"}
OLGA = {"id": 9202, "first_name": "Ольга", "language_code": "ru"}
ANNA = {"id": 9101, "first_name": "Анна", "language_code": "ru"}
IVANS = "/users/9201/recommendations"
ENTRY = {
    "summary": "80% горячего, мало овощей",
    "tips": ["Добавь салат", "Попробуй рыбу"],
    "stats": {"orders_last_30_days": 5},
    "generated_at": "2026-12-07T00:15:00Z",
}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def mini_app(http: aiohttp.ClientSession, app_url: str, clock: FrozenClock):
    """`mini_app(IVAN)`: the Mini App as that Telegram user, on the `app` fixture."""
    return lambda user: MiniApp(http, app_url, clock, user)


@pytest.fixture
async def ivan(world: World) -> User:
    ivan = await User.create(tgid=9201, name="Иван")
    await world.orders(ivan, 2, "full", ["borsch", "olivier", "kotleta"])
    return ivan


async def test_the_user_reads_their_cached_advice(
    ivan: User, app: Application, mini_app, redis: Redis
) -> None:
    await redis.set("recommendations:user:9201", json.dumps(ENTRY), ex=3600)

    status, body = await mini_app(IVAN).get(IVANS)

    assert status == 200
    assert body.pop("min_orders") == 5
    assert isinstance(body.pop("enabled"), bool)
    assert body == {
        "summary": "80% горячего, мало овощей",
        "tips": ["Добавь салат", "Попробуй рыбу"],
        # Today's numbers, not the ones the advice was written from.
        "stats": {
            "orders_last_30_days": 2,
            "categories": {"main": 33.4, "salad": 33.3, "soup": 33.3},
            "unique_dishes": 3,
        },
        "generated_at": "2026-12-07T00:15:00Z",
    }
    hits = app.metrics.registry.get_sample_value(
        "lunchbot_recommendation_cache_total", {"result": "hit"}
    )
    assert hits == 1


async def test_nothing_cached_still_has_the_statistics(
    ivan: User, app: Application, mini_app
) -> None:
    status, body = await mini_app(IVAN).get(IVANS)
    assert status == 200
    assert body["summary"] is None
    assert body["tips"] == []
    assert body["generated_at"] is None
    assert body["stats"]["orders_last_30_days"] == 2
    # What the Profile needs to tell "not enough orders" from "advice is off here".
    assert body["min_orders"] == 5
    assert body["enabled"] is app.settings.gemini.enabled

    # Someone who never ordered: zeros, not an error.
    status, body = await mini_app(OLGA).get("/users/9202/recommendations")
    assert (status, body["stats"]) == (
        200,
        {"orders_last_30_days": 0, "categories": {}, "unique_dishes": 0},
    )


async def test_the_cached_statistics_follow_every_change_to_what_they_count(
    ivan: User, app: Application, mini_app, world: World
) -> None:
    """Statistics are cached per person, day and `orders_version`, which the database bumps;
    each read after a change to the orders, their dishes or a dish's category shows it."""
    reader = mini_app(IVAN)

    async def stats() -> dict:
        status, body = await reader.get(IVANS)
        assert status == 200
        return body["stats"]

    counted = {
        "orders_last_30_days": 2,
        "categories": {"main": 33.4, "salad": 33.3, "soup": 33.3},
        "unique_dishes": 3,
    }
    assert await stats() == counted
    assert await stats() == counted  # from the cache
    first, second = await Order.filter(user=ivan).order_by("date")
    await OrderItem.filter(order=first, menu_item=world.items["olivier"]).delete()
    await OrderItem.create(order=first, menu_item=world.items["vinegret"])
    assert (await stats())["unique_dishes"] == 4

    await MenuItem.filter(id=world.items["kotleta"].id).update(category=Category.GARNISH)
    assert (await stats())["categories"] == {"garnish": 33.4, "salad": 33.3, "soup": 33.3}

    await Order.filter(id=second.id).update(status=OrderStatus.CANCELLED)
    assert (await stats())["orders_last_30_days"] == 1


async def test_managers_may_read_anyones_and_employees_only_their_own(
    ivan: User, mini_app, redis: Redis
) -> None:
    await User.create(tgid=9101, name="Анна", role=Role.MANAGER)
    await User.create(tgid=9202, name="Ольга")
    await redis.set("recommendations:user:9201", json.dumps(ENTRY), ex=3600)
    anna, olga = mini_app(ANNA), mini_app(OLGA)

    status, body = await anna.get(IVANS)
    assert (status, body["summary"]) == (200, ENTRY["summary"])

    status, body = await olga.get(IVANS)
    assert status == 403
    assert body["error"]["code"] == "forbidden"
    assert "summary" not in json.dumps(body)

    # An employee learns nothing about whether a user exists; a manager does.
    assert (await olga.get("/users/5555/recommendations"))[0] == 403
    status, body = await anna.get("/users/5555/recommendations")
    assert (status, body["error"]["code"]) == (404, "not_found")


async def test_admin_ids_may_read_too(
    ivan: User,
    make_settings,
    bot_api: BotAPIServer,
    clock: FrozenClock,
    redis: Redis,
    http: aiohttp.ClientSession,
) -> None:
    settings = make_settings(app={"admin_ids": "9101"})
    async with running_app(settings, bot_api, clock) as application:
        anna = MiniApp(http, f"http://127.0.0.1:{application.port}", clock, ANNA)
        assert (await anna.get(IVANS))[0] == 200


@pytest.mark.parametrize("case", ["missing", "forged", "expired"])
async def test_bad_init_data_is_401(ivan: User, mini_app, clock: FrozenClock, case: str) -> None:
    authorization = {
        "missing": None,
        "forged": "tma " + sign_init_data("1:someone-elses-token", IVAN, auth_date=clock.now()),
        "expired": "tma " + sign_init_data(TOKEN, IVAN, auth_date=clock.now() - timedelta(days=2)),
    }[case]
    status, body = await mini_app(IVAN).get(IVANS, authorization=authorization)
    assert status == 401
    assert body["error"]["code"] in {"unauthorized", "invalid_init_data", "expired_init_data"}


async def test_a_tgid_that_is_not_a_number_is_404(mini_app) -> None:
    status, body = await mini_app(IVAN).get("/users/me/recommendations")
    assert (status, body["error"]["code"]) == (404, "not_found")


async def test_redis_down_is_a_json_503(
    ivan: User,
    make_settings,
    bot_api: BotAPIServer,
    clock: FrozenClock,
    redis: Redis,
    redis_url: str,
    http: aiohttp.ClientSession,
) -> None:
    target = urlsplit(redis_url)
    proxy = await TcpProxy(target.hostname, target.port).start()
    settings = make_settings(
        redis={"url": target._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()}
    )
    try:
        async with running_app(settings, bot_api, clock) as application:
            ivans = MiniApp(http, f"http://127.0.0.1:{application.port}", clock, IVAN)
            assert (await ivans.get(IVANS))[0] == 200
            await proxy.cut()
            status, body = await ivans.get(IVANS)
            assert (status, body["error"]["code"]) == (503, "unavailable")
            await proxy.restore()
            assert (await ivans.get(IVANS))[0] == 200
    finally:
        await proxy.stop()
