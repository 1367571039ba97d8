"""The aiohttp application: health, metrics, the Mini App and its API and (in webhook mode) the
webhook, all on one port."""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Any

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from web import miniapp
from web.api import create_api
from web.api.deps import APP
from web.health import healthz, metrics_view, readiness

if TYPE_CHECKING:
    from bot.app import Application

# Telegram updates are small; anything this big is not one. The API has its own 64 KiB limit.
MAX_BODY = 1024 * 1024


def _metrics_middleware(app: Application) -> Any:
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
            app.metrics.http_requests.labels(name, str(status)).observe(
                time.perf_counter() - started
            )

    return measure


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler, but a secret header with non-ASCII bytes is a wrong secret (401),
    not a TypeError from `secrets.compare_digest` (500), and a body that is not JSON is 400."""

    def verify_secret(self, telegram_secret_token: str, bot: Any) -> bool:
        if not self.secret_token:
            return True
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return secrets.compare_digest(given, self.secret_token.encode())

    async def handle(self, request: web.Request) -> web.Response:
        try:
            return await super().handle(request)
        except (ValueError, RecursionError):  # json.JSONDecodeError, a 5,000-digit number…
            return web.Response(text="Bad Request: the body is not an update", status=400)


async def _server_header(_: web.Request, response: web.StreamResponse) -> None:
    # aiohttp would name itself and Python with their versions.
    response.headers["Server"] = "lunchbot"


def create_web_app(app: Application) -> web.Application:
    web_app = web.Application(client_max_size=MAX_BODY, middlewares=[_metrics_middleware(app)])
    web_app.on_response_prepare.append(_server_header)
    web_app[APP] = app
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readiness(app))
    web_app.router.add_get("/metrics", metrics_view(app))
    web_app.add_subapp("/api/v1", create_api())
    miniapp.setup(web_app)
    if app.settings.telegram.mode == "webhook":
        secret = app.settings.webhook.secret
        WebhookHandler(
            dispatcher=app.dispatcher,
            bot=app.bot,
            # Answer Telegram only after the update was handled: if the process dies midway,
            # Telegram delivers the update again instead of it being lost.
            handle_in_background=False,
            secret_token=secret.get_secret_value() if secret else None,
        ).register(web_app, path=app.settings.webhook.path)
        setup_application(web_app, app.dispatcher, bot=app.bot)
    return web_app
