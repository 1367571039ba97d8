"""The Mini App's files as the web server serves them under /app/: types, caching, and
nothing beyond them."""

from __future__ import annotations

import aiohttp
import pytest
from yarl import URL

VENDORED = "/app/vendor/fluent-bundle-0.19.1/index.js"


@pytest.mark.parametrize(
    ("path", "content_type", "cache_control"),
    [
        ("/app/", "text/html; charset=utf-8", "no-cache"),
        ("/app/index.html", "text/html; charset=utf-8", "no-cache"),
        ("/app/app.css", "text/css; charset=utf-8", "no-cache"),
        ("/app/js/main.js", "text/javascript; charset=utf-8", "no-cache"),
        ("/app/locales/ru.ftl", "text/plain; charset=utf-8", "no-cache"),
        ("/app/locales/en.ftl", "text/plain; charset=utf-8", "no-cache"),
        (VENDORED, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
    ],
)
async def test_the_page_and_its_files(
    app_url: str, path: str, content_type: str, cache_control: str
) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}{path}") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == content_type
        assert response.headers["Cache-Control"] == cache_control
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert (
            "script-src 'self' https://telegram.org;" in response.headers["Content-Security-Policy"]
        )
        # Revalidating an unchanged file costs a 304 and no body.
        etag = response.headers["ETag"]
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{app_url}{path}", headers={"If-None-Match": etag}) as again,
    ):
        assert again.status == 304


async def test_the_page_loads_telegrams_script_without_waiting_for_it(app_url: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}/app/") as response:
        page = await response.text()
    assert '<script async src="https://telegram.org/js/telegram-web-app.js"' in page
    assert '<script type="module" src="./js/main.js">' in page


async def test_app_without_the_slash_redirects_with_its_query(app_url: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{app_url}/app?startapp=menu", allow_redirects=False) as response,
    ):
        assert response.status == 308
        assert response.headers["Location"] == "/app/?startapp=menu"


@pytest.mark.parametrize(
    "path",
    [
        "/app/../web/app.py",
        "/app/%2e%2e/__init__.py",
        "/app/..%2f..%2fpyproject.toml",
        "/app/js/",
        "/app/missing.js",
        "/app/vendor/fluent-bundle-0.19.1/package.npm.json",  # kept for the record, not served
        "/app/locales/de.ftl",
        "/app/locales/../../locales/ru/common.ftl",
    ],
)
async def test_nothing_else_is_served(app_url: str, path: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(URL(f"{app_url}{path}", encoded=True), allow_redirects=False) as response,
    ):
        assert response.status == 404, path
