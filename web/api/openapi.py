"""The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json.

Each route module declares the paths it serves in a `PATHS` dict (OpenAPI path items, paths
relative to /api/v1) next to its handlers, naming the models its routes parse and answer
with (`request_body`, `json_response`, `query_parameters`); the schemas are generated from
those models when the document is built, so they cannot drift from what the routes do.
`tests/web/test_openapi.py` checks that the document and the real routes agree, so the API
can be fuzzed from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema

from web.api.models import Id
from web.errors import Error

REF = "#/components/schemas/{model}"


class _Schemas(GenerateJsonSchema):
    # A property is named by its key; pydantic's "Cafe Id" titles would only repeat it.
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


@dataclass(frozen=True)
class Schema:
    """A model where the document shows a schema: a `$ref` to it once the document is built
    (`validation`: what a route accepts; `serialization`: what it answers)."""

    model: type[BaseModel]
    mode: JsonSchemaMode


def request_body(model: type[BaseModel], *, required: bool = True) -> dict[str, Any]:
    return {
        "required": required,
        "content": {"application/json": {"schema": Schema(model, "validation")}},
    }


def json_response(description: str, model: type[BaseModel]) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": Schema(model, "serialization")}},
    }


def error_response(description: str) -> dict[str, Any]:
    return json_response(description, Error)


# The answers every authenticated operation can give.
AUTH_ERRORS = {
    "401": error_response("initData missing, invalid or expired"),
    "403": error_response("Not allowed for this user"),
}


def path_parameter(name: str, description: str, kind: Any = Id) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": TypeAdapter(kind).json_schema(schema_generator=_Schemas),
    }


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The parameters a route reads with `parse(model, request.query)`."""
    schema = model.model_json_schema(schema_generator=_Schemas)
    definitions = schema.get("$defs", {})
    parameters = []
    for name, field in schema["properties"].items():
        parameter = {"name": name, "in": "query", "required": name in schema.get("required", [])}
        if "description" in field:
            parameter["description"] = field.pop("description")
        parameter["schema"] = _inline(field, definitions)
        parameters.append(parameter)
    return parameters


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    """A query parameter's schema with its enums written out (it has no component of its own)."""
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _inline(definitions[node["$ref"].rsplit("/", 1)[1]], definitions)
    return {key: _inline(value, definitions) for key, value in node.items()}


def _schemas_in(node: Any) -> set[Schema]:
    if isinstance(node, Schema):
        return {node}
    if isinstance(node, dict):
        return set().union(*(_schemas_in(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_schemas_in(value) for value in node))
    return set()


def _resolve(node: Any, refs: dict[Schema, Any]) -> Any:
    if isinstance(node, Schema):
        return refs[node]
    if isinstance(node, dict):
        return {key: _resolve(value, refs) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value, refs) for value in node]
    return node


def build_document(path_sets: list[dict[str, Any]]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path_set in path_sets:
        for path, item in path_set.items():
            paths.setdefault(path, {}).update(item)
    schemas = sorted(_schemas_in(paths), key=lambda s: (s.model.__name__, s.mode))
    generated, definitions = models_json_schema(
        [(s.model, s.mode) for s in schemas], ref_template=REF, schema_generator=_Schemas
    )
    refs = {s: generated[(s.model, s.mode)] for s in schemas}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lunch bot Mini App API",
            "version": "1",
            "description": (
                "Authenticate every call with `Authorization: tma <initData>` — the Mini App's "
                "Telegram launch data, checked with the bot token and INIT_DATA_MAX_AGE."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"tma": []}],
        "paths": _resolve(dict(sorted(paths.items())), refs),
        "components": {
            "securitySchemes": {
                "tma": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`tma <initData>`",
                }
            },
            "schemas": definitions.get("$defs", {}),
        },
    }


def openapi_view(path_sets: list[dict[str, Any]]) -> Any:
    # Built on the first request: generating every model's schema is work which
    # every start (and every test's app) would pay for a document few ask for.
    document: dict[str, Any] = {}

    async def openapi(_: web.Request) -> web.Response:
        if not document:
            document.update(build_document(path_sets))
        return web.json_response(document)

    return openapi
