"""The sandbox's browser UI: a minimal Telegram client for the Bot API double.

The page (`static/`) lists the sandbox's chats and shows each as the bot wrote it; what the
visitor does there becomes a real update, delivered to the application's webhook by the
double, so every click runs the product's own handlers. The page stays current through a
WebSocket fed by `BotAPIServer.subscribe()`.

JSON over HTTP, for the page:

- `GET /api/state`: the bot, the chats with their messages, the cafes' next delivery days;
- `POST /api/chats/{id}/messages` `{"text"}`: the chat's user writes it;
- `POST /api/chats/{id}/press` `{"message_id", "data"}`: presses an inline button;
- `POST /api/chats/{id}/add-bot` `{"link"}`: opens a `startgroup` deep link into this group;
- `GET /api/files/{file_id}`: a document the bot sent (or someone uploaded), to save;
- `POST /api/chats/{id}/documents`: the chat's user sends a file — a multipart `file`, or
  `{"file_id"}` to send back a document as it is (the menu download → upload unchanged);
- `GET /api/miniapp/{tgid}`: the Mini App's URL with launch data signed now for that person;
- `POST /api/cafes/{id}/deadline` `{"date", "force"}`: the cafe's deadline passes now;
- `POST /api/recommendations`: the nightly advice batch, now, for everyone eligible;
- `POST /api/reminders`: the reminders of the soonest open delivery date go out now (to who
  has not ordered; once per person and date, as always);
- `GET /ws`: the live events.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from aiohttp import WSMsgType, web

from core.logging import get_logger
from sandbox.telegram import ButtonNotFound, WebhookDeliveryError
from services.errors import ConflictError, NotFoundError

if TYPE_CHECKING:
    from sandbox.runner import Chat, Sandbox

log = get_logger(__name__)

STATIC = Path(__file__).parent / "static"
SANDBOX = web.AppKey("sandbox", object)
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
routes = web.RouteTableDef()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _json(value: Any, status: int = 200) -> web.Response:
    return web.json_response(value, status=status, dumps=_dumps)


def _problem(status: int, message: str, **extra: Any) -> web.Response:
    return _json({"error": message, **extra}, status)


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]  # type: ignore[return-value]


def _chat(request: web.Request) -> Chat:
    chats = _sandbox(request).chats
    try:
        return chats[int(request.match_info["chat_id"])]
    except (KeyError, ValueError):
        raise web.HTTPNotFound(text="no such chat") from None


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="expected a JSON object") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


def _chat_view(chat: Chat, sandbox: Sandbox) -> dict[str, Any]:
    return {
        "id": chat.id,
        "title": chat.title,
        "kind": chat.kind,
        "user": chat.user.telegram_user(),
        "user_name": chat.user.name,
        "cafe_id": chat.cafe_id,
        "messages": sandbox.telegram.messages(chat.id, include_user=True),
    }


@routes.get("/")
async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


@routes.get("/api/state")
async def state(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    assert sandbox.app is not None
    days = {
        summary.cafe.id: summary.next_day for summary in await sandbox.app.services.menus.cafes()
    }
    chats = [_chat_view(chat, sandbox) for chat in sandbox.chats.values()]
    for chat in chats:
        chat["next_day"] = days.get(chat["cafe_id"])
    return _json(
        {
            "bot": sandbox.telegram.bot_user,
            "chats": chats,
            "deadline_control": hasattr(sandbox.app, "outbox"),
        }
    )


@routes.post("/api/chats/{chat_id}/messages")
async def send_message(request: web.Request) -> web.Response:
    chat, sandbox = _chat(request), _sandbox(request)
    text = (await _body(request)).get("text")
    if not isinstance(text, str) or not text.strip():
        return _problem(400, "write something first")
    try:
        update = await sandbox.telegram.send_text(chat.id, chat.user.telegram_user(), text)
    except WebhookDeliveryError as error:
        return _problem(502, f"the bot did not take the message: {error}")
    return _json({"message": update["message"]})


@routes.post("/api/chats/{chat_id}/press")
async def press(request: web.Request) -> web.Response:
    chat, sandbox = _chat(request), _sandbox(request)
    body = await _body(request)
    try:
        await sandbox.telegram.press(
            chat.id,
            int(body.get("message_id", 0)),
            str(body.get("data", "")),
            from_user=chat.user.telegram_user(),
        )
    except ButtonNotFound as error:
        return _problem(404, str(error))
    except WebhookDeliveryError as error:
        return _problem(502, f"the bot did not take the click: {error}")
    return _json({"ok": True})


@routes.get("/api/files/{file_id}")
async def download_file(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    file_id = request.match_info["file_id"]
    try:
        data = sandbox.telegram.file_bytes(file_id)
    except KeyError:
        return _problem(404, "no such file")
    name = re.sub(r"[^\w.-]", "_", request.query.get("name") or "file")
    return web.Response(
        body=data,
        content_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@routes.post("/api/chats/{chat_id}/documents")
async def send_document(request: web.Request) -> web.Response:
    chat, sandbox = _chat(request), _sandbox(request)
    if request.content_type == "multipart/form-data":
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return _problem(400, "choose a file first")
        name, data = upload.filename, upload.file.read()
    else:
        body = await _body(request)
        try:
            data = sandbox.telegram.file_bytes(str(body.get("file_id", "")))
        except KeyError:
            return _problem(404, "no such file")
        name = str(body.get("name") or "file")
    try:
        update = await sandbox.telegram.send_document(
            chat.id, chat.user.telegram_user(), name, data
        )
    except WebhookDeliveryError as error:
        return _problem(502, f"the bot did not take the file: {error}")
    return _json({"message": update["message"]})


def startgroup_payload(link: str, bot_username: str) -> str:
    """The payload of `https://t.me/<bot>?startgroup=<payload>` (or `tg://resolve?...`), if
    the link is this bot's."""
    parts = urlsplit(link.strip())
    query = parse_qs(parts.query)
    if parts.scheme == "tg":
        domain = (query.get("domain") or [""])[0]
    else:
        domain = parts.path.strip("/")
        if parts.netloc.lower() not in ("t.me", "telegram.me"):
            raise ValueError("that is not a t.me link")
    if domain.lower() != bot_username.lower():
        raise ValueError(f"that link is for @{domain or '?'}, not for @{bot_username}")
    if "startgroup" not in query:
        raise ValueError("that link has no startgroup=… part")
    payload = query["startgroup"][0]
    if not _PAYLOAD.match(payload):
        raise ValueError("the startgroup code is malformed")
    return payload


