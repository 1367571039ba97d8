"""getFile, sendDocument and the download route /file/bot<token>/<file_path>.

Users send documents with ``BotAPIServer.send_document()``."""

from __future__ import annotations

from aiohttp import web

from sandbox.telegram.errors import ApiError, Json
from sandbox.telegram.messages import check_text
from sandbox.telegram.state import State, UploadedFile, public


def get_file(state: State, params: Json) -> Json:
    file_id = str(params.get("file_id") or "")
    file = state.files.get(file_id)
    if file is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return {
        "file_id": file_id,
        "file_unique_id": state.files.unique_id(file_id),
        "file_size": len(file.data),
        "file_path": state.files.path(file_id),
    }


def send_document(state: State, params: Json) -> Json:
    chat = state.writable_chat(params.get("chat_id"))
    upload = params.get("document")
    if isinstance(upload, str) and upload.startswith("attach://"):
        upload = params.get(upload.removeprefix("attach://"))  # the file in its own part
    if isinstance(upload, UploadedFile):
        document = state.files.keep(upload)
    elif isinstance(upload, str) and state.files.get(upload) is not None:  # a re-send by file_id
        document = state.files.document(upload)
    else:
        raise ApiError(400, "Bad Request: there is no document in the request")
    if params.get("caption"):
        check_text(params["caption"], params.get("parse_mode"))
    message = state.new_bot_message(chat, document=document)
    for key in ("caption", "parse_mode", "reply_markup"):
        if key in params:
            message[key] = params[key]
    state.store(message, "sent")
    return public(message)


def download(state: State, token: str, request: web.Request) -> web.Response:
    if request.match_info["token"] != token:
        return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
    file = state.files.at(request.match_info["path"])
    if file is None:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)
    return web.Response(body=file.data, content_type="application/octet-stream")


METHODS = {"getFile": get_file, "sendDocument": send_document}
