"""The OpenAPI document describes exactly the /api/v1 routes the server has."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from aiohttp import web
from openapi_spec_validator import validate

from core.clock import FrozenClock
from db.models import Role, User
from lunchbot.app import Application
from tests.conftest import TOKEN
from web.auth import sign_init_data

METHODS = {"get", "post", "put", "patch", "delete"}
MANAGER = 9302


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


async def test_each_body_is_read_by_the_model_the_document_shows(
    app: Application, app_url: str, clock: FrozenClock
) -> None:
    """Every JSON body a route reads is parsed by the model the document shows: a field the
    document does not name is refused, every field it names is known, and a body without
    fields is told exactly the required ones are missing."""
    await User.create(tgid=MANAGER, name="Мария Схемова", role=Role.MANAGER)
    user = {"id": MANAGER, "first_name": "Мария", "language_code": "ru"}
    authorization = "tma " + sign_init_data(TOKEN, user, auth_date=clock.now())
    async with aiohttp.ClientSession(headers={"Authorization": authorization}) as http:
        async with http.get(f"{app_url}/api/v1/openapi.json") as r:
            document = await r.json()
        schemas = document["components"]["schemas"]
        checked = 0
        for path, item in document["paths"].items():
            url = app_url + "/api/v1" + re.sub(r"{(\w+)}", _path_value, path)
            for method, operation in item.items():
                if method not in METHODS:
                    continue
                content = operation.get("requestBody", {}).get("content", {})
                ref = content.get("application/json", {}).get("schema", {}).get("$ref")
                if ref is None:  # no body, or a file (a menu as JSON is one too)
                    continue
                schema = schemas[ref.rsplit("/", 1)[1]]
                documented = set(schema["properties"])
                required = set(schema.get("required", []))

                body = {"not_documented": 1}
                problems = await _problems(http, method, url, body)
                assert problems == {"not_documented": "unknown field"} | dict.fromkeys(
                    required, "required"
                ), (method, path)

                body = {"not_documented": 1} | dict.fromkeys(documented)
                problems = await _problems(http, method, url, body)
                unknown = {field for field, text in problems.items() if text == "unknown field"}
                assert unknown == {"not_documented"}, (method, path)
                checked += 1
    assert checked >= 7


async def test_each_query_parameter_is_read_by_its_route(
    app: Application, app_url: str, clock: FrozenClock
) -> None:
    """A query parameter the document names is one its route reads and checks: a value none
    of them takes is refused naming that parameter."""
    await User.create(tgid=MANAGER, name="Мария Схемова", role=Role.MANAGER)
    user = {"id": MANAGER, "first_name": "Мария", "language_code": "ru"}
    authorization = "tma " + sign_init_data(TOKEN, user, auth_date=clock.now())
    checked = 0
    async with aiohttp.ClientSession(headers={"Authorization": authorization}) as http:
        async with http.get(f"{app_url}/api/v1/openapi.json") as r:
            document = await r.json()
        for path, item in document["paths"].items():
            url = app_url + "/api/v1" + re.sub(r"{(\w+)}", _path_value, path)
            for method, operation in item.items():
                if method not in METHODS:
                    continue
                for parameter in operation.get("parameters", []):
                    if parameter["in"] != "query":
                        continue
                    name = parameter["name"]
                    async with http.request(method, url, params={name: "x!"}) as r:
                        answer = await r.json()
                    assert r.status == 422, (method, path, name, answer)
                    assert answer["error"]["details"]["field"] == name, (method, path, answer)
                    checked += 1
    assert checked >= 9


def _path_value(match: re.Match[str]) -> str:
    return {"date": "2026-12-10", "tgid": str(MANAGER)}.get(match[1], "1")


async def _problems(
    http: aiohttp.ClientSession, method: str, url: str, body: dict[str, Any]
) -> dict[str, str]:
    async with http.request(method, url, json=body) as r:
        answer = await r.json()
        assert r.status == 422, answer
    error = answer["error"]
    assert error["code"] == "invalid_input", error
    return {problem["field"]: problem["message"] for problem in error["details"]["errors"]}