@routes.post("/api/chats/{chat_id}/add-bot")
async def add_bot(request: web.Request) -> web.Response:
    chat, sandbox = _chat(request), _sandbox(request)
    if chat.kind != "cafe":
        return _problem(400, "bots are added to groups")
    link = (await _body(request)).get("link")
    try:
        payload = startgroup_payload(str(link or ""), sandbox.telegram.bot_user["username"])
    except ValueError as error:
        return _problem(400, str(error))
    try:
        await sandbox.telegram.open_startgroup(
            chat.id, payload, from_user=chat.user.telegram_user()
        )
    except WebhookDeliveryError as error:
        return _problem(502, f"the bot did not take it: {error}")
    return _json({"ok": True})


@routes.get("/api/miniapp/{tgid}")
async def mini_app(request: web.Request) -> web.Response:
    try:
        url = _sandbox(request).mini_app_url(int(request.match_info["tgid"]))
    except (KeyError, ValueError):
        return _problem(404, "no such person in the sandbox")
    return _json({"url": url})


@routes.post("/api/cafes/{cafe_id}/deadline")
async def fire_deadline(request: web.Request) -> web.Response:
    """The cafe's deadline for `date` (default: its next delivery day) passes now: the
    deadline outbox records it and publishes `deadline.passed`, and the application's own
    consumer posts the orders to the cafe's chat."""
    sandbox = _sandbox(request)
    assert sandbox.app is not None
    outbox = getattr(sandbox.app, "outbox", None)
    if outbox is None:
        return _problem(501, "this build has no deadline outbox (Application.outbox) yet")
    body = await _body(request)
    try:
        cafe_id = int(request.match_info["cafe_id"])
        day = dt.date.fromisoformat(body["date"]) if body.get("date") else None
    except ValueError:
        return _problem(400, "cafe id must be a number, date YYYY-MM-DD")
    if day is None:
        days = {s.cafe.id: s.next_day for s in await sandbox.app.services.menus.cafes()}
        day = days.get(cafe_id)
        if day is None:
            return _problem(404, "that cafe delivers on no day")
    try:
        # "Fire the deadline now": before the real one, on purpose.
        await outbox.fire(cafe_id, day, force=bool(body.get("force")), early=True)
    except NotFoundError as error:
        return _problem(404, error.message)
    except ConflictError as error:
        return _problem(409, error.message, date=day.isoformat())
    return _json({"cafe_id": cafe_id, "date": day.isoformat()})


