"""The Mini App API under /api/v1: JSON in, JSON out, initData auth.

One module per feature, each with `setup(api)` adding its routes and `PATHS` describing them
for the OpenAPI document. Routes stay thin: parse, call a service, shape the answer.
"""

from __future__ import annotations

from aiohttp import web

from web.api import cafes, links, me, menus, office, orders, recommendations, reports
from web.api.openapi import openapi_view
from web.errors import json_errors

FEATURES = [me, cafes, menus, orders, recommendations, links, reports, office]


def create_api() -> web.Application:
    api = web.Application(middlewares=[json_errors])
    for feature in FEATURES:
        feature.setup(api)
    api.router.add_get("/openapi.json", openapi_view([f.PATHS for f in FEATURES]))
    return api
