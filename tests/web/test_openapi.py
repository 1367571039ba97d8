"""The OpenAPI document describes exactly the /api/v1 routes the server has."""

from __future__ import annotations

import re

import aiohttp
from aiohttp import web
from openapi_spec_validator import validate

from lunchbot.app import Application

METHODS = {"get", "post", "put", "patch", "delete"}


def _served_routes(app: Application) -> set[tuple[str, str]]:
    (api,) = [
        resource.get_info()["app"]
        for resource in app.web.router.resources()
        if isinstance(resource, web.PrefixedSubAppResource)
    ]
    return {
        (route.method.lower(), route.resource.canonical.removeprefix("/api/v1"))
        for route in api.router.routes()
        if route.method.lower() in METHODS and route.resource is not None
    } - {("get", "/openapi.json")}


async def test_the_document_matches_the_routes(app: Application, app_url: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}/api/v1/openapi.json") as r:
        assert r.status == 200
        document = await r.json()
    assert document["openapi"].startswith("3.")
    documented = {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }
    assert documented == _served_routes(app)
    for path, item in document["paths"].items():
        for name in re.findall(r"{(\w+)}", path):
            for method, operation in item.items():
                if method not in METHODS:
                    continue
                params = item.get("parameters", []) + operation.get("parameters", [])
                assert any(p["name"] == name and p["in"] == "path" for p in params), (method, path)


async def test_the_document_is_valid_openapi(app: Application, app_url: str) -> None:
    """Fuzzers (schemathesis) and client generators read it: it must follow the OpenAPI spec."""
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}/api/v1/openapi.json") as r:
        validate(await r.json())
