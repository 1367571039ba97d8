"""The Mini App: the page Telegram opens from the bot's button, served under /app/.

Static files in `static/` (plain HTML, CSS and ES modules: no build step) and the texts in
`locales/<lang>/miniapp.ftl`, next to the bot's. The page talks to /api/v1 like any client.

Caching: the app's own files have no version in their names, so browsers revalidate them on
every load (`no-cache`; aiohttp answers 304 from the ETag) and a deploy shows at once. The
vendored library lives in a folder named by its version and is cached for good.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from core.i18n import LOCALES_DIR
from services.users import SUPPORTED_LANGUAGES

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ftl": "text/plain; charset=utf-8",
}
REVALIDATE = "no-cache"
FOREVER = "public, max-age=31536000, immutable"

# Telegram's own script is the only thing the page loads from elsewhere; the API is ours.
# Telegram Web shows Mini Apps in an iframe, so framing stays allowed.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' https://telegram.org; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _file(path: Path, cache_control: str) -> web.FileResponse:
    return web.FileResponse(
        path,
        headers={
            "Content-Type": CONTENT_TYPES[path.suffix],
            "Cache-Control": cache_control,
            **SECURITY_HEADERS,
        },
    )


async def to_folder(request: web.Request) -> web.Response:
    """`/app` → `/app/`: the page's relative URLs need the slash (the hash, with the launch
    data, survives a redirect)."""
    raise web.HTTPPermanentRedirect(request.rel_url.with_path("/app/", keep_query=True))


async def asset(request: web.Request) -> web.FileResponse:
    name = request.match_info["path"] or "index.html"
    if "\x00" in name:  # `Path.resolve()` raises ValueError on a NUL
        raise web.HTTPNotFound()
    path = (STATIC / name).resolve()
    if (
        not path.is_relative_to(STATIC)
        or path.suffix not in CONTENT_TYPES
        or any(part.startswith(".") for part in path.relative_to(STATIC).parts)
        or not path.is_file()
    ):
        raise web.HTTPNotFound()
    return _file(path, FOREVER if path.is_relative_to(VENDOR) else REVALIDATE)


async def texts(request: web.Request) -> web.FileResponse:
    return _file(LOCALES_DIR / request.match_info["lang"] / "miniapp.ftl", REVALIDATE)


def setup(app: web.Application) -> None:
    app.router.add_get("/app", to_folder)
    app.router.add_get(f"/app/locales/{{lang:{'|'.join(SUPPORTED_LANGUAGES)}}}.ftl", texts)
    app.router.add_get("/app/{path:.*}", asset)
