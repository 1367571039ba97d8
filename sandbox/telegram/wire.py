"""Reading a Bot API call's parameters the way Telegram does, whichever way aiogram sent them."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from aiohttp import web

from sandbox.telegram.errors import Json
from sandbox.telegram.state import UploadedFile

# aiogram sends strings raw and everything else JSON-encoded, so "123" is an int
# unless the parameter is textual by nature (a message text may well be "123").
_TEXT_PARAMS = frozenset(
    (
        "text caption parse_mode url secret_token ip_address inline_message_id "
        "callback_query_id inline_query_id shipping_query_id pre_checkout_query_id "
        "business_connection_id message_effect_id language_code title description "
        "short_description name custom_title question explanation emoji sticker_set_name "
        "game_short_name start_parameter payload currency provider_token first_name last_name "
        "phone_number vcard address error_message gift_id photo document video audio "
        "animation voice video_note sticker thumbnail"
    ).split()
)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def decode(key: str, raw: Any) -> Any:
    if not isinstance(raw, str) or key in _TEXT_PARAMS:
        return raw
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        return raw
    return raw if isinstance(value, str) else value


async def read_request(request: web.Request) -> Json:
    """A call's parameters: query string, then a JSON, urlencoded or multipart body."""
    params: Json = {key: decode(key, value) for key, value in request.query.items()}
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.json()  # JSON bodies are already typed
        if isinstance(body, dict):
            params.update(body)
        return params
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            params[key] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            params[key] = decode(key, value)
    return params


async def read_reply(response: aiohttp.ClientResponse) -> Json:
    """A method call a webhook answered with (``method`` among the parameters), or {}."""
    params: Json = {}
    if response.content_type == "multipart/form-data":
        reader = aiohttp.MultipartReader(response.headers, response.content)
        while (part := await reader.next()) is not None:
            if isinstance(part, aiohttp.BodyPartReader) and part.name:
                if part.filename:
                    data = bytes(await part.read())
                    params[part.name] = UploadedFile(part.filename, "", data)
                else:
                    params[part.name] = decode(part.name, await part.text())
    elif response.content_type == "application/json":
        body = await response.json()
        params = body if isinstance(body, dict) else {}
    return params
