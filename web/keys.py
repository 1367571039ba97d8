"""One typed key per object the routes use, set by `web.app.create_web_app` from what the
composition root hands it; a route reads `request.config_dict[LINKS]` and gets a
`LinkService`."""

from __future__ import annotations

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

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
METRICS = web.AppKey("metrics", Metrics)
TRANSLATOR = web.AppKey("translator", Translator)
REDIS = web.AppKey("redis", Redis)
BUS = web.AppKey("bus", EventBus)
LIMITER = web.AppKey("limiter", RateLimiter)

USERS = web.AppKey("users", UserService)
MENUS = web.AppKey("menus", MenuService)
MENU_ADMIN = web.AppKey("menu_admin", MenuAdmin)
ORDERING = web.AppKey("ordering", OrderingService)
LINKS = web.AppKey("links", LinkService)
RECOMMENDATIONS = web.AppKey("recommendations", RecommendationService)
OFFICE = web.AppKey("office", OfficeService)
ROSTER = web.AppKey("roster", RosterService)

# Ports the bot implements (`services.ports`).
CHATS = web.AppKey("chats", ChatLookup)
CONFIRMATIONS = web.AppKey("confirmations", OrderNotifier)
