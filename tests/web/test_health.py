"""/healthz, /readyz (really checking PostgreSQL, Redis, Kafka) and /metrics."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import aiohttp
import pytest

from core.config import Settings
from db import init_db
from lunchbot.app import Application
from sandbox.kafka import TansuBroker
from sandbox.telegram import BotAPIServer
from tests.support.app import running_app
from tests.support.proxy import TcpProxy


async def _get(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.json()


async def test_healthz_and_readyz(app: Application, app_url: str) -> None:
    assert await _get(f"{app_url}/healthz") == (200, {"status": "ok"})
    status, body = await _get(f"{app_url}/readyz")
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


async def test_metrics_are_prometheus_text(app: Application, app_url: str) -> None:
    await _get(f"{app_url}/healthz")
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    assert 'lunchbot_http_request_seconds_count{route="/healthz",status="200"}' in text


@pytest.mark.parametrize("service", ["redis", "database"])
async def test_readyz_names_the_service_that_went_away(
    service: str,
    make_settings: Callable[..., Settings],
    bot_api: BotAPIServer,
    redis_url: str,
    database_url: str,
) -> None:
    """The app reaches Redis (or PostgreSQL) through a proxy we can cut, like a stopped server."""
    target = urlsplit(redis_url if service == "redis" else database_url)
    proxy = await TcpProxy(target.hostname, target.port).start()
    user = f"{target.username}@" if target.username else ""
    via_proxy = target._replace(netloc=f"{user}127.0.0.1:{proxy.port}").geturl()
    section = "redis" if service == "redis" else "database"
    settings = make_settings(**{section: {"url": via_proxy}})
    try:
        async with running_app(settings, bot_api) as application:
            if service == "database":
                # The harness owns the ORM connection: route it through the proxy for now.
                await init_db(via_proxy)
            url = f"http://127.0.0.1:{application.port}/readyz"
            assert (await _get(url))[0] == 200
            await proxy.cut()
            status, body = await _get(url)
            assert status == 503
            assert body["status"] == "unavailable"
            assert body["checks"][service].startswith("error")
            other = "database" if service == "redis" else "redis"
            assert body["checks"][other] == "ok"
            await proxy.restore()
            assert (await _get(url))[0] == 200
    finally:
        await proxy.stop()
        if service == "database":
            await init_db(database_url)


async def test_readyz_checks_kafka_when_configured(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer, kafka: TansuBroker
) -> None:
    settings = make_settings(kafka={"broker_url": kafka.bootstrap_servers})
    async with running_app(settings, bot_api) as application:
        status, body = await _get(f"http://127.0.0.1:{application.port}/readyz")
    assert status == 200
    assert body["checks"]["kafka"] == "ok"


async def test_readyz_fails_when_kafka_is_unreachable(
    make_settings: Callable[..., Settings], bot_api: BotAPIServer
) -> None:
    settings = make_settings(kafka={"broker_url": "127.0.0.1:1"})
    async with running_app(settings, bot_api) as application:
        status, body = await _get(f"http://127.0.0.1:{application.port}/readyz")
    assert status == 503
    assert body["checks"]["kafka"].startswith("error")