@routes.post("/api/recommendations")
async def recommendations(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    assert sandbox.app is not None
    report = await sandbox.app.services.recommendation_batch.run(force=True)
    return _json({**report.summary(), "message": report.message})


@routes.post("/api/reminders")
async def reminders(request: web.Request) -> web.Response:
    """What `REMINDER_MINUTES` before the day's first deadline does, now, for the soonest open
    delivery date."""
    sandbox = _sandbox(request)
    assert sandbox.app is not None
    result = await sandbox.app.reminders.tick(now_for_the_next=True)
    return _json(
        {
            "created": result.created,
            "sent": result.sent,
            "skipped": result.skipped,
            "failed": result.failed,
        }
    )


def _live(event: dict[str, Any]) -> dict[str, Any] | None:
    """What the page needs of a double's event: messages as they change, and the toasts
    that answered a button."""
    if event["type"] == "message":
        return {k: event[k] for k in ("action", "chat_id", "message_id", "message")}
    if event["type"] == "update":
        message = event["update"].get("message")
        if message and message.get("text"):
            return {
                "action": "sent",
                "chat_id": message["chat"]["id"],
                "message_id": message["message_id"],
                "message": message,
            }
        return None
    if event["type"] == "call" and event["method"] == "answerCallbackQuery":
        text = event.get("params", {}).get("text")
        return {"action": "toast", "text": text} if isinstance(text, str) and text else None
    return None


@routes.get("/ws")
async def live(request: web.Request) -> web.WebSocketResponse:
    sandbox = _sandbox(request)
    socket = web.WebSocketResponse(heartbeat=20)
    await socket.prepare(request)
    queue = sandbox.telegram.subscribe()

    async def forward() -> None:
        while True:
            shown = _live(await queue.get())
            if shown is not None:
                await socket.send_str(_dumps(shown))

    sender = asyncio.create_task(forward(), name="sandbox-ui-live")
    try:
        async for message in socket:  # the page sends nothing; this waits for the close
            if message.type == WSMsgType.ERROR:
                break
    finally:
        sandbox.telegram.unsubscribe(queue)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await sender
    return socket


async def _revalidate(request: web.Request, response: web.StreamResponse) -> None:
    # A new version of the page must show at the next reload, not when a heuristic expires.
    response.headers.setdefault("Cache-Control", "no-cache")


def create_ui(sandbox: Sandbox) -> web.Application:
    app = web.Application()
    app[SANDBOX] = sandbox
    app.on_response_prepare.append(_revalidate)
    app.add_routes(routes)
    app.router.add_static("/static/", STATIC, append_version=False)
    return app


async def start_ui(sandbox: Sandbox, host: str, port: int) -> web.AppRunner:
    # Live sockets are closed on cleanup rather than waited for.
    runner = web.AppRunner(create_ui(sandbox), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    if port == 0:
        sandbox.ui_port = runner.addresses[0][1]
    return runner
