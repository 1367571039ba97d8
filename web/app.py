"""The aiohttp application: health, metrics, the Mini App and its API, on one port (in
webhook mode the composition root mounts the bot's webhook on it too: `bot.webhook`)."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web
from redis.asyncio import Redis

from core.clock import Clock
from core.config import Settings
from core.events import EventBus
from core.i18n import Translator
from core.metrics import Metrics
from core.ratelimit import RateLimiter
from services.links import LinkService
from services.menu_admin import MenuAdmin
from services.menus import MenuService
from services.office import OfficeService
from services.ordering import OrderingService
from services.ports import ChatLookup, OrderNotifier
from services.recommendations.service import RecommendationService
from services.roster import RosterService
from services.users import UserService
from web import keys, miniapp
from web.api import create_api
from web.health import healthz, metrics_view, readyz

# Telegram updates are small; anything this big is not one. The API has its own 64 KiB limit.
MAX_BODY = 1024 * 1024


def _metrics_middleware(metrics: Metrics) -> Any:
    @web.middleware
    async def measure(request: web.Request, handler: Any) -> web.StreamResponse:
        started = time.perf_counter()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as error:
            status = error.status
            raise
        finally:
            route = request.match_info.route.resource
            name = route.canonical if route is not None else "unmatched"
            metrics.http_requests.labels(name, str(status)).observe(time.perf_counter() - started)

    return measure


async def _server_header(_: web.Request, response: web.StreamResponse) -> None:
    # aiohttp would name itself and Python with their versions.
    response.headers["Server"] = "lunchbot"


def create_web_app(
    *,
    settings: Settings,
    clock: Clock,
    metrics: Metrics,
    translator: Translator,
    redis: Redis,
    bus: EventBus,
    users: UserService,
    menus: MenuService,
    menu_admin: MenuAdmin,
    ordering: OrderingService,
    links: LinkService,
    recommendations: RecommendationService,
    office: OfficeService,
    roster: RosterService,
    chats: ChatLookup,
    confirmations: OrderNotifier,
) -> web.Application:
    web_app = web.Application(client_max_size=MAX_BODY, middlewares=[_metrics_middleware(metrics)])
    web_app.on_response_prepare.append(_server_header)
    web_app[keys.SETTINGS] = settings
    web_app[keys.CLOCK] = clock
    web_app[keys.METRICS] = metrics
    web_app[keys.TRANSLATOR] = translator
    web_app[keys.REDIS] = redis
    web_app[keys.BUS] = bus
    web_app[keys.LIMITER] = RateLimiter(redis)
    web_app[keys.USERS] = users
    web_app[keys.MENUS] = menus
    web_app[keys.MENU_ADMIN] = menu_admin
    web_app[keys.ORDERING] = ordering
    web_app[keys.LINKS] = links
    web_app[keys.RECOMMENDATIONS] = recommendations
    web_app[keys.OFFICE] = office
    web_app[keys.ROSTER] = roster
    web_app[keys.CHATS] = chats
    web_app[keys.CONFIRMATIONS] = confirmations
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics_view)
    web_app.add_subapp("/api/v1", create_api())
    miniapp.setup(web_app)
    return web_app
